import { randomUUID } from 'crypto';
import { readFile } from 'fs/promises';
import { basename, resolve } from 'path';
import { CancelToken } from '../app/cancel';
import { Journal } from '../app/journal';
import type { Clock, FileStore, HostPort, InferencePort } from '../app/ports';
import { generationHistory, runRetakeJob } from '../app/retakeJob';
import { lockOutput } from '../adapters/node/outputLock';
import { pathExists } from '../adapters/node/outputPath';
import { Replacement, SplicedOutputResult, previewSplicedOutput, writeSplicedOutput } from '../adapters/node/splice';
import { probeSource } from '../adapters/node/splice/probe';
import { RetakeError, asRetakeError } from '../domain/errors';
import { isOutputAppeared } from '../adapters/node/placeOutput';
import { JobRecord, STAGE_LABELS, isPaidFor, newJob, storePlan } from '../domain/job';
import { modeTouchesAudio, modeTouchesVideo } from '../domain/limits';
import { estimateGenerationMs } from '../domain/polling';
import { ticksToFrames } from '../domain/time';
import { startRunwareStandIn } from '../standins/runware/server';
import type { BatchOptions } from './batchArgs';
import { BatchRow, label, planBatchRows } from './batchPlan';
import { parseRanges } from './batchRanges';
import { describeRow, describeSplicedOutput, reportBatchDone, reportBatchUnfinished, rowJson, totals, usd } from './batchReport';
import { Connection, commandTarget, inferenceFor } from './connection';
import type { CliIo } from './main';
import { outputAppearedSentence, outputExistsSentence } from './outputConflict';
import { journalPathFor, lockPathFor } from './outputFiles';
import { createProgress, Progress } from './progress';
import { EXIT, Printer, fail } from './report';
import { JobChoice, chooseJob } from './resume';
import { PreparedSource, prepareSource } from './source';
import type { CliSystem } from './system';

/**
 * `ltx-retake batch <input> <ranges>`: every range of the file retaken, each as its own job in the
 * output's journal (resumed like a single retake), and one output written at the end with every
 * take spliced in. Everything about the file, the ranges, the cost and the output is checked
 * before anything is uploaded; the cost is shown and confirmed first.
 */
export async function runBatch(o: BatchOptions, env: Record<string, string | undefined>, io: CliIo, system: CliSystem): Promise<number> {
  const out: Printer = { stdout: io.stdout, stderr: io.stderr, json: o.json };
  const target = await commandTarget(o, env);
  if ('problem' in target) return fail(out, EXIT.invalidInput, 'invalidInput', target.problem);
  const { connection, input, output } = target;
  const rangesPath = resolve(o.ranges);
  const bytes = await readFile(rangesPath).catch(() => null);
  if (bytes === null) return fail(out, EXIT.invalidInput, 'invalidInput', `Cannot read the ranges file ${rangesPath}.`);
  const parsed = parseRanges(bytes, basename(rangesPath));
  if (parsed.problems.length) return refuse(out, parsed.problems, rangesPath);
  if (!parsed.rows.length) return fail(out, EXIT.invalidInput, 'invalidInput', `${rangesPath} holds no ranges. Nothing was uploaded.`);
  // The rows' modes are known only once planned: the source is read as for a picture retake, the silent-source note comes later.
  const source = await prepareSource(input, output, { from: 0, to: 0, mode: 'replace_video', audioFadeMs: o.audioFadeMs }, () => undefined);
  if ('problem' in source) return fail(out, EXIT.invalidInput, 'invalidInput', source.problem);
  try {
    const sequence = await source.host.readSequence();
    if (!sequence) return fail(out, EXIT.other, 'host', 'The input could not be read.');
    const startTimecode = (await probeSource(input)).video?.timecode ?? null;
    const planned = planBatchRows(parsed.rows, { timing: sequence.timing, startTimecode, defaults: { mode: o.mode, handles: o.handles, extra: o.extra } });
    if (planned.problems.length) return refuse(out, planned.problems, rangesPath);
    const rows = planned.rows;
    for (const row of rows) out.stderr(`${describeRow(row)}\n`);
    for (const note of source.notes) out.stderr(`${note}\n`);
    if (!source.host.media.audio && rows.some((r) => modeTouchesAudio(r.mode))) {
      out.stderr('The input has no sound: each take\'s sound is added over its range, with silence elsewhere.\n');
    }
    const all = totals(rows.map((r) => r.plan));
    out.stderr(`${rows.length} ${rows.length === 1 ? 'range' : 'ranges'}: ${all.billedSeconds} s billed in all, about ${usd(all.costUsd)}.\n`);
    if (o.maxCostUsd !== null && all.costUsd > o.maxCostUsd + 1e-9) {
      return fail(out, EXIT.invalidInput, 'invalidInput', `The batch would cost about ${usd(all.costUsd)}, over --max-cost ${usd(o.maxCostUsd)}. Nothing was uploaded; remove rows or raise the cap.`);
    }
    if (o.dryRun) return await dryRun(rows, source.file, output, out);
    return await runRows(rows, { o, io, out, source, output, connection, sequenceName: sequence.name, system });
  } finally {
    await source.cleanup();
  }
}

/** One sentence per problem, then the refusal: exit 2, nothing uploaded. */
function refuse(out: Printer, problems: string[], rangesPath: string): number {
  for (const p of problems.slice(0, -1)) out.stderr(`ltx-retake: ${p}\n`);
  const last = problems[problems.length - 1];
  return fail(out, EXIT.invalidInput, 'invalidInput', `${last}${problems.length > 1 ? ` (${problems.length} problems in ${rangesPath})` : ''} Nothing was uploaded.`);
}

async function dryRun(rows: BatchRow[], file: string, output: string, out: Printer): Promise<number> {
  const preview = await previewSplicedOutput(file, rows.filter((r) => modeTouchesVideo(r.mode)).map((r) => framesOf(r).replaced));
  const all = totals(rows.map((r) => r.plan));
  if (out.json) {
    out.stdout(`${JSON.stringify({ dryRun: true, rows: rows.map((r) => rowJson(r, undefined)), billedSeconds: all.billedSeconds, estimatedCost: all.costUsd, output, outputMethod: preview })}\n`);
  } else {
    out.stdout(`Dry run: nothing uploaded, nothing billed.\nWould retake ${rows.length} ranges: ${all.billedSeconds} s billed, about ${usd(all.costUsd)}.\nWould write ${output}: ${describeSplicedOutput(preview)}.\n`);
  }
  return EXIT.done;
}

interface RunContext {
  o: BatchOptions;
  io: CliIo;
  out: Printer;
  source: PreparedSource;
  output: string;
  connection: Connection;
  /** Names the takes: the input's name. */
  sequenceName: string;
  system: CliSystem;
}

async function runRows(rows: BatchRow[], ctx: RunContext): Promise<number> {
  const { o, io, out, source, output, system } = ctx;
  const lock = await lockOutput(lockPathFor(output), output, system.lockOwner);
  if (!lock.ok) return fail(out, EXIT.other, 'host', lock.sentence);
  let standIn: Awaited<ReturnType<typeof startRunwareStandIn>> | null = null;
  try {
    const { files } = system;
    const journal = new Journal(files, journalPathFor(output));
    await journal.load();
    for (const notice of journal.notices) out.stderr(`ltx-retake: ${notice}\n`);
    const choices = rows.map((row) => chooseFor(row, journal.all(), source.fingerprint, o.fresh));
    const refused = choices.flatMap((c, i) => (c.kind === 'refuse' ? [`${label(rows[i])}: ${c.sentence}`] : []));
    if (refused.length) {
      for (const r of refused.slice(0, -1)) out.stderr(`ltx-retake: ${r}\n`);
      return fail(out, EXIT.generationFailed, 'provider', `${refused[refused.length - 1]} Nothing was uploaded for the other rows.`);
    }
    const known = choices.filter((c) => c.kind !== 'new').length;
    if (choices.every((c) => c.kind === 'done') && (await pathExists(output))) {
      out.stderr(`Every range is done and ${output} is written; nothing was charged again. Add --new only to pay for ranges whose generation failed.\n`);
      return reportBatchDone(rows, choices.map((c) => (c as { job: JobRecord }).job), output, null, out);
    }
    // The batch writes its output only once every range is done (just above): a file there now is
    // not this batch's, whatever the journal knows.
    if (!o.overwrite && (await pathExists(output))) {
      const paid = choices.flatMap((c) => ('job' in c && isPaidFor(c.job) ? [c.job] : []));
      return fail(out, EXIT.invalidInput, 'invalidInput', outputExistsSentence(output, paid), paid[0]);
    }
    const unpaid = rows.filter((_, i) => !('job' in choices[i]) || !(choices[i] as { job: JobRecord }).job.acknowledged);
    const newCharge = totals(unpaid.map((r) => r.plan)).costUsd;
    if (known) out.stderr(`Continuing from the journal: ${rows.length - unpaid.length} ranges already paid for (no new charge for them), ${unpaid.length} to submit.\n`);
    if (unpaid.length && !o.yes) {
      const question = `Spend about ${usd(newCharge)} on ${unpaid.length} ${unpaid.length === 1 ? 'retake' : 'retakes'}? [y/N] `;
      if (!io.confirm) {
        return fail(out, EXIT.invalidInput, 'invalidInput', `This batch would charge about ${usd(newCharge)}: confirm it on a terminal, or add --yes to run it from a script. Nothing was uploaded.`);
      }
      if (!(await io.confirm(question))) return fail(out, EXIT.other, 'cancelled', 'Not confirmed: nothing was uploaded or charged.');
    }
    standIn = ctx.connection.kind === 'standIn' ? await startRunwareStandIn() : null;
    const inference = inferenceFor(ctx.connection, standIn, system);
    const jobs: JobRecord[] = [];
    for (const [i, row] of rows.entries()) {
      const choice = choices[i];
      if (choice.kind === 'new') {
        for (const note of choice.notes) out.stderr(`  ${label(row)}: ${note}\n`);
        jobs.push(newJob({ id: randomUUID().slice(0, 8), now: new Date(system.clock.now()), sequenceId: source.fingerprint, sequenceName: ctx.sequenceName, origin: { kind: 'marker', markerId: `row-${row.number}`, markerName: row.name }, plan: row.plan }));
        await journal.save(jobs[i]);
      } else {
        jobs.push((choice as { job: JobRecord }).job);
      }
    }
    const finished = await runJobs(rows, jobs, { journal, inference, files, host: system.host(deferredPlacement(source.host)), clock: system.clock, cancel: io.cancel ?? new CancelToken(), concurrency: o.concurrency, out });
    if (finished.some((j) => j?.stage !== 'done')) return reportBatchUnfinished(rows, finished, out);
    let written: SplicedOutputResult;
    try {
      const replaceable = o.overwrite ? 'anything' : null;
      written = await writeSplicedOutput({ input: source.file, output, audioFadeMs: o.audioFadeMs, replaceable, replacements: rows.map((r, i) => replacementOf(r, finished[i]!)) });
    } catch (e) {
      if (isOutputAppeared(e)) return refuseAppearedOutput(finished as JobRecord[], asRetakeError(e), journal, output, out);
      const tasks = finished.map((j) => j!.taskUUID).join(', ');
      return fail(out, EXIT.other, 'host', `Could not write ${output}: ${asRetakeError(e).message} Every range is paid for (tasks ${tasks}) and its take is kept beside the output; run the same command again to write it, at no new charge.`);
    }
    return reportBatchDone(rows, finished as JobRecord[], output, written, out);
  } finally {
    await standIn?.close();
    await lock.release();
  }
}

/**
 * A file appeared at the output while the batch ran: it is left alone, and each row is recorded
 * as not yet placed, so the next run neither takes that file for this batch's output nor pays again.
 */
async function refuseAppearedOutput(jobs: JobRecord[], error: RetakeError, journal: Journal, output: string, out: Printer): Promise<number> {
  const notPlaced = { stage: 'failed' as const, placed: undefined, error: { category: error.category, message: error.message, retryable: false, stage: 'placing' as const } };
  let unsaved = '';
  for (const job of jobs) {
    await journal.save({ ...job, ...notPlaced }).catch((e: unknown) => (unsaved = ` ${asRetakeError(e).message}`));
  }
  return fail(out, EXIT.other, 'host', `${outputAppearedSentence(output, jobs)}${unsaved}`, jobs[0]);
}

/** A row's job from the journal, as for a single retake; with --new, a row whose paid generation failed starts afresh. */
function chooseFor(row: BatchRow, jobs: JobRecord[], fingerprint: string, fresh: boolean): JobChoice {
  const estimate = usd(row.plan.estimatedCostUsd);
  const choice = chooseJob(jobs, fingerprint, storePlan(row.plan), false, estimate);
  return choice.kind === 'refuse' && fresh ? chooseJob(jobs, fingerprint, storePlan(row.plan), true, estimate) : choice;
}

/** The take is placed only when every row is done, in one write: a row's "place" only records that its take is ready. */
function deferredPlacement(host: HostPort): HostPort {
  return {
    ...host,
    placeTake: async (_take, p) => ({ sequenceId: p.sequenceId, name: p.name, videoTrackIndex: null, audioTrackIndex: null, at: p.at.toString() }),
    findPlacedTake: async () => null,
  };
}

interface JobRunner {
  journal: Journal;
  inference: InferencePort;
  files: FileStore;
  host: HostPort;
  clock: Clock;
  cancel: CancelToken;
  concurrency: number;
  out: Printer;
}

/** Runs the unfinished rows, `concurrency` at a time, with a progress line per row and stage; returns each row's last state. */
async function runJobs(rows: BatchRow[], jobs: JobRecord[], r: JobRunner): Promise<Array<JobRecord | undefined>> {
  const results: Array<JobRecord | undefined> = jobs.map((j) => (j.stage === 'done' ? j : undefined));
  const progress = new Map<string, Progress>();
  const toldPaid = new Set<string>();
  const history = generationHistory(r.journal.all());
  const unsubscribe = r.journal.subscribe((j) => {
    const row = rows[jobs.findIndex((x) => x.id === j.id)];
    if (!row) return;
    if (j.acknowledged && !toldPaid.has(j.id)) {
      toldPaid.add(j.id);
      r.out.stderr(`  ${label(row)}: task ${j.taskUUID} is submitted and billed. If this command stops, run it again: it continues without a new charge.\n`);
    }
    progress.get(j.id)?.update(j);
  });
  const ticker = setInterval(() => progress.forEach((p) => p.tick()), 1_000);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < rows.length; i = next++) {
      if (results[i] || r.cancel.cancelled) continue;
      const row = rows[i];
      progress.set(jobs[i].id, createProgress({
        tty: false, now: () => r.clock.now(), expectedGenerationMs: estimateGenerationMs(history, row.plan.billedSeconds),
        write: (text) => {
          const line = inBatchProgressWords(text);
          if (line) r.out.stderr(`  ${label(row)}:${line.replace(/^\s+/, ' ')}`);
        },
      }));
      if (jobs[i].stage !== 'queued') r.out.stderr(`  ${label(row)}: continuing job ${jobs[i].id}${jobs[i].acknowledged ? ` (task ${jobs[i].taskUUID}, already paid for)` : ' (nothing charged yet)'}.\n`);
      try {
        results[i] = await runRetakeJob(jobs[i].id, { host: r.host, inference: r.inference, files: r.files, journal: r.journal, clock: r.clock, newUUID: randomUUID }, r.cancel);
      } catch (e) {
        // Only a journal that cannot be written gets here: the job as last known says what was paid.
        const last = r.journal.get(jobs[i].id) ?? jobs[i];
        results[i] = { ...last, stage: 'failed', error: { category: 'host', message: asRetakeError(e).message, retryable: false, stage: last.stage } };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(r.concurrency, rows.length) }, worker));
  } finally {
    clearInterval(ticker);
    unsubscribe();
  }
  return results;
}

/** A row's take is checked and kept, not placed: its import and place stages read so (nothing else changes). */
function inBatchProgressWords(text: string): string | null {
  if (text.includes(`${STAGE_LABELS.importing}…`)) return null;
  return text.replace(`${STAGE_LABELS.placing}…`, 'take downloaded and checked; the output is written once every range is done.');
}

function framesOf(row: BatchRow) {
  const { plan } = row;
  const rate = plan.frameRate;
  return {
    replaced: { from: ticksToFrames(plan.replaced.start, rate), to: ticksToFrames(plan.replaced.end, rate) },
    takeFrom: ticksToFrames(plan.takeSource.start, rate),
  };
}

function replacementOf(row: BatchRow, job: JobRecord): Replacement {
  return { take: job.takePath!, ...framesOf(row), replaceVideo: modeTouchesVideo(row.mode), replaceAudio: modeTouchesAudio(row.mode) };
}
