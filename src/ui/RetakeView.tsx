import type { RetakeController } from '../app/retakeController';
import { takesForRange } from '../app/takeGroups';
import type { PanelState } from '../app/retakeController';
import type { JobRecord } from '../domain/job';
import { blendText } from './blendText';
import { ContextPicker } from './ContextPicker';
import { money, plural, shortcutLabel } from './format';
import { InlineConfirm } from './InlineConfirm';
import { MissingKey } from './MissingKey';
import { ModePicker } from './ModePicker';
import { PlanSummary } from './PlanSummary';
import { PromptBox } from './PromptBox';
import { VariationsPicker } from './VariationsPicker';

interface Props {
  controller: RetakeController;
  state: PanelState;
  busy: boolean;
  /** The jobs the last Retake started (one per take). */
  lastStarted: JobRecord[];
  /** Retake x N is waiting for its confirmation. */
  confirming: boolean;
  onRetake: () => void;
  onConfirm: () => void;
  onBack: () => void;
  onOpenSettings: () => void;
  onOpenJobs: () => void;
}

/** The single retake: prompt, mode, context, the live plan, and the button with its reason. */
export function RetakeView({ controller, state, busy, lastStarted, confirming, onRetake, onConfirm, onBack, onOpenSettings, onOpenJobs }: Props) {
  const blocker = controller.retakeBlocker();
  const { draft, variations } = state;
  const plan = state.plan?.ok ? state.plan.plan : null;
  const cost = plan ? plan.estimatedCostUsd * variations : null;
  const disabled = !!blocker || busy;
  const label = variations > 1 ? `Retake ×${variations}` : 'Retake';
  return (
    <div className="ltx-stack">
      {state.ready && !state.hasApiKey ? <MissingKey onOpenSettings={onOpenSettings} /> : null}
      <PromptBox value={draft.prompt} onChange={(prompt) => controller.setDraft({ prompt })} />
      <ModePicker value={draft.mode} onChange={(mode) => controller.setDraft({ mode })} />
      <ContextPicker handleSeconds={draft.handleSeconds} extraPlacement={draft.extraPlacement} onChange={(patch) => controller.setDraft(patch)} />
      <VariationsPicker value={variations} onChange={(n) => controller.setVariations(n)} />
      <PlanSummary
        sequence={state.sequence}
        hostProblem={state.hostProblem}
        plan={state.plan}
        draft={draft}
        blocker={blocker}
        existingTakes={state.sequence && plan ? takesForRange(state.jobs, state.sequence.id, plan.replaced).length : 0}
        variations={variations}
        clips={state.sequenceClips?.clips ?? null}
        blendFrames={state.preferences.blendFrames}
      />
      {confirming && !blocker && plan ? (
        <InlineConfirm testId="variations-confirm-step" confirmTestId="variations-confirm" backTestId="variations-back" confirmLabel={`Start ${variations} takes`} disabled={busy} onConfirm={onConfirm} onBack={onBack}>
          Start {plural(variations, 'take')} of this range for about {money(plan.estimatedCostUsd * variations)} ({money(plan.estimatedCostUsd)} each)? Each is billed when it is
          submitted; they land in the same group, the last one placed playing. {blendText(state.preferences.blendFrames, plan.mode)}
        </InlineConfirm>
      ) : (
        <div className="ltx-actionbar">
          <button type="button" className="ltx-button ltx-cta" data-testid="retake-button" disabled={disabled} onClick={onRetake}>
            {busy ? 'Starting…' : cost !== null ? `${label} · Est. ${money(cost)}` : label}
          </button>
          <span className="ltx-hint" data-testid="retake-shortcut">
            {shortcutLabel()}
          </span>
        </div>
      )}
      {blocker ? (
        <p className="ltx-blocker" data-testid="retake-blocker" role="status">
          {blocker}
        </p>
      ) : null}
      {lastStarted.length > 0 ? (
        <p className="ltx-started" data-testid="retake-started" role="status">
          {lastStarted.length === 1
            ? `Started job ${lastStarted[0].id} (est. ${money(lastStarted[0].plan.estimatedCostUsd)}).`
            : `Started ${lastStarted.length} jobs (${lastStarted.map((j) => j.id).join(', ')}; est. ${money(lastStarted.reduce((sum, j) => sum + j.plan.estimatedCostUsd, 0))} in all).`}{' '}
          <button type="button" className="ltx-link" data-testid="open-jobs" onClick={onOpenJobs}>
            Follow {lastStarted.length === 1 ? 'it' : 'them'} in Jobs
          </button>
        </p>
      ) : null}
    </div>
  );
}
