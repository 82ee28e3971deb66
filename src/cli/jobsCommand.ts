import { readdir } from 'fs/promises';
import { join, resolve } from 'path';
import { Journal } from '../app/journal';
import { createNodeFileStore } from '../adapters/node/fileStore';
import { JobRecord, isPaidFor, loadPlan } from '../domain/job';
import { ticksToSeconds } from '../domain/time';
import { outputOfJournal } from './outputFiles';
import { EXIT, Printer, fail } from './report';

/** `ltx-retake jobs [folder]`: every job in the journals kept beside the outputs in the folder. */
export async function listJobs(folder: string, out: Printer): Promise<number> {
  const dir = resolve(folder);
  const names = await readdir(dir).catch(() => null);
  if (names === null) return fail(out, EXIT.invalidInput, 'invalidInput', `Cannot read the folder ${dir}.`);
  const files = createNodeFileStore();
  const rows: Array<{ output: string; job: JobRecord }> = [];
  for (const name of names.sort()) {
    const output = outputOfJournal(name);
    if (!output) continue;
    const journal = new Journal(files, join(dir, name));
    for (const job of await journal.load()) rows.push({ output: join(dir, output), job });
    for (const notice of journal.notices) out.stderr(`ltx-retake: ${notice}\n`);
  }
  if (out.json) {
    out.stdout(`${JSON.stringify({ folder: dir, jobs: rows.map(({ output, job }) => ({ output, ...describe(job) })) })}\n`);
    return EXIT.done;
  }
  if (!rows.length) {
    out.stdout(`No ltx-retake jobs in ${dir}.\n`);
    return EXIT.done;
  }
  for (const { output, job } of rows) {
    const d = describe(job);
    const cost = d.cost !== null ? `$${d.cost.toFixed(3)}` : `about $${d.estimatedCost.toFixed(2)}${d.charged ? '' : ' (not charged)'}`;
    out.stdout(`${job.id}  ${d.state.padEnd(10)} ${d.replaced.from}-${d.replaced.to} s  ${d.mode}  ${cost}  task ${d.taskUUID ?? '-'}  ${output}\n`);
    if (d.error) out.stdout(`          ${d.error}\n`);
  }
  return EXIT.done;
}

function describe(job: JobRecord) {
  const plan = loadPlan(job.plan);
  const s = (t: bigint) => Math.round(ticksToSeconds(t) * 1000) / 1000;
  return {
    jobId: job.id,
    state: job.stage,
    createdAt: job.createdAt,
    prompt: plan.prompt,
    mode: plan.mode,
    replaced: { from: s(plan.replaced.start), to: s(plan.replaced.end) },
    billedSeconds: plan.billedSeconds,
    estimatedCost: plan.estimatedCostUsd,
    cost: job.costUsd ?? null,
    charged: isPaidFor(job),
    mediaUUID: job.mediaUUID ?? null,
    taskUUID: job.taskUUID ?? null,
    take: job.takePath ?? null,
    error: job.error?.message ?? null,
  };
}
