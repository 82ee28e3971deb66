import type { SplicedOutputResult } from '../adapters/node/splice';
import { JobRecord, isPaidFor } from '../domain/job';
import type { RetakePlan } from '../domain/plan';
import { TickRange, ticksToSeconds } from '../domain/time';
import { BatchRow, label } from './batchPlan';
import { EXIT, Printer, failureOf } from './report';
import { inCliWords } from './wording';

/** What the batch prints: the plan of every row, the totals, the outcome. */

export function describeRow(row: BatchRow): string {
  const p = row.plan;
  return `  ${label(row)}: ${seconds(p.replaced)} (${p.mode}), uploading ${seconds(p.window)}: ${p.billedSeconds} s billed, about ${usd(p.estimatedCostUsd)}. Prompt: ${quoted(row.prompt)}`;
}

export interface BatchTotals {
  billedSeconds: number;
  costUsd: number;
}

export function totals(plans: RetakePlan[]): BatchTotals {
  return {
    billedSeconds: plans.reduce((s, p) => s + p.billedSeconds, 0),
    costUsd: Math.round(plans.reduce((s, p) => s + p.estimatedCostUsd, 0) * 10000) / 10000,
  };
}

/** How the one output is written, in a sentence: which frames are re-encoded, or why all of them are. */
export function describeSplicedOutput(r: SplicedOutputResult): string {
  const picture = r.method === 'full re-encode'
    ? `the whole picture re-encoded at high quality, because ${r.reason}`
    : !r.reencoded.length
      ? 'the picture copied untouched'
      : `spliced: frames ${r.reencoded.map((s) => `${s.from}-${s.to - 1}`).join(', ')} (the GOPs around the cuts) re-encoded, every other frame copied`;
  const sound = r.soundReencoded;
  if (!sound) return picture;
  const whole = sound.length === 1 && sound[0].fromSeconds === 0;
  return `${picture}; the sound ${whole ? 're-encoded whole' : `re-encoded at ${sound.map((s) => `${s.fromSeconds.toFixed(2)}-${s.toSeconds.toFixed(2)} s`).join(', ')}, the rest copied`}`;
}

/** One row of the JSON output: its plan and, once it ran, its job. */
export function rowJson(row: BatchRow, job: JobRecord | undefined) {
  const p = row.plan;
  const range = (r: TickRange) => ({ from: round(ticksToSeconds(r.start)), to: round(ticksToSeconds(r.end)) });
  return {
    row: row.number, where: row.where, name: row.name, prompt: row.prompt, mode: p.mode,
    replaced: range(p.replaced), window: range(p.window), startTime: p.startTime, duration: p.duration,
    billedSeconds: p.billedSeconds, estimatedCost: p.estimatedCostUsd,
    jobId: job?.id ?? null, state: job?.stage ?? 'not started', taskUUID: job?.taskUUID ?? null,
    charged: job ? isPaidFor(job) : false, cost: job?.costUsd ?? null, take: job?.takePath ?? null,
    error: job && job.stage !== 'done' ? inCliWords(failureOf(job).message) : null,
  };
}

export function reportBatchDone(rows: BatchRow[], jobs: JobRecord[], output: string, written: SplicedOutputResult | null, out: Printer): number {
  const reported = jobs.reduce((s, j) => s + (j.costUsd ?? 0), 0);
  const allReported = jobs.every((j) => j.costUsd !== undefined);
  const t = totals(rows.map((r) => r.plan));
  if (out.json) {
    out.stdout(`${JSON.stringify({
      output, rows: rows.map((r, i) => rowJson(r, jobs[i])), billedSeconds: t.billedSeconds, estimatedCost: t.costUsd,
      cost: allReported ? round(reported) : null, outputMethod: written,
    })}\n`);
    return EXIT.done;
  }
  out.stdout(`Wrote ${output}${written ? ` (${describeSplicedOutput(written)})` : ''}\n`);
  rows.forEach((r, i) => out.stdout(`  ${label(r)}: task ${jobs[i].taskUUID}, ${jobs[i].costUsd === undefined ? 'cost not reported' : usd(jobs[i].costUsd!, 3)}, take ${jobs[i].takePath}\n`));
  out.stdout(`Cost: ${allReported ? usd(reported, 3) : `about ${usd(t.costUsd)} (not every cost was reported)`} for ${rows.length} ${rows.length === 1 ? 'range' : 'ranges'}\n`);
  return EXIT.done;
}

/**
 * Some rows did not finish: the output is not written. Each unfinished row gets its sentence; the
 * last one says what was paid, where the takes are, and that the same command continues.
 */
export function reportBatchUnfinished(rows: BatchRow[], jobs: Array<JobRecord | undefined>, out: Printer): number {
  const failures = rows.map((r, i) => ({ row: r, job: jobs[i] })).filter(({ job }) => job?.stage !== 'done');
  let code: number = EXIT.other;
  for (const { row, job } of failures) {
    if (!job) {
      out.stderr(`ltx-retake: ${label(row)}: not started; nothing was charged for it.\n`);
      continue;
    }
    const failure = failureOf(job);
    // The most specific reason wins: a generation Runware failed, then a refusal, then anything else.
    if (failure.code === EXIT.generationFailed || (failure.code === EXIT.rejected && code !== EXIT.generationFailed)) code = failure.code;
    out.stderr(`ltx-retake: ${label(row)}: ${inCliWords(failure.message)}\n`);
  }
  const paid = rows.map((r, i) => ({ row: r, job: jobs[i] })).filter(({ job }) => job && isPaidFor(job));
  const kept = paid.filter(({ job }) => job!.takePath);
  const paidText = paid.length
    ? ` Paid so far: ${paid.map(({ row, job }) => `${row.where} (task ${job!.taskUUID})`).join(', ')}${kept.length ? `; their takes are kept beside the output (${kept.map(({ job }) => job!.takePath).join(', ')})` : ''}.`
    : ' Nothing was charged.';
  const sentence = `The output was not written: ${failures.length} of ${rows.length} ranges did not finish.${paidText} Run the same command again to continue; no row that was submitted is paid for twice.`;
  out.stderr(`ltx-retake: ${sentence}\n`);
  if (out.json) {
    out.stdout(`${JSON.stringify({ error: { category: 'batch', message: sentence }, rows: rows.map((r, i) => rowJson(r, jobs[i])), charged: paid.length > 0 })}\n`);
  }
  return code;
}

export function usd(value: number, digits = 2): string {
  return `$${value.toFixed(digits)}`;
}

function seconds(r: TickRange): string {
  return `${ticksToSeconds(r.start).toFixed(3)}-${ticksToSeconds(r.end).toFixed(3)} s`;
}

function quoted(prompt: string): string {
  return JSON.stringify(prompt.length > 80 ? `${prompt.slice(0, 79)}…` : prompt);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
