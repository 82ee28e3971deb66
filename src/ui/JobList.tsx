import type { PanelState, RetakeController } from '../app/retakeController';
import { JobRecord, isActive } from '../domain/job';
import { runAction } from './actions';
import { money, plural } from './format';
import { JobRow } from './JobRow';
import { TakeGroups } from './TakeGroups';
import { useNow } from './useNow';

interface Props {
  controller: RetakeController;
  state: PanelState;
  now: () => number;
}

interface Group {
  id: string;
  title: string;
  jobs: JobRecord[];
}

/** Every job, newest first: running, needing attention, then the history of finished takes grouped by range. */
export function JobList({ controller, state, now }: Props) {
  const jobs = state.jobs;
  const active = jobs.filter(isActive);
  const attention = jobs.filter((j) => j.stage === 'failed' || j.stage === 'stopped');
  const review = jobs.filter((j) => j.stage === 'review');
  const history = jobs.filter((j) => j.stage === 'done' || j.stage === 'cancelled' || j.stage === 'discarded');
  const time = useNow(now, active.some((j) => j.stage === 'generating'));
  const spent = history.reduce((sum, j) => sum + (j.costUsd ?? 0), 0);
  const groups: Group[] = [
    { id: 'active', title: `In progress (${active.length})`, jobs: active },
    { id: 'review', title: `Ready to place (${review.length})`, jobs: review },
    { id: 'attention', title: `Needs attention (${attention.length})`, jobs: attention },
    { id: 'history', title: `History (${history.length})`, jobs: history },
  ];
  if (jobs.length === 0) {
    return (
      <p className="ltx-empty" data-testid="jobs-empty">
        No retakes yet. Mark a range, write a prompt and press Retake; jobs and their history appear here and survive a panel reload.
      </p>
    );
  }
  return (
    <div className="ltx-stack">
      {active.length > 1 ? (
        <div className="ltx-actionbar">
          <span className="ltx-muted">{plural(active.length, 'job')} running</span>
          <button type="button" className="ltx-button" data-testid="jobs-cancel-all" onClick={() => void runAction(controller, () => controller.cancelAll())}>
            Cancel all
          </button>
        </div>
      ) : null}
      {groups
        .filter((g) => g.jobs.length > 0)
        .map((g) => (
          <section key={g.id} className="ltx-group" data-testid={`jobs-${g.id}`} aria-label={g.title}>
            <h3 className="ltx-group-title">
              {g.title}
              {g.id === 'history' && spent > 0 ? <span className="ltx-muted"> · {money(spent)} charged</span> : null}
            </h3>
            {g.id === 'active' ? <p className="ltx-hint">Generation usually takes a few minutes. Keep editing: jobs carry on with the panel closed and are picked up again after a reload.</p> : null}
            {g.id === 'history' ? (
              <TakeGroups controller={controller} state={state} jobs={g.jobs} now={time} />
            ) : (
              <ul className="ltx-list">
                {g.jobs.map((j) => (
                  <JobRow key={j.id} controller={controller} job={j} jobs={jobs} now={time} sequence={state.sequence} draft={state.draft} />
                ))}
              </ul>
            )}
          </section>
        ))}
    </div>
  );
}
