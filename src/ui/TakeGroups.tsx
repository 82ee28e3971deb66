import type { PanelState, RetakeController } from '../app/retakeController';
import { groupJobs } from '../app/takeGroups';
import type { JobRecord } from '../domain/job';
import { runAction } from './actions';
import { timecodeRange } from './format';
import { JobRow } from './JobRow';
import { TakeSwitcher } from './TakeSwitcher';
import { useStore } from './useStore';

interface Props {
  controller: RetakeController;
  state: PanelState;
  /** The finished jobs to show, newest first. */
  jobs: JobRecord[];
  now: number;
}

/** Finished jobs grouped by the range they regenerate: the take switcher, then each take, newest first. */
export function TakeGroups({ controller, state, jobs, now }: Props) {
  const activeTakes = useStore(controller.takes.active);
  return (
    <div className="ltx-stack">
      {groupJobs(jobs).map((group) => {
        const first = group.jobs[0].plan;
        const range = timecodeRange({ start: BigInt(group.replaced.start), end: BigInt(group.replaced.end) }, first.frameRate, BigInt(first.zeroPoint));
        return (
          <section key={group.key} className="ltx-box ltx-take-group" data-testid="take-group" aria-label={`Takes over ${range}`}>
            <div className="ltx-box-title">
              {range}
              <span className="ltx-box-sub">{group.sequenceName}</span>
            </div>
            <TakeSwitcher controller={controller} group={group} />
            <ul className="ltx-list">
              {[...group.jobs].reverse().map((job) => (
                <JobRow
                  key={job.id}
                  controller={controller}
                  job={job}
                  jobs={state.jobs}
                  now={now}
                  sequence={state.sequence}
                  draft={state.draft}
                  take={
                    job.placed && controller.takes.available
                      ? {
                          active: activeTakes[group.key] === job.id,
                          onUse: () => void runAction(controller, () => controller.takes.use(group, job.id)),
                          onRemove: () => void runAction(controller, () => controller.takes.remove(group, job.id)),
                          onDelete: controller.arrived.canDeleteTakes ? () => void runAction(controller, () => controller.arrived.deleteTake(job.id)) : undefined,
                        }
                      : undefined
                  }
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
