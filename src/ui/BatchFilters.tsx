import { MARKER_COLORS } from './markerColors';

interface Props {
  text: string;
  color: number | null;
  onChange: (patch: { filterText?: string; filterColor?: number | null }) => void;
}

/** Narrow the markers by name (or prompt) text and by colour. */
export function BatchFilters({ text, color, onChange }: Props) {
  return (
    <div className="ltx-filters">
      <input
        className="ltx-input"
        type="text"
        placeholder="Filter by name or prompt"
        aria-label="Filter markers by name or prompt"
        data-testid="batch-filter-text"
        value={text}
        onChange={(e) => onChange({ filterText: e.target.value })}
      />
      <div className="ltx-swatches" role="group" aria-label="Filter by marker colour">
        <button
          type="button"
          className={color === null ? 'ltx-swatch-all ltx-selected' : 'ltx-swatch-all'}
          aria-pressed={color === null}
          data-testid="batch-filter-color-all"
          onClick={() => onChange({ filterColor: null })}
        >
          All
        </button>
        {MARKER_COLORS.map((c, i) => (
          <button
            key={c.name}
            type="button"
            className={color === i ? 'ltx-swatch ltx-selected' : 'ltx-swatch'}
            style={{ backgroundColor: c.hex }}
            title={c.name}
            aria-label={c.name}
            aria-pressed={color === i}
            data-testid={`batch-filter-color-${i}`}
            onClick={() => onChange({ filterColor: color === i ? null : i })}
          />
        ))}
      </div>
    </div>
  );
}
