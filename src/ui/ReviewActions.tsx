import { JobRecord, canPlace } from '../domain/job';
import { DeleteTake } from './DeleteTake';

interface Props {
  job: JobRecord;
  /** The host has a source monitor to show the take in. */
  canShow: boolean;
  onPlace: () => void;
  onDiscard: () => void;
  onShow: () => void;
  /** Deletes the take's file and project items; absent where the host cannot. */
  onDelete?: () => void;
}

/** A take that is in but not on the timeline: look at it, place it, or (while it waits) discard it. Placing costs nothing more. */
export function ReviewActions({ job, canShow, onPlace, onDiscard, onShow, onDelete }: Props) {
  if (!canPlace(job)) return null;
  const waiting = job.stage === 'review';
  return (
    <div className="ltx-job-actions" data-testid="review-actions">
      <div className="ltx-button-row">
        <button type="button" className="ltx-button ltx-cta" data-testid="review-place" onClick={onPlace}>
          {waiting ? 'Place' : 'Place on the timeline'}
        </button>
        {waiting ? (
          <button type="button" className="ltx-button" data-testid="review-discard" onClick={onDiscard}>
            Discard
          </button>
        ) : null}
        {canShow ? (
          <button type="button" className="ltx-button ltx-quiet" data-testid="review-show" onClick={onShow}>
            Show in Source Monitor
          </button>
        ) : null}
        {!waiting && onDelete ? <DeleteTake onDelete={onDelete} /> : null}
      </div>
      <p className="ltx-hint">Already paid for: placing it is no new charge. {waiting ? 'A discarded take stays in the history and can be placed later.' : ''}</p>
    </div>
  );
}
