import { JobRecord, isActive } from '../domain/job';
import { money, plural } from './format';

interface Props {
  /** The jobs the last "Run batch" started (those still in the history). */
  jobs: JobRecord[];
  started: number;
  skipped: number;
  onCancelAll: () => void;
  onOpenJobs: () => void;
}

/** The last batch: progress and Cancel all while it runs, then one summary line. */
export function BatchStatus({ jobs, started, skipped, onCancelAll, onOpenJobs }: Props) {
  if (started === 0 && skipped === 0) return null;
  const running = jobs.filter(isActive).length;
  const placed = jobs.filter((j) => j.stage === 'done').length;
  const failed = jobs.filter((j) => j.stage === 'failed').length;
  const waiting = jobs.filter((j) => j.stage === 'review').length;
  const stopped = jobs.filter((j) => j.stage === 'stopped' || j.stage === 'cancelled').length;
  const charged = jobs.reduce((sum, j) => sum + (j.costUsd ?? 0), 0);
  const skippedText = skipped > 0 ? ` ${plural(skipped, 'marker')} skipped: already being retaken.` : '';
  const jobsLink = (
    <button type="button" className="ltx-link" data-testid="batch-open-jobs" onClick={onOpenJobs}>
      Details in Jobs
    </button>
  );
  if (running > 0) {
    return (
      <div className="ltx-box" data-testid="batch-progress" role="status">
        <p>
          Batch running: {started - running} of {started} finished ({placed} placed{waiting ? `, ${waiting} ready to place` : ''}{failed ? `, ${failed} failed` : ''}).{skippedText} {jobsLink}
        </p>
        <button type="button" className="ltx-button" data-testid="batch-cancel-all" onClick={onCancelAll}>
          Cancel all
        </button>
      </div>
    );
  }
  const parts = [`${placed} placed`, `${failed} failed`];
  if (waiting) parts.splice(1, 0, `${waiting} ready to place (Jobs)`);
  if (stopped) parts.push(`${stopped} cancelled or stopped`);
  return (
    <p className="ltx-box" data-testid="batch-summary" role="status">
      Batch finished: {parts.join(', ')}; {money(charged)} charged in total.{skippedText} {jobsLink}
    </p>
  );
}
