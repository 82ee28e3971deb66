import { useEffect, useState } from 'react';
import type { Preferences } from '../app/preferences';
import { BLEND_FRAMES_MAX } from '../domain/blend';
import type { RetakeController } from '../app/retakeController';
import { runAction } from './actions';
import { ContextPicker } from './ContextPicker';
import { ModePicker } from './ModePicker';
import { UxpSelect } from './UxpSelect';

interface Props {
  controller: RetakeController;
  preferences: Preferences;
}

const CONCURRENCY = [1, 2, 3, 4, 5, 6, 7, 8];
const BLEND_CHOICES = Array.from({ length: BLEND_FRAMES_MAX + 1 }, (_, n) => n);

/** Parses "5", "$5", "12.50"; empty means no cap. Returns undefined when unreadable. */
export function parseCap(text: string): number | null | undefined {
  const t = text.trim().replace(/^\$/, '').replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 100) / 100 : undefined;
}

/** Where takes go, the defaults, and the batch limits; each change is saved at once. */
export function PreferencesSection({ controller, preferences: p }: Props) {
  const [folder, setFolder] = useState(p.takesFolder ?? '');
  const [cap, setCap] = useState(p.spendingCapUsd === null ? '' : String(p.spendingCapUsd));
  const [capError, setCapError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setFolder(p.takesFolder ?? ''), [p.takesFolder]);
  useEffect(() => setCap(p.spendingCapUsd === null ? '' : String(p.spendingCapUsd)), [p.spendingCapUsd]);

  const save = async (patch: Partial<Preferences>) => {
    setSaved(false);
    await runAction(controller, async () => {
      await controller.setPreferences(patch);
      setSaved(true);
    });
  };
  const saveFolder = () => {
    const value = folder.trim() || null;
    if (value !== p.takesFolder) void save({ takesFolder: value });
  };
  const saveCap = () => {
    const value = parseCap(cap);
    if (value === undefined) return setCapError('Enter an amount in dollars, such as 5 or 12.50, or leave it empty for no cap.');
    setCapError(null);
    if (value !== p.spendingCapUsd) void save({ spendingCapUsd: value });
  };
  const onEnter = (fn: () => void) => (e: { key: string }) => e.key === 'Enter' && fn();

  return (
    <section className="ltx-box" aria-label="Preferences">
      <div className="ltx-box-title">
        Preferences
        {saved ? (
          <span className="ltx-box-sub ltx-success" data-testid="settings-saved">
            Saved
          </span>
        ) : null}
      </div>
      <div className="ltx-field">
        <span className="ltx-label" id="ltx-folder-label">
          Write takes to
        </span>
        <input
          className="ltx-input"
          aria-labelledby="ltx-folder-label"
          placeholder="Beside the project (default)"
          data-testid="settings-takes-folder"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          onBlur={saveFolder}
          onKeyDown={onEnter(saveFolder)}
        />
        <span className="ltx-hint">A folder path. Empty: an “LTX Retakes” folder beside the project file. Never a temporary folder, so takes stay online.</span>
      </div>
      <label className="ltx-field ltx-check-field">
        <span>
          <input
            type="checkbox"
            className="ltx-checkbox"
            data-testid="settings-review"
            checked={p.reviewBeforePlacing}
            onChange={(e) => void save({ reviewBeforePlacing: e.target.checked })}
          />{' '}
          Review each take before placing it
        </span>
        <span className="ltx-hint">
          On: a finished take opens in the Source Monitor at its regenerated part and waits for Place or Discard; nothing touches the sequence until Place. Off: takes are placed as
          they arrive.
        </span>
      </label>
      <div className="ltx-field ltx-field-narrow">
        <span className="ltx-label" id="ltx-blend-label">
          Blend at cuts
        </span>
        <UxpSelect className="ltx-select" aria-labelledby="ltx-blend-label" data-testid="settings-blend" value={String(p.blendFrames)} onChange={(e) => void save({ blendFrames: Number(e.target.value) })}>
          {BLEND_CHOICES.map((n) => (
            <option key={n} value={String(n)}>
              {n === 0 ? 'Off (hard cuts)' : `${n} frames`}
            </option>
          ))}
        </UxpSelect>
        <span className="ltx-hint">A cross-dissolve of this many frames on the picture at both ends of each new take. The sound is cut hard: Premiere's API has no audio transition.</span>
      </div>
      <ModePicker label="Default mode" testId="settings-default-mode" value={p.mode} onChange={(mode) => void save({ mode })} />
      <ContextPicker testIdPrefix="settings-" handleSeconds={p.handleSeconds} extraPlacement={p.extraPlacement} onChange={(patch) => void save(patch)} />
      <span className="ltx-hint">Defaults apply the next time the panel opens; the Retake tab keeps its current choices.</span>
      <div className="ltx-inline-fields">
        <div className="ltx-field ltx-field-narrow">
          <span className="ltx-label" id="ltx-conc-label">
            Batch: at once
          </span>
          <UxpSelect className="ltx-select" aria-labelledby="ltx-conc-label" data-testid="settings-concurrency" value={String(p.concurrency)} onChange={(e) => void save({ concurrency: Number(e.target.value) })}>
            {CONCURRENCY.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </UxpSelect>
        </div>
        <div className="ltx-field ltx-field-wide">
          <span className="ltx-label" id="ltx-cap-label">
            Batch spending cap (USD)
          </span>
          <input
            className="ltx-input"
            inputMode="decimal"
            aria-labelledby="ltx-cap-label"
            placeholder="No cap"
            data-testid="settings-spending-cap"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
            onBlur={saveCap}
            onKeyDown={onEnter(saveCap)}
          />
        </div>
      </div>
      {capError ? (
        <p className="ltx-error" data-testid="settings-cap-error">
          {capError}
        </p>
      ) : null}
    </section>
  );
}
