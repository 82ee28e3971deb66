import { RETAKE_LIMITS } from '../domain/limits';
import { count as formatCount } from './format';

interface Props {
  value: string;
  onChange: (value: string) => void;
  limit?: number;
}

/** The prompt, with a live count against the model's limit (a warning near it, an error over it). */
export function PromptBox({ value, onChange, limit = RETAKE_LIMITS.maxPromptChars }: Props) {
  const count = value.trim().length;
  const level = count > limit ? 'over' : count >= limit * 0.9 ? 'near' : 'ok';
  return (
    <div className="ltx-field">
      <div className="ltx-field-head">
        <span className="ltx-label" id="ltx-prompt-label">
          Prompt
        </span>
        <span className={`ltx-count ltx-count-${level}`} data-testid="prompt-count" data-level={level} aria-live="polite">
          {formatCount(count)} / {formatCount(limit)}
          {level === 'over' ? ` (${formatCount(count - limit)} over)` : ''}
        </span>
      </div>
      <textarea
        className="ltx-textarea"
        data-testid="prompt"
        aria-labelledby="ltx-prompt-label"
        rows={4}
        placeholder="What the marked range should show, e.g. “the actor turns to camera and smiles”"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
