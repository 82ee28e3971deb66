import { randomUUID } from 'crypto';
import { basename, dirname, extname, join, resolve } from 'path';
import { CancelToken } from '../app/cancel';
import { systemClock } from '../app/clock';
import { Journal } from '../app/journal';
import type { InferencePort } from '../app/ports';
import { generationHistory, runRetakeJob } from '../app/retakeJob';
import { createNodeFileStore } from '../adapters/node/fileStore';
import { createVideoFileHost } from '../adapters/node/videoFileHost';
import { createRunwareClient } from '../adapters/runware/client';
import { asRetakeError } from '../domain/errors';
import { JobRecord, loadPlan, newJob } from '../domain/job';
import { estimateGenerationMs } from '../domain/polling';
import { planRetake } from '../domain/plan';
import { TickRange, ticksToSeconds } from '../domain/time';
import { startRunwareStandIn } from '../standins/runware/server';
import { CliOptions, USAGE, parseArgs } from './args';
import { describeOutput, runDryRun } from './dryRun';
import { createProgress } from './progress';

export const EXIT = { done: 0, other: 1, invalidInput: 2, rejected: 3, generationFailed: 4 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress is one line redrawn in place. */
  isTTY?: boolean;
  /** Cancels the job (SIGINT in the real CLI). */
  cancel?: CancelToken;
}

/** The whole command: returns the exit code. Nothing is uploaded before every input check passed. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(parsed.error ? `ltx-retake: ${parsed.error}\n\n${USAGE}\n` : `${USAGE}\n`);
    return parsed.error ? EXIT.invalidInput : EXIT.done;
  }
  const o = parsed.options;
  const apiKey = env.RUNWARE_API_KEY?.trim();
  if (!o.emulator && !o.dryRun && !apiKey) {
    io.stderr('ltx-retake: set RUNWARE_API_KEY to your Runware API key, or pass --emulator to try it against the local stand-in.\n');
    return EXIT.invalidInput;
  }
  const input = resolve(o.input);
  const output = resolve(o.output ?? join(dirname(input), `${basename(input, extname(input))}.retake.mp4`));
  if (output === input) {
    io.stderr('ltx-retake: --output must not be the input file.\n');
    return EXIT.invalidInput;
  }

  let host;
  try {
    host = await createVideoFileHost({
      input, output, fromSeconds: o.from, toSeconds: o.to, audioFadeMs: o.audioFadeMs,
      onOutputWritten: (written) => io.stderr(`  Output: ${describeOutput(written)}.\n`),
    });
  } catch (e) {
    io.stderr(`ltx-retake: ${asRetakeError(e).message}\n`);
    return EXIT.invalidInput;
  }
  const sequence = await host.readSequence();
  if (!sequence) return EXIT.other;
  const planned = planRetake(sequence.marks, sequence.timing, { mode: o.mode, prompt: o.prompt, handleSeconds: o.handles, extraPlacement: o.extra });
  if (!planned.ok) {
    io.stderr(`ltx-retake: ${planned.reason}\n`);
    return EXIT.invalidInput;
  }
  const plan = planned.plan;
  const span = (r: TickRange) => `${ticksToSeconds(r.start).toFixed(3)}-${ticksToSeconds(r.end).toFixed(3)} s`;
  io.stderr(
    `Retaking ${span(plan.replaced)} (${plan.mode}); uploading ${span(plan.window)}: ${plan.billedSeconds} s billed, about $${plan.estimatedCostUsd.toFixed(2)}.\n`,
  );

  if (o.dryRun) {
    await runDryRun(plan, input, output, o.json, io);
    return EXIT.done;
  }

  const standIn = o.emulator ? await startRunwareStandIn() : null;
  try {
    const files = createNodeFileStore();
    const journal = new Journal(files, join(dirname(output), '.ltx-retake-journal.json'));
    await journal.load();
    const inference: InferencePort = createRunwareClient({
      apiKey: standIn ? 'local-stand-in' : (apiKey as string),
      apiUrl: standIn ? standIn.url : env.RUNWARE_API_URL || undefined,
      fetch: globalThis.fetch.bind(globalThis),
      clock: systemClock,
      newUUID: randomUUID,
    });
    const job = newJob({ id: randomUUID().slice(0, 8), now: new Date(), sequenceId: sequence.id, sequenceName: sequence.name, origin: { kind: 'marks' }, plan });
    await journal.save(job);
    const progress = createProgress({
      tty: io.isTTY === true, write: io.stderr, now: () => Date.now(),
      expectedGenerationMs: estimateGenerationMs(generationHistory(journal.all()), plan.billedSeconds),
    });
    const unsubscribe = journal.subscribe((j) => {
      if (j.id === job.id) progress.update(j);
    });
    const ticker = setInterval(() => progress.tick(), 1_000);
    const finished = await runRetakeJob(job.id, { host, inference, files, journal, clock: systemClock, newUUID: randomUUID }, io.cancel ?? new CancelToken()).finally(() => {
      clearInterval(ticker);
      progress.finish();
    });
    unsubscribe();
    return report(finished, o, output, io);
  } finally {
    await standIn?.close();
  }
}

function report(job: JobRecord, o: CliOptions, output: string, io: CliIo): number {
  const plan = loadPlan(job.plan);
  const seconds = (r: TickRange) => ({ from: round(ticksToSeconds(r.start)), to: round(ticksToSeconds(r.end)) });
  if (job.stage === 'done') {
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
    if (o.json) io.stdout(`${JSON.stringify(summary)}\n`);
    else io.stdout(`Wrote ${output}\nTake kept at ${job.takePath}\nCost: ${job.costUsd === undefined ? 'not reported' : `$${job.costUsd.toFixed(3)}`} (task ${job.taskUUID})\n`);
    return EXIT.done;
  }
  const error = job.error;
  const paid = job.acknowledged ? ` Task ${job.taskUUID} was submitted and is paid for; job ${job.id} is in the journal beside the output.` : ' Nothing was charged.';
  if (job.stage === 'cancelled' || job.stage === 'stopped') {
    io.stderr(`ltx-retake: cancelled.${paid}\n`);
    return EXIT.other;
  }
  io.stderr(`ltx-retake: ${error?.message ?? 'the retake failed.'}${paid}\n`);
  if (o.json) io.stdout(`${JSON.stringify({ jobId: job.id, taskUUID: job.taskUUID ?? null, error })}\n`);
  if (!error) return EXIT.other;
  if (error.category === 'invalidInput') return EXIT.invalidInput;
  if (['validation', 'auth', 'quota'].includes(error.category)) return EXIT.rejected;
  if (error.category === 'provider' || error.category === 'safety') return job.acknowledged ? EXIT.generationFailed : EXIT.rejected;
  return EXIT.other;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
