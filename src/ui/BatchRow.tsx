import type { RangedMarker, SequenceSnapshot } from '../app/ports';
import { modeFromMarkerName, type BatchItem } from '../domain/batch';
import { JobRecord, STAGE_LABELS } from '../domain/job';
import { MODE_LABELS } from '../domain/limits';
import { money, timecodeRange } from './format';
import { markerColor } from './markerColors';
import { existingTakesText } from './takeText';

interface Props {
  item: BatchItem;
  marker: RangedMarker | undefined;
  sequence: SequenceSnapshot;
  included: boolean;
  onToggle: (included: boolean) => void;
  /** Takes already placed over the marker's regenerated range. */
  existingTakes?: number;
  /** The newest job started from this marker, if any: the row shows where it is. */
  lastJob?: JobRecord;
  /** The cuts and gaps inside the row's uploaded window, as a sentence, or null. */
  crossing?: string | null;
}

/** A row's own status, in the words of the job list ("Placed" rather than "Done"). */
export function batchRowStatus(job: JobRecord): string {
  if (job.stage === 'done') return job.placed ? 'Placed' : 'Off the timeline';
  return STAGE_LABELS[job.stage];
}

/** One ranged marker as a batch row: tick box, what it retakes, with what prompt and mode, at what cost. */
export function BatchRow({ item, marker, sequence, included, onToggle, existingTakes = 0, lastJob, crossing = null }: Props) {
  const { frameRate, zeroPoint } = sequence.timing;
  const fromComment = !!marker?.comments.trim();
  const tagged = modeFromMarkerName(item.markerName) !== null;
  const color = markerColor(item.colorIndex);
  const valid = item.plan.ok;
  return (
    <li className={valid ? 'ltx-batch-row' : 'ltx-batch-row ltx-invalid'} data-testid="batch-row" data-marker-id={item.markerId} data-valid={valid ? 'true' : 'false'}>
      <div className="ltx-batch-head">
        <input
          type="checkbox"
          className="ltx-checkbox"
          data-testid="batch-toggle"
          aria-label={`Include ${item.markerName || 'marker'}`}
          checked={valid && included}
          disabled={!valid}
          onChange={(e) => onToggle(e.target.checked)}
        />
        <span className="ltx-dot" style={{ backgroundColor: color.hex }} title={color.name} />
        <span className="ltx-batch-name">{item.markerName || 'Unnamed marker'}</span>
        {lastJob ? (
          <span className={`ltx-stage ltx-stage-${lastJob.stage}`} data-testid="batch-row-status" data-stage={lastJob.stage} title={`Job ${lastJob.id}`}>
            {batchRowStatus(lastJob)}
          </span>
        ) : null}
        <span className="ltx-batch-cost" data-testid="batch-row-cost">
          {item.plan.ok ? `Est. ${money(item.plan.plan.estimatedCostUsd)}` : '—'}
        </span>
      </div>
      <div className="ltx-batch-detail">
        {marker ? <div className="ltx-muted">{timecodeRange(marker.range, frameRate, zeroPoint)}</div> : null}
        <div>
          <span className="ltx-job-prompt">{item.prompt ? `“${item.prompt}”` : 'No prompt'}</span>{' '}
          <span className="ltx-tag" data-testid="batch-row-prompt-source">
            {fromComment ? 'marker comment' : 'panel prompt'}
          </span>
        </div>
        <div>
          {MODE_LABELS[item.mode]}{' '}
          <span className="ltx-tag" data-testid="batch-row-mode-source">
            {tagged ? 'from name tag' : 'panel mode'}
          </span>
        </div>
        {lastJob || existingTakes > 0 ? (
          <div className="ltx-muted" data-testid="batch-row-takes">
            {existingTakes === 1 ? '1 take' : `${existingTakes} takes`} on the timeline
          </div>
        ) : null}
        {lastJob?.stage === 'failed' && lastJob.error ? (
          <p className="ltx-error" data-testid="batch-row-error">
            {lastJob.error.message}
          </p>
        ) : null}
        {item.plan.ok && existingTakes > 0 ? (
          <p className="ltx-warning-text" data-testid="batch-row-existing-takes">
            {existingTakesText(existingTakes, item.plan.plan.estimatedCostUsd)}
          </p>
        ) : null}
        {item.plan.ok && crossing ? (
          <p className="ltx-warning-text" data-testid="batch-row-crossings">
            {crossing}
          </p>
        ) : null}
        {!item.plan.ok ? (
          <p className="ltx-error" data-testid="batch-row-reason">
            {item.plan.reason}
          </p>
        ) : null}
      </div>
    </li>
  );
}
