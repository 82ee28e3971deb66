import type { PanelState, RetakeController } from '../app/retakeController';
import { PRICE_PER_UPLOADED_SECOND_USD } from '../domain/limits';
import { ApiKeySection } from './ApiKeySection';
import { money } from './format';
import { PreferencesSection } from './PreferencesSection';

interface Props {
  controller: RetakeController;
  state: PanelState;
}

/** The key and the preferences. */
export function SettingsView({ controller, state }: Props) {
  return (
    <div className="ltx-stack">
      <ApiKeySection controller={controller} hasApiKey={state.hasApiKey} />
      <PreferencesSection controller={controller} preferences={state.preferences} />
      <p className="ltx-hint">
        Billing: LTX-2 Retake on Runware costs about {money(PRICE_PER_UPLOADED_SECOND_USD)} per uploaded second (the regenerated range plus its context), charged
        when a job is submitted.
      </p>
    </div>
  );
}
