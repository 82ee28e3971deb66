import { useState } from 'react';
import { JobRecord, canContinueWithoutCharge, isActive, isPaidFor } from '../domain/job';
import { InlineConfirm } from './InlineConfirm';

interface Props {
  job: JobRecord;
  onCancel: () => void;
  onRetry: () => void;
  onRerun: () => void;
  onReveal: () => void;
  onForget: () => void;
}

/** The row's buttons, each with what it costs said beside it. */
export function JobActions({ job, onCancel, onRetry, onRerun, onReveal, onForget }: Props) {
  const [confirmForget, setConfirmForget] = useState(false);
  const active = isActive(job);
  const paid = isPaidFor(job);
  const canContinue = !active && job.stage !== 'done' && canContinueWithoutCharge(job);
  const hints: string[] = [];
  if (active) hints.push(paid ? 'Cancel stops following; the job is already paid for on Runware and can be resumed.' : 'Cancel now and nothing is charged.');
  if (canContinue) hints.push(paid ? 'Resume fetches the paid result: no new charge.' : 'Retry continues where it stopped: no new charge.');
  if (!active) hints.push('Run again is a new job and a new charge.');

  if (confirmForget) {
    return (
      <InlineConfirm
        danger
        confirmLabel="Remove"
        backLabel="Keep"
        confirmTestId="job-forget-confirm"
        backTestId="job-forget-back"
        onConfirm={() => {
          setConfirmForget(false);
          onForget();
        }}
        onBack={() => setConfirmForget(false)}
      >
        This job is paid for on Runware and can still be resumed. Removing it from the history gives up its result.
      </InlineConfirm>
    );
  }
  return (
    <div className="ltx-job-actions">
      <div className="ltx-button-row">
        {active ? (
          <button type="button" className="ltx-button" data-testid="job-cancel" title={hints[0]} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        {canContinue ? (
          <button type="button" className="ltx-button ltx-cta" data-testid="job-retry" onClick={onRetry}>
            {paid ? 'Resume' : 'Retry'}
          </button>
        ) : null}
        {job.placed ? (
          <button type="button" className="ltx-button" data-testid="job-reveal" onClick={onReveal}>
            Show in timeline
          </button>
        ) : null}
        {!active ? (
          <button type="button" className="ltx-button" data-testid="job-rerun" onClick={onRerun}>
            Run again…
          </button>
        ) : null}
        {!active ? (
          <button
            type="button"
            className="ltx-button ltx-quiet"
            data-testid="job-forget"
            onClick={() => (job.stage === 'stopped' && paid ? setConfirmForget(true) : onForget())}
          >
            Remove from history
          </button>
        ) : null}
      </div>
      <p className="ltx-hint" data-testid="job-action-hint">
        {hints.join(' ')}
      </p>
    </div>
  );
}
