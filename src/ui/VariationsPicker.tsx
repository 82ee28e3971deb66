import { VARIATIONS_MAX } from '../domain/limits';
import { UxpSelect } from './UxpSelect';

const COUNTS = Array.from({ length: VARIATIONS_MAX }, (_, i) => i + 1);

/** Retake x N: how many takes of the same plan one Retake starts, each a separate charge. */
export function VariationsPicker({ value, onChange }: { value: number; onChange: (count: number) => void }) {
  return (
    <div className="ltx-field ltx-field-narrow">
      <span className="ltx-label" id="ltx-variations-label">
        Takes
      </span>
      <UxpSelect className="ltx-select" data-testid="variations" aria-labelledby="ltx-variations-label" value={String(value)} onChange={(e) => onChange(Number(e.target.value))}>
        {COUNTS.map((n) => (
          <option key={n} value={String(n)}>
            {n === 1 ? '1 take' : `${n} takes`}
          </option>
        ))}
      </UxpSelect>
      <span className="ltx-hint">{value > 1 ? `${value} takes of the same plan, each billed: ${value} times the cost.` : 'One take. Choose more to compare variations.'}</span>
    </div>
  );
}
