import type { ErrorCategory } from '../domain/errors';
import { JobRecord, isPaidFor, loadPlan } from '../domain/job';
import { TickRange, ticksToSeconds } from '../domain/time';
import { inCliWords } from './wording';

export const EXIT = { done: 0, other: 1, invalidInput: 2, rejected: 3, generationFailed: 4 } as const;

export interface Printer {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  json: boolean;
}

/** A failure: one sentence on stderr, and with --json one object on stdout that says what was charged. */
export function fail(out: Printer, code: number, category: ErrorCategory, message: string, job?: JobRecord): number {
  const sentence = inCliWords(message);
  out.stderr(`ltx-retake: ${sentence}\n`);
  if (out.json) {
    out.stdout(`${JSON.stringify({ error: { category, message: sentence }, jobId: job?.id ?? null, taskUUID: job?.taskUUID ?? null, charged: job ? isPaidFor(job) : false })}\n`);
  }
  return code;
}

/** How to get a paid job's result: the same command again, which continues it from the journal. */
export function resumeHint(job: JobRecord): string {
  return `Task ${job.taskUUID} is paid for; run the same command again to continue job ${job.id} without a new charge.`;
}

/** The outcome of a finished run: the summary, or a failure that never contradicts the charge. */
export function reportJob(job: JobRecord, output: string, out: Printer): number {
  const plan = loadPlan(job.plan);
  if (job.stage === 'done') {
    const seconds = (r: TickRange) => ({ from: round(ticksToSeconds(r.start)), to: round(ticksToSeconds(r.end)) });
    const summary = {
      jobId: job.id,
      taskUUID: job.taskUUID,
      mode: plan.mode,
      startTime: plan.startTime,
      duration: plan.duration,
      window: seconds(plan.window),
      replaced: seconds(plan.replaced),
      billedSeconds: plan.billedSeconds,
      estimatedCost: plan.estimatedCostUsd,
      cost: job.costUsd ?? null,
      take: job.takePath,
      output,
    };
    if (out.json) out.stdout(`${JSON.stringify(summary)}\n`);
    else out.stdout(`Wrote ${output}\nTake kept at ${job.takePath}\nCost: ${job.costUsd === undefined ? 'not reported' : `$${job.costUsd.toFixed(3)}`} (task ${job.taskUUID})\n`);
    return EXIT.done;
  }
  const failure = failureOf(job);
  return fail(out, failure.code, failure.category, failure.message, job);
}

/** What a job that did not finish cost and how to continue it: the exit code, its category and one sentence. */
export function failureOf(job: JobRecord): { code: number; category: ErrorCategory; message: string } {
  const paid = isPaidFor(job);
  if (job.stage === 'cancelled' || job.stage === 'stopped') {
    const what = paid ? `Stopped following. ${resumeHint(job)} It keeps running on Runware.` : 'Cancelled before anything was submitted; nothing was charged.';
    return { code: EXIT.other, category: 'cancelled', message: what };
  }
  const error = job.error ?? { category: 'host' as const, message: 'The retake failed.' };
  // A generation Runware failed, or a result it no longer has, is paid for but cannot be continued;
  // every other paid failure can.
  const generationFailed = paid && (error.category === 'provider' || error.category === 'safety');
  const resultGone = paid && error.category === 'notFound' && error.stage === 'downloading';
  const newCharge = 'a new retake of this range is a new charge (add --new).';
  const tail = generationFailed || resultGone
    ? saysPaidFor(error.message, job) ? ` ${capitalised(newCharge)}` : ` Task ${job.taskUUID} was paid for; ${newCharge}`
    : paid ? ` ${resumeHint(job)}` : '';
  return { code: exitCodeFor(error.category, paid), category: error.category, message: `${stripChargeClaims(error.message, paid)}${tail}` };
}

/** Whether a message already says the job's task was paid for (the charge is said once per sentence). */
export function saysPaidFor(message: string, job: JobRecord): boolean {
  return job.taskUUID !== undefined && message.includes(job.taskUUID) && /paid for/i.test(message);
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function exitCodeFor(category: ErrorCategory, paid: boolean): number {
  if (category === 'invalidInput') return EXIT.invalidInput;
  if (category === 'validation' || category === 'auth' || category === 'quota') return EXIT.rejected;
  if (category === 'provider' || category === 'safety') return paid ? EXIT.generationFailed : EXIT.rejected;
  return EXIT.other;
}

/**
 * The charge is stated once, from the job's own record: a "nothing was charged" in a message is
 * dropped when the job is paid for (and kept, once, when it is not).
 */
function stripChargeClaims(message: string, paid: boolean): string {
  if (!paid) return /nothing was charged/i.test(message) ? message : `${message} Nothing was charged.`;
  return message.replace(/\s*Nothing was charged\.?/gi, '').trim();
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
