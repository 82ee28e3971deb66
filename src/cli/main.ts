import { randomUUID } from 'crypto';
import { CancelToken } from '../app/cancel';
import { Journal } from '../app/journal';
import { generationHistory, runRetakeJob } from '../app/retakeJob';
import { lockOutput } from '../adapters/node/outputLock';
import { identityAt, isOutputAppeared } from '../adapters/node/placeOutput';
import type { HostPort } from '../app/ports';
import { asRetakeError } from '../domain/errors';
import { JobRecord, isPaidFor, newJob, storePlan } from '../domain/job';
import { estimateGenerationMs } from '../domain/polling';
import { RetakePlan, planRetake } from '../domain/plan';
import { TickRange, ticksToSeconds } from '../domain/time';
import { startRunwareStandIn } from '../standins/runware/server';
import { CliOptions, USAGE, parseArgs } from './args';
import { runBatch } from './batch';
import { Connection, commandTarget, inferenceFor } from './connection';
import { describeOutput, runDryRun } from './dryRun';
import { listJobs } from './jobsCommand';
import { mayHaveWrittenOutput, outputAppearedSentence, outputExistsSentence } from './outputConflict';
import { journalPathFor, lockPathFor } from './outputFiles';
import { createProgress } from './progress';
import { EXIT, Printer, fail, reportJob, resumeHint } from './report';
import { chooseJob } from './resume';
import { PreparedSource, prepareSource } from './source';
import { CliSystem, nodeSystem, repeatEvery } from './system';

export { EXIT } from './report';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress is one line redrawn in place. */
  isTTY?: boolean;
  /** Cancels the job (SIGINT in the real CLI). */
  cancel?: CancelToken;
  /** Asks a yes/no question on the terminal; absent when stdin is not a terminal. */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * The whole command: returns the exit code. Every check on the input, the output path, the key
 * and the lock passes before anything is uploaded. `system` is the machine (see system.ts).
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo, system: CliSystem = nodeSystem()): Promise<number> {
  const parsed = parseArgs(argv);
  const json = argv.includes('--json');
  const out: Printer = { stdout: io.stdout, stderr: io.stderr, json };
  if (!parsed.ok) {
    if (!parsed.error) {
      io.stdout(`${USAGE}\n`);
      return EXIT.done;
    }
    const code = fail(out, EXIT.invalidInput, 'invalidInput', parsed.error);
    io.stderr(`\n${USAGE}\n`);
    return code;
  }
  if (parsed.command.kind === 'jobs') return listJobs(parsed.command.folder, out);
  if (parsed.command.kind === 'batch') return runBatch(parsed.command.options, env, io, system);
  const o = parsed.command.options;
  const target = await commandTarget(o, env);
  if ('problem' in target) return fail(out, EXIT.invalidInput, 'invalidInput', target.problem);
  const { connection, input, output } = target;
  const source = await prepareSource(input, output, o, (written) => out.stderr(`  Output: ${describeOutput(written)}.\n`));
  if ('problem' in source) return fail(out, EXIT.invalidInput, 'invalidInput', source.problem);
  try {
    return await retakeWithSource(source, o, output, connection, out, system, { cancel: io.cancel ?? new CancelToken(), isTTY: io.isTTY === true });
  } finally {
    await source.cleanup();
  }
}

async function retakeWithSource(
  source: PreparedSource,
  o: CliOptions,
  output: string,
  connection: Connection,
  out: Printer,
  system: CliSystem,
  { cancel, isTTY }: { cancel: CancelToken; isTTY: boolean },
): Promise<number> {
  const sequence = await source.host.readSequence();
  if (!sequence) return fail(out, EXIT.other, 'host', 'The input could not be read.');
  const planned = planRetake(sequence.marks, sequence.timing, { mode: o.mode, prompt: o.prompt, handleSeconds: o.handles, extraPlacement: o.extra });
  if (!planned.ok) return fail(out, EXIT.invalidInput, 'invalidInput', planned.reason);
  const plan = planned.plan;
  out.stderr(`${describePlan(plan)}\n`);
  for (const note of source.notes) out.stderr(`${note}\n`);
  if (o.dryRun) {
    await runDryRun(plan, source.file, output, o.json, out);
    return EXIT.done;
  }

  const lock = await lockOutput(lockPathFor(output), output, system.lockOwner);
  if (!lock.ok) return fail(out, EXIT.other, 'host', lock.sentence);
  const standIn = connection.kind === 'standIn' ? await startRunwareStandIn() : null;
  try {
    const { files, clock } = system;
    const journal = new Journal(files, journalPathFor(output));
    await journal.load();
    for (const notice of journal.notices) out.stderr(`ltx-retake: ${notice}\n`);
    const choice = chooseJob(journal.all(), source.fingerprint, storePlan(plan), o.fresh, `$${plan.estimatedCostUsd.toFixed(2)}`);
    if (choice.kind === 'refuse') return fail(out, EXIT.generationFailed, 'provider', choice.sentence, choice.job);
    const atOutput = await identityAt(output);
    if (choice.kind === 'done' && atOutput) {
      out.stderr(`Job ${choice.job.id} already wrote ${output} (task ${choice.job.taskUUID}); nothing was charged again. Add --new to pay for another retake.\n`);
      return reportJob(choice.job, output, out);
    }
    const known = choice.kind === 'new' ? null : choice.job;
    if (!o.overwrite && atOutput && !(known && mayHaveWrittenOutput(known))) {
      const paid = known && isPaidFor(known) ? [known] : [];
      return fail(out, EXIT.invalidInput, 'invalidInput', outputExistsSentence(output, paid), paid[0]);
    }
    // The file there now is replaced only with --overwrite or when it is this job's own; one that appears later never is.
    source.host.allowReplacing(o.overwrite ? 'anything' : atOutput);
    let job: JobRecord;
    if (choice.kind === 'new') {
      for (const note of choice.notes) out.stderr(`${note}\n`);
      job = newJob({ id: randomUUID().slice(0, 8), now: new Date(), sequenceId: sequence.id, sequenceName: sequence.name, origin: { kind: 'marks' }, plan });
    } else {
      job = choice.job;
      out.stderr(`Continuing job ${job.id} from the journal${job.acknowledged ? ` (task ${job.taskUUID}, already paid for: no new charge)` : ' (nothing charged yet)'}.\n`);
      // A finished job whose output is gone: written again from its take, at no charge.
      if (choice.kind === 'done') job = { ...job, stage: 'queued', placed: undefined };
    }
    await journal.save(job);

    const inference = inferenceFor(connection, standIn, system);
    const progress = createProgress({
      tty: isTTY, write: out.stderr, now: () => clock.now(),
      expectedGenerationMs: estimateGenerationMs(generationHistory(journal.all()), plan.billedSeconds),
    });
    let toldPaid = false;
    const unsubscribe = journal.subscribe((j) => {
      if (j.id !== job.id) return;
      if (j.acknowledged && !toldPaid) {
        toldPaid = true;
        out.stderr(`  Task ${j.taskUUID} is submitted and billed. If this command stops, run it again: it continues this job without a new charge.\n`);
      }
      progress.update(j);
    });
    const stopTicking = repeatEvery(clock, 1_000, () => progress.tick());
    const host = system.host(source.host);
    let outputAppeared = false;
    const placeTake: HostPort['placeTake'] = (take, placement) =>
      host.placeTake(take, placement).catch((e: unknown) => {
        outputAppeared = isOutputAppeared(e);
        throw e;
      });
    try {
      const finished = await runRetakeJob(job.id, { host: { ...host, placeTake }, inference, files, journal, clock, newUUID: randomUUID }, cancel);
      progress.finish();
      if (finished.stage === 'failed' && outputAppeared) return fail(out, EXIT.other, 'host', outputAppearedSentence(output, [finished]), finished);
      return reportJob(finished, output, out);
    } catch (e) {
      progress.finish();
      // Only a journal that cannot be written gets here: the job as last known says what was paid.
      const last = journal.get(job.id) ?? job;
      return fail(out, EXIT.other, 'host', `${asRetakeError(e).message}${last.acknowledged ? ` ${resumeHint(last)}` : ''}`, last);
    } finally {
      stopTicking();
      unsubscribe();
    }
  } finally {
    await standIn?.close();
    await lock.release();
  }
}

function describePlan(plan: RetakePlan): string {
  const span = (r: TickRange) => `${ticksToSeconds(r.start).toFixed(3)}-${ticksToSeconds(r.end).toFixed(3)} s`;
  return `Retaking ${span(plan.replaced)} (${plan.mode}); uploading ${span(plan.window)}: ${plan.billedSeconds} s billed, about $${plan.estimatedCostUsd.toFixed(2)}.`;
}

