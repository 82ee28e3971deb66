import { MODE_LABELS, RETAKE_MODES, RetakeMode, isRetakeMode } from '../domain/limits';
import { UxpSelect } from './UxpSelect';

// Users of the model report instructions in a prompt spoken aloud in the new sound (runware-api.md).
const DESCRIBE_SOUND = 'Describe the result, not an order: words in the prompt can be spoken aloud.';

const MODE_HINTS: Record<RetakeMode, string> = {
  replace_video: 'New picture; the original sound stays.',
  replace_audio: `New sound; the original picture stays. ${DESCRIBE_SOUND}`,
  replace_audio_and_video: `New picture and new sound. ${DESCRIBE_SOUND}`,
};

interface Props {
  value: RetakeMode;
  onChange: (mode: RetakeMode) => void;
  testId?: string;
  label?: string;
}

/** What the take replaces: picture, sound or both. */
export function ModePicker({ value, onChange, testId = 'mode', label = 'Replace' }: Props) {
  const id = `ltx-${testId}`;
  return (
    <div className="ltx-field">
      <span className="ltx-label" id={`${id}-label`}>
        {label}
      </span>
      <UxpSelect
        className="ltx-select"
        data-testid={testId}
        aria-labelledby={`${id}-label`}
        value={value}
        onChange={(e) => isRetakeMode(e.target.value) && onChange(e.target.value)}
      >
        {RETAKE_MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_LABELS[m]}
          </option>
        ))}
      </UxpSelect>
      <span className="ltx-hint">{MODE_HINTS[value]}</span>
    </div>
  );
}
