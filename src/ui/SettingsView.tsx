import type { PanelState, RetakeController } from '../app/retakeController';
import type { SelfCheckPort } from '../app/selfCheck';
import { PRICE_PER_UPLOADED_SECOND_USD } from '../domain/limits';
import { ApiKeySection } from './ApiKeySection';
import { money } from './format';
import { PreferencesSection } from './PreferencesSection';
import { SelfCheckSection } from './SelfCheckSection';

interface Props {
  controller: RetakeController;
  state: PanelState;
  /** "Check this Premiere", where the host has one (not in the CLI or the demo). */
  selfCheck?: SelfCheckPort;
}

/** The key, the preferences and the host's self-check. */
export function SettingsView({ controller, state, selfCheck }: Props) {
  return (
    <div className="ltx-stack">
      <ApiKeySection controller={controller} hasApiKey={state.hasApiKey} />
      <PreferencesSection controller={controller} preferences={state.preferences} />
      {selfCheck ? <SelfCheckSection controller={controller} selfCheck={selfCheck} /> : null}
      <p className="ltx-hint">
        Billing: LTX-2 Retake on Runware costs about {money(PRICE_PER_UPLOADED_SECOND_USD)} per uploaded second (the regenerated range plus its context), charged
        when a job is submitted.
      </p>
    </div>
  );
}
