import { generationHistory } from '../app/retakeJob';
import type { JobRecord } from '../domain/job';
import { estimateGenerationMs } from '../domain/polling';
import { timeLeft } from './format';

interface Props {
  job: JobRecord;
  /** Every job in the journal: past generations of this length set the expectation (as the poll cadence does). */
  jobs: JobRecord[];
  now: number;
}

/** "about 3 min left" while a job generates, from how long past jobs of this length took. */
export function TakeTimeLeft({ job, jobs, now }: Props) {
  if (job.stage !== 'generating' || job.submittedAt === undefined) return null;
  const text = timeLeft(estimateGenerationMs(generationHistory(jobs), job.plan.billedSeconds), now - job.submittedAt);
  return text ? (
    <p className="ltx-hint" data-testid="job-time-left">
      {text}
    </p>
  ) : null;
}
