import { useState } from 'react';
import type { SequenceSnapshot } from '../app/ports';
import type { RetakeController } from '../app/retakeController';
import { JobRecord, STAGE_LABELS, isActive } from '../domain/job';
import { MODE_LABELS } from '../domain/limits';
import type { RetakeSettings } from '../domain/plan';
import { runAction } from './actions';
import { dateTime } from './format';
import { JobActions } from './JobActions';
import { JobIds } from './JobIds';
import { Details } from './Details';
import { jobCost, jobLabel, jobMarked, jobRange } from './jobText';
import { TakeActions } from './TakeActions';
import { TakeTimeLeft } from './TakeTimeLeft';
import { LabelsNotWritten, TakeThumbnail } from './TakeThumbnail';
import { RerunEditor } from './RerunEditor';
import { ReviewActions } from './ReviewActions';
import { StageProgress } from './StageProgress';

interface Props {
  controller: RetakeController;
  job: JobRecord;
  /** Every job, for the time a generation is expected to take. */
  jobs: JobRecord[];
  now: number;
  sequence: SequenceSnapshot | null;
  draft: RetakeSettings;
  /** Set for a placed take shown in its range's group. */
  take?: { active: boolean; onUse: () => void; onRemove: () => void; onDelete?: () => void };
}

/** Why a job that ended without a take ended, and what is left to do. */
function Outcome({ job }: { job: JobRecord }) {
  if (job.stage === 'failed' && job.error) {
    return (
      <p className="ltx-error" role="alert" data-testid="job-error">
        {job.error.message}
      </p>
    );
  }
  if (job.stage === 'stopped') return <p className="ltx-warning-text">No longer followed. Runware is still generating it (paid for): resume to fetch and place the take.</p>;
  if (job.stage === 'cancelled') return <p className="ltx-muted">Cancelled before it was submitted.</p>;
  if (job.stage === 'review' && job.heldBecause) {
    return (
      <p className="ltx-warning-text" data-testid="job-held">
        {job.heldBecause}
      </p>
    );
  }
  if (job.stage === 'review') {
    return (
      <p className="ltx-success" data-testid="job-review">
        The take is in, sent to the Source Monitor at its regenerated part (Show in Source Monitor opens it again). Nothing is on the timeline until you place it.
      </p>
    );
  }
  if (job.stage === 'discarded') {
    return (
      <p className="ltx-muted" data-testid="job-discarded">
        Discarded: not on the timeline. The take is kept at {job.takePath}.
      </p>
    );
  }
  if (job.stage === 'done' && job.placed) {
    return (
      <>
        <p className="ltx-success" data-testid="job-placed">
          Placed as “{job.placed.name}”
        </p>
        {job.placed.blendProblem ? (
          <p className="ltx-warning-text" data-testid="job-blend-problem">
            {job.placed.blendProblem}
          </p>
        ) : null}
        {job.placed.soundProblem ? (
          <p className="ltx-warning-text" data-testid="job-sound-problem">
            {job.placed.soundProblem}
          </p>
        ) : null}
      </>
    );
  }
  if (job.stage === 'done' && job.takeDeleted) {
    return (
      <p className="ltx-muted" data-testid="job-take-deleted">
        Take deleted at your request (file and project items). It was paid for; its job and task ids stay in Details.
      </p>
    );
  }
  if (job.stage === 'done' && job.takePath) {
    return (
      <p className="ltx-muted" data-testid="job-unplaced">
        Off the timeline; the take is kept at {job.takePath} and in the “LTX Retakes” bin.
      </p>
    );
  }
  return null;
}

/** One job: what, where, how far, what it cost, its ids, and what can be done with it. */
export function JobRow({ controller, job, jobs, now, sequence, draft, take }: Props) {
  const [rerunOpen, setRerunOpen] = useState(false);
  const active = isActive(job);
  return (
    <li className={`ltx-job ltx-job-${job.stage}`} data-testid="job-row" data-job-id={job.id} data-stage={job.stage}>
      <div className="ltx-job-head">
        <span className="ltx-job-title" data-testid="job-prompt">
          “{job.plan.prompt}”
        </span>
        <span className={`ltx-stage ltx-stage-${job.stage}`} data-testid="job-stage">
          {STAGE_LABELS[job.stage]}
        </span>
      </div>
      <div className="ltx-job-meta">
        Marked <span data-testid="job-marked">{jobMarked(job)}</span> · {MODE_LABELS[job.plan.mode]}
      </div>
      <div className="ltx-job-meta ltx-muted">
        Regenerated <span data-testid="job-range">{jobRange(job)}</span>
      </div>
      <div className="ltx-job-meta ltx-muted">
        {jobLabel(job)} · {job.sequenceName} · {dateTime(job.createdAt)}
      </div>
      {active ? <StageProgress job={job} now={now} /> : <Outcome job={job} />}
      <LabelsNotWritten job={job} />
      <TakeTimeLeft job={job} jobs={jobs} now={now} />
      <TakeThumbnail job={job} />
      <div className="ltx-job-cost" data-testid="job-cost">
        {jobCost(job)}
      </div>
      {take ? <TakeActions {...take} /> : null}
      <ReviewActions
        job={job}
        canShow={controller.arrived.canReview}
        onPlace={() => void runAction(controller, () => controller.arrived.place(job.id))}
        onDiscard={() => void runAction(controller, () => controller.arrived.discard(job.id))}
        onShow={() => void runAction(controller, () => controller.arrived.showForReview(job.id))}
        onDelete={controller.arrived.canDeleteTakes ? () => void runAction(controller, () => controller.arrived.deleteTake(job.id)) : undefined}
      />
      <Details label="Details" testId="job-details">
        <JobIds jobId={job.id} taskUUID={job.taskUUID} />
        <div className="ltx-muted" data-testid="job-request">
          startTime {job.plan.startTime} s · duration {job.plan.duration} s
        </div>
        {job.exportPreset ? (
          <div className="ltx-muted" data-testid="job-preset" title={job.exportPreset}>
            Export preset {job.exportPreset.split(/[\\/]/).pop()}
          </div>
        ) : null}
      </Details>
      {rerunOpen ? (
        <RerunEditor
          job={job}
          sequence={sequence}
          draft={draft}
          onBack={() => setRerunOpen(false)}
          onRun={(prompt) => {
            setRerunOpen(false);
            void runAction(controller, () => controller.rerun(job.id, prompt === job.plan.prompt ? undefined : prompt));
          }}
        />
      ) : (
        <JobActions
          job={job}
          onCancel={() => void runAction(controller, () => controller.cancel(job.id))}
          onRetry={() => void runAction(controller, () => controller.retry(job.id))}
          onReveal={() => void runAction(controller, () => controller.reveal(job.id))}
          onForget={() => void runAction(controller, () => controller.forget(job.id))}
          onRerun={() => setRerunOpen(true)}
        />
      )}
    </li>
  );
}
