import type { ExtraPlacement } from '../domain/plan';
import { UxpSelect } from './UxpSelect';

export const HANDLE_CHOICES = [0, 1, 2, 3, 4, 5];

export const EXTRA_LABELS: Record<ExtraPlacement, string> = {
  after: 'after the out point',
  before: 'before the in point',
  split: 'split around the marks',
};

interface Props {
  handleSeconds: number;
  extraPlacement: ExtraPlacement;
  onChange: (patch: { handleSeconds?: number; extraPlacement?: ExtraPlacement }) => void;
  testIdPrefix?: string;
}

/** Context handles (seen by the model and billed) and where the whole-second remainder goes. */
export function ContextPicker({ handleSeconds, extraPlacement, onChange, testIdPrefix = '' }: Props) {
  const p = testIdPrefix;
  return (
    <div className="ltx-inline-fields">
      <div className="ltx-field ltx-field-narrow">
        <span className="ltx-label" id={`ltx-${p}handles-label`}>
          Context each side
        </span>
        <UxpSelect
          className="ltx-select"
          data-testid={`${p}handles`}
          aria-labelledby={`ltx-${p}handles-label`}
          value={String(handleSeconds)}
          onChange={(e) => onChange({ handleSeconds: Number(e.target.value) })}
        >
          {HANDLE_CHOICES.map((s) => (
            <option key={s} value={String(s)}>
              {s} s
            </option>
          ))}
        </UxpSelect>
      </div>
      <div className="ltx-field ltx-field-wide">
        <span className="ltx-label" id={`ltx-${p}extra-label`}>
          Extra time goes
        </span>
        <UxpSelect
          className="ltx-select"
          data-testid={`${p}extra-placement`}
          aria-labelledby={`ltx-${p}extra-label`}
          value={extraPlacement}
          onChange={(e) => onChange({ extraPlacement: e.target.value as ExtraPlacement })}
        >
          {(Object.keys(EXTRA_LABELS) as ExtraPlacement[]).map((k) => (
            <option key={k} value={k}>
              {EXTRA_LABELS[k]}
            </option>
          ))}
        </UxpSelect>
      </div>
    </div>
  );
}
