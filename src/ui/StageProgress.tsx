import { JobRecord, STAGE_LABELS } from '../domain/job';
import { elapsed } from './format';
import { pipelinePercent, stepOf } from './jobText';

interface Props {
  job: JobRecord;
  now: number;
}

/** Where a running job is: stage, elapsed time while generating, Runware's % when it gives one. */
export function StageProgress({ job, now }: Props) {
  const percent = pipelinePercent(job.stage, job.progress);
  const step = stepOf(job.stage);
  const generating = job.stage === 'generating';
  return (
    <div className="ltx-progress-wrap">
      <div className="ltx-progress-text">
        <span data-testid="job-progress-text">
          {STAGE_LABELS[job.stage]}
          {job.stage === 'queued' ? ' · waiting for a free slot' : null}
          {generating && job.submittedAt !== undefined ? (
            <>
              {' · '}
              <span data-testid="job-elapsed">{elapsed(now - job.submittedAt)}</span>
            </>
          ) : null}
          {generating && job.progress !== undefined ? ` · ${Math.round(job.progress)}%` : null}
        </span>
        {step ? <span className="ltx-muted">{`Step ${step.step} of ${step.of}`}</span> : null}
      </div>
      <div className="ltx-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={STAGE_LABELS[job.stage]} data-testid="job-progress">
        <div className="ltx-progress-fill" style={{ width: `${Math.max(2, percent)}%` }} />
      </div>
    </div>
  );
}
