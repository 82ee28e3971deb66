import type { SequenceSnapshot } from '../app/ports';
import { JobRecord, JobStage, canContinueWithoutCharge, isActive, isPaidFor, loadPlan, mayBeHeld } from '../domain/job';
import { PlanResult, RetakeSettings, planRetake } from '../domain/plan';
import { money, rangeWithDuration, timecodeRange } from './format';

/** Where the job came from: the marker, or the marked range. */
export function jobLabel(job: JobRecord): string {
  return job.origin.kind === 'marker' ? job.origin.markerName || 'Unnamed marker' : 'Marked range';
}

/** Timecodes of the range the take replaces, at the job's sequence rate and start timecode. */
export function jobRange(job: JobRecord): string {
  const plan = loadPlan(job.plan);
  return timecodeRange(plan.replaced, plan.frameRate, plan.zeroPoint);
}

/** The range the editor marked, with its length, as Premiere shows it. */
export function jobMarked(job: JobRecord): string {
  const plan = loadPlan(job.plan);
  return rangeWithDuration(plan.marked, plan.frameRate, plan.zeroPoint);
}

/** What the job has cost or will cost, in one line. */
export function jobCost(job: JobRecord): string {
  const est = money(job.plan.estimatedCostUsd);
  if (job.costUsd !== undefined) return `Charged ${money(job.costUsd)} (est. ${est})`;
  // Whether Runware bills a generation that failed is Runware's to say: point to the usage page.
  if (isPaidFor(job) && job.stage === 'failed' && !canContinueWithoutCharge(job)) return `Est. ${est} · accepted by Runware; see your Runware usage for any charge`;
  if (isPaidFor(job)) return `Est. ${est} · accepted by Runware, billed`;
  // A submit whose answer never came: neither "charged" nor "nothing charged" is known.
  if (mayBeHeld(job) && !isActive(job)) return `Est. ${est} · may have reached Runware; continuing checks before any new charge`;
  if (job.stage === 'cancelled') return 'Nothing charged';
  if (job.stage === 'failed') return `Nothing charged · est. ${est}`;
  return `Est. ${est}`;
}

/** The pipeline stages in order, with a rough share of the wait each takes (generation dominates). */
export const PIPELINE: Array<[JobStage, number]> = [
  ['queued', 0],
  ['exporting', 1],
  ['uploading', 1],
  ['submitting', 0.5],
  ['generating', 6],
  ['downloading', 1],
  ['importing', 0.5],
  ['placing', 0.5],
];

/** 0-100 along the whole pipeline, for the bar. */
export function pipelinePercent(stage: JobStage, progress?: number): number {
  const total = PIPELINE.reduce((s, [, w]) => s + w, 0);
  let done = 0;
  for (const [name, weight] of PIPELINE) {
    if (name === stage) {
      const within = name === 'generating' && progress !== undefined ? Math.min(100, Math.max(0, progress)) / 100 : 0;
      return Math.round(((done + weight * within) / total) * 100);
    }
    done += weight;
  }
  return stage === 'done' ? 100 : 0;
}

/** "Step 4 of 7" (queued is not a step). */
export function stepOf(stage: JobStage): { step: number; of: number } | null {
  const steps = PIPELINE.slice(1).map(([s]) => s);
  const i = steps.indexOf(stage);
  return i < 0 ? null : { step: i + 1, of: steps.length };
}

export type RerunEstimate = { ok: true; costUsd: number } | { ok: false; reason: string };

/**
 * What "Run again" would cost now: the controller re-plans the job's marks with the panel's
 * current context settings on the open sequence, so the estimate is computed the same way.
 */
export function rerunEstimate(job: JobRecord, sequence: SequenceSnapshot | null, draft: RetakeSettings, prompt: string): RerunEstimate {
  if (!sequence || sequence.id !== job.sequenceId) return { ok: false, reason: `Open the sequence “${job.sequenceName}” to run this take again.` };
  const plan = loadPlan(job.plan);
  const result: PlanResult = planRetake(plan.marked, sequence.timing, {
    mode: plan.mode,
    prompt,
    handleSeconds: draft.handleSeconds,
    extraPlacement: draft.extraPlacement,
  });
  return result.ok ? { ok: true, costUsd: result.plan.estimatedCostUsd } : { ok: false, reason: result.reason };
}
