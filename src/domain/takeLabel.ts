import type { JobRecord } from './job';
import { MODE_LABELS } from './limits';

/**
 * The marker a placed take carries on its clip: named after the job, its comment saying what the
 * take is and what it cost, so a clip in the project stays traceable to its Runware task.
 */
export function takeLabel(job: JobRecord): { name: string; comments: string } {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const cost = job.costUsd !== undefined ? `${usd(job.costUsd)} charged` : `${usd(job.plan.estimatedCostUsd)} estimated`;
  const lines = [
    `Prompt: ${job.plan.prompt}`,
    `Mode: ${MODE_LABELS[job.plan.mode]}`,
    `Cost: ${cost}`,
    `Job: ${job.id}`,
    ...(job.taskUUID ? [`Runware task: ${job.taskUUID}`] : []),
    `Date: ${job.createdAt}`,
  ];
  return { name: `LTX Retake [${job.id}]`, comments: lines.join('\n') };
}
