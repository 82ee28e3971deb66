import { JobRecord, StoredPlan, canContinueWithoutCharge } from '../domain/job';
import { saysPaidFor } from './report';

export type JobChoice =
  | { kind: 'new'; notes: string[] }
  | { kind: 'continue'; job: JobRecord }
  | { kind: 'done'; job: JobRecord }
  | { kind: 'refuse'; job: JobRecord; sentence: string };

/**
 * What running this request does, given the output's journal: the same input content and the
 * same plan (range, prompt, mode, context) is the same request. An unfinished one is continued
 * (never submitted again); a finished one is not paid for twice; --new always starts afresh.
 */
export function chooseJob(jobs: JobRecord[], fingerprint: string, plan: StoredPlan, fresh: boolean, estimate: string): JobChoice {
  const same = jobs.filter((j) => j.sequenceId === fingerprint && JSON.stringify(j.plan) === JSON.stringify(plan)).reverse();
  const unfinished = jobs.filter((j) => j.stage !== 'done' && j.acknowledged && !same.includes(j));
  const others = unfinished.length ? [`Other paid jobs for this output are unfinished (${unfinished.map((j) => j.id).join(', ')}); "ltx-retake jobs" lists them.`] : [];
  if (fresh) {
    const previous = same.find((j) => j.acknowledged);
    return { kind: 'new', notes: [`--new: starting a new job on purpose; this is a new charge of about ${estimate}.${previous ? ` Job ${previous.id} (task ${previous.taskUUID}) stays in the journal.` : ''}`, ...others] };
  }
  const latest = same[0];
  if (!latest) return { kind: 'new', notes: others };
  if (latest.stage === 'done') return { kind: 'done', job: latest };
  if (canContinueWithoutCharge(latest)) return { kind: 'continue', job: latest };
  // Paid for and over: its generation failed, or its result is gone (generated, then expired).
  const why = latest.error?.message ?? 'the generation failed.';
  const resultGone = latest.error?.category === 'notFound';
  const what = saysPaidFor(why, latest)
    ? 'cannot be continued'
    : `was paid for (task ${latest.taskUUID}) but ${resultGone ? 'its result can no longer be downloaded' : 'Runware could not generate it'}`;
  return {
    kind: 'refuse',
    job: latest,
    sentence: `Job ${latest.id} for this request ${what}: ${why} Running it again is a new charge of about ${estimate}: add --new to do so.`,
  };
}
