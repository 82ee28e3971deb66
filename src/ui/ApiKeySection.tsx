import { useState } from 'react';
import type { RetakeController } from '../app/retakeController';
import { runAction } from './actions';

interface Props {
  controller: RetakeController;
  hasApiKey: boolean;
}

/** The Runware key: written to secure storage, never shown again (the panel only knows one is there). */
export function ApiKeySection({ controller, hasApiKey }: Props) {
  const [key, setKey] = useState('');
  // UXP's known issues: a password field's value cannot be read on macOS. Adobe's workaround is a
  // text field while focused, password again on blur (the key is masked whenever it is not typed in).
  const [typing, setTyping] = useState(false);
  const save = async () => {
    await runAction(controller, () => controller.setApiKey(key));
    setKey('');
  };
  return (
    <section className="ltx-box" aria-label="Runware API key">
      <div className="ltx-box-title">Runware API key</div>
      {hasApiKey ? (
        <div className="ltx-actionbar" data-testid="settings-key-status">
          <span className="ltx-success">A key is stored in secure storage.</span>
          <button type="button" className="ltx-button ltx-quiet" data-testid="settings-remove-key" onClick={() => void runAction(controller, () => controller.clearApiKey())}>
            Remove key
          </button>
        </div>
      ) : (
        <p className="ltx-muted" data-testid="settings-key-status">
          No key stored. Create one in your Runware dashboard (API Keys) and paste it here.
        </p>
      )}
      <div className="ltx-field">
        <span className="ltx-label" id="ltx-key-label">
          {hasApiKey ? 'Replace the key' : 'API key'}
        </span>
        <div className="ltx-inline">
          <input
            className="ltx-input"
            type={typing ? 'text' : 'password'}
            onFocus={() => setTyping(true)}
            onBlur={() => setTyping(false)}
            autoComplete="off"
            spellCheck={false}
            aria-labelledby="ltx-key-label"
            placeholder="Paste your key"
            data-testid="settings-api-key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void save();
            }}
          />
          <button type="button" className="ltx-button ltx-cta" data-testid="settings-save-key" disabled={!key.trim()} onClick={() => void save()}>
            Save key
          </button>
        </div>
        <span className="ltx-hint">Kept in Premiere’s secure storage on this computer, never in the project or the job history.</span>
      </div>
    </section>
  );
}
