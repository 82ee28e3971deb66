import type { RetakeController } from '../app/retakeController';
import { takesForRange } from '../app/takeGroups';
import type { PanelState } from '../app/retakeController';
import type { JobRecord } from '../domain/job';
import { ContextPicker } from './ContextPicker';
import { money, shortcutLabel } from './format';
import { MissingKey } from './MissingKey';
import { ModePicker } from './ModePicker';
import { PlanSummary } from './PlanSummary';
import { PromptBox } from './PromptBox';

interface Props {
  controller: RetakeController;
  state: PanelState;
  busy: boolean;
  lastStarted: JobRecord | null;
  onRetake: () => void;
  onOpenSettings: () => void;
  onOpenJobs: () => void;
}

/** The single retake: prompt, mode, context, the live plan, and the button with its reason. */
export function RetakeView({ controller, state, busy, lastStarted, onRetake, onOpenSettings, onOpenJobs }: Props) {
  const blocker = controller.retakeBlocker();
  const { draft } = state;
  const cost = state.plan?.ok ? state.plan.plan.estimatedCostUsd : null;
  const disabled = !!blocker || busy;
  return (
    <div className="ltx-stack">
      {state.ready && !state.hasApiKey ? <MissingKey onOpenSettings={onOpenSettings} /> : null}
      <PromptBox value={draft.prompt} onChange={(prompt) => controller.setDraft({ prompt })} />
      <ModePicker value={draft.mode} onChange={(mode) => controller.setDraft({ mode })} />
      <ContextPicker handleSeconds={draft.handleSeconds} extraPlacement={draft.extraPlacement} onChange={(patch) => controller.setDraft(patch)} />
      <PlanSummary
        sequence={state.sequence}
        hostProblem={state.hostProblem}
        plan={state.plan}
        draft={draft}
        blocker={blocker}
        existingTakes={state.sequence && state.plan?.ok ? takesForRange(state.jobs, state.sequence.id, state.plan.plan.replaced).length : 0}
      />
      <div className="ltx-actionbar">
        <button type="button" className="ltx-button ltx-cta" data-testid="retake-button" disabled={disabled} onClick={onRetake}>
          {busy ? 'Starting…' : cost !== null ? `Retake · Est. ${money(cost)}` : 'Retake'}
        </button>
        <span className="ltx-hint" data-testid="retake-shortcut">
          {shortcutLabel()}
        </span>
      </div>
      {blocker ? (
        <p className="ltx-blocker" data-testid="retake-blocker" role="status">
          {blocker}
        </p>
      ) : null}
      {lastStarted ? (
        <p className="ltx-started" data-testid="retake-started" role="status">
          Started job {lastStarted.id} (est. {money(lastStarted.plan.estimatedCostUsd)}).{' '}
          <button type="button" className="ltx-link" data-testid="open-jobs" onClick={onOpenJobs}>
            Follow it in Jobs
          </button>
        </p>
      ) : null}
    </div>
  );
}
