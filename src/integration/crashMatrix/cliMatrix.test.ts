/**
 * The crash-and-fault matrix, CLI side: for every point where `ltx-retake` can die (before and
 * after each journal write, the take write and the output write, during each request to Runware)
 * crossed with each fault Runware or the disk can throw, the command is run on a video file
 * against the Runware stand-in, killed there, and then run again exactly as typed: the user's way
 * to resume. Every cell must end with at most one billed submit, no upload once a submit was
 * accepted, the input untouched, no lock left behind, and either exit 0 with the output holding
 * the retake, or (where the result is gone) a sentence that names the paid task and what to do.
 *
 * The runs are in-process (cliLife.ts) so that a run can die at an exact event; the real binary
 * killed with SIGKILL is proven in cliProcessMatrix.test.ts.
 */
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { lockPathFor } from '../../cli/outputFiles';
import { startRunwareStandIn } from '../../standins/runware/server';
import { makeTestClip, meanColourOfFrame } from '../../testing/media';
import { CliRun, MadeOnce, ProcessTable, runCliLife } from './cliLife';
import type { FaultCase } from './faultCases';
import { cachedRetakeRender, runMatrix, withinLimit } from './matrix';
import { CrashPoint, Life, requestKind } from './mortal';

jest.setTimeout(600_000);

const work = mkdtempSync(join(tmpdir(), 'cli-matrix-'));
const KEY = 'rw_cli_matrix_key_7c6d5e';
/** Client time runs this much faster than real time (poll cadence, grace periods, deadlines). */
const SPEED = 40;
const CELL_LIMIT_MS = 60_000;
const retakeRender = cachedRetakeRender(work);
const madeOnce = new MadeOnce(work);
let input: string;
let inputHash: string;
/** The output of a healthy run, checked frame by frame once: every finished cell must write exactly it. */
let expectedOutputHash: string;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const command = (output: string) => [input, '--from', '4', '--to', '6', '--prompt', 'a red car', '--output', output, '--json'];

interface CliCellOutcome {
  point: CrashPoint | null;
  events: Life['events'];
  /** The first run's own end, or null when it was killed. */
  first: CliRun | null;
  again: CliRun;
  output: string;
  submits: number;
  /** Runware generated the take (the stand-in bills only a job that succeeded). */
  generated: boolean;
  paidTaskUUID: string | undefined;
  /** Uploads sent while Runware already held an accepted submit. */
  uploadsAfterSubmit: number;
  outputWrites: number;
  /** The first run was killed after its output write completed (before or after the journal said so). */
  diedAfterWritingOutput: boolean;
  outputHash: string | null;
  inputIntact: boolean;
  lockLeft: boolean;
}

/** Runs the command, killed at `point` (null: never), then runs the same command again. */
async function runCellToEnd(fault: FaultCase, point: CrashPoint | null): Promise<CliCellOutcome> {
  const standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150, renderRetake: retakeRender });
  try {
    for (const scripted of fault.runware) standIn.faults.add(scripted);
    const output = join(mkdtempSync(join(work, 'cell-')), 'out.mp4');
    const env = { RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url };
    let uploadsAfterSubmit = 0;
    let outputWrites = 0;
    const watched = ((url: string | URL | Request, init?: RequestInit) => {
      if (requestKind(init) === 'upload' && standIn.stats.submits > 0) uploadsAfterSubmit += 1;
      return fetch(url, init);
    }) as typeof fetch;
    const processes = new ProcessTable();
    const life = (l: Life, diskFull: boolean) =>
      runCliLife(command(output), env, { life: l, processes, output, speed: SPEED, diskFull, fetch: watched, made: madeOnce, onOutputWritten: () => (outputWrites += 1) });

    const firstLife = new Life(point);
    const first = await Promise.race([life(firstLife, fault.diskFull === true), firstLife.died().then(() => null)]);
    const writtenByFirst = outputWrites;
    const again = await life(new Life(null), false);
    return {
      point,
      events: firstLife.events,
      first,
      again,
      output,
      submits: standIn.stats.submits,
      generated: standIn.stats.billedSeconds > 0,
      paidTaskUUID: standIn.stats.submittedTasks[0]?.taskUUID,
      uploadsAfterSubmit,
      outputWrites,
      diedAfterWritingOutput: first === null && writtenByFirst > 0,
      outputHash: existsSync(output) ? sha(output) : null,
      inputIntact: sha(input) === inputHash,
      lockLeft: existsSync(lockPathFor(output)),
    };
  } finally {
    await standIn.close();
  }
}

const runCell = (fault: FaultCase, point: CrashPoint | null) => withinLimit(CELL_LIMIT_MS, () => runCellToEnd(fault, point));

/** What a failed run said, on stderr and as its --json object. */
function failureProblems(run: CliRun, o: CliCellOutcome, which: string): string[] {
  const problems: string[] = [];
  const said = run.stderr.trim().split('\n').filter((l) => l.startsWith('ltx-retake:')).pop() ?? '';
  if (!said) problems.push(`the ${which} run failed (exit ${run.code}) without a sentence`);
  let json: { taskUUID?: string | null; charged?: boolean } = {};
  try {
    json = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as typeof json;
  } catch {
    problems.push(`the ${which} run printed no JSON object for its failure`);
  }
  if (o.submits > 0 && o.paidTaskUUID) {
    if (!said.includes(o.paidTaskUUID)) problems.push(`the ${which} run's sentence does not name the paid task ${o.paidTaskUUID}: ${said}`);
    if (/nothing (was )?charged/i.test(said)) problems.push(`the ${which} run says nothing was charged after a billed submit: ${said}`);
    if ((said.match(/paid for/gi) ?? []).length > 1) problems.push(`the ${which} run says more than once that it was paid for: ${said}`);
    if (json.taskUUID !== o.paidTaskUUID || json.charged !== true) problems.push(`the ${which} run's JSON does not say task ${o.paidTaskUUID} was charged: ${run.stdout.trim()}`);
  }
  if (o.generated && /could not generate/i.test(said)) problems.push(`the ${which} run says Runware could not generate a take it generated: ${said}`);
  return problems;
}

function check(fault: FaultCase, o: CliCellOutcome): string[] {
  const problems: string[] = [];
  if (o.submits > 1) problems.push(`${o.submits} billed submits`);
  if (o.uploadsAfterSubmit > 0) problems.push(`${o.uploadsAfterSubmit} uploads after Runware accepted the submit`);
  if (!o.inputIntact) problems.push('the input changed');
  if (o.lockLeft) problems.push('the output lock outlived the last run');
  if (o.first && o.first.code !== 0) problems.push(...failureProblems(o.first, o, 'first'));
  // Written again (the same bytes, from the input) only where the first run may have died between
  // writing the output and recording it: the journal is the only record of what was written.
  const rewritten = o.diedAfterWritingOutput ? 1 : 0;
  if (o.again.code === 0) {
    if (o.submits !== 1) problems.push(`done with ${o.submits} billed submits`);
    if (o.outputHash !== expectedOutputHash) problems.push(o.outputHash ? 'the output is not the retake a healthy run writes' : 'exit 0 without the output');
    if (o.outputWrites < 1 || o.outputWrites > 1 + rewritten) problems.push(`the output was written ${o.outputWrites} times`);
    const summary = JSON.parse(o.again.stdout.trim().split('\n').pop() ?? '{}') as { taskUUID?: string };
    if (summary.taskUUID !== o.paidTaskUUID) problems.push(`the summary names task ${String(summary.taskUUID)}, not the paid ${String(o.paidTaskUUID)}`);
  } else {
    if (fault.canFinish) problems.push(`ended with exit ${o.again.code}: ${o.again.stderr.trim().split('\n').pop() ?? ''}`);
    if (o.outputHash !== null) problems.push('a failed run left an output');
    problems.push(...failureProblems(o.again, o, 'second'));
  }
  return problems;
}

beforeAll(async () => {
  input = await makeTestClip(join(work, 'shot.mp4'), { seconds: 12, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
  inputHash = sha(input);
  // One healthy run, its output checked in depth: frames 100-149 (4-6 s) from the take, the rest the input.
  const healthy = await runCellToEnd({ name: 'reference', runware: [], canFinish: true }, null);
  expect(healthy.first?.code).toBe(0);
  expect(Math.abs((await probe(healthy.output)).durationSeconds - 12)).toBeLessThan(0.1);
  const inverted = ([r, , b]: number[]) => r > 150 && b < 100; // 0x3366cc inverted is about (204, 153, 51)
  const colours = await Promise.all([99, 100, 149, 150].map((n) => meanColourOfFrame(healthy.output, n, 25)));
  expect(colours.map(inverted)).toEqual([false, true, true, false]);
  expectedOutputHash = healthy.outputHash ?? '';
});

test('every crash point of the CLI crossed with every fault: one charge at most, the output written once, or a sentence naming what was paid', async () => {
  // Four cells at a time (much of a cell is waiting on Runware's timing): each has its own stand-in
  // and folder. Between two writes the CLI does nothing that is not an event but cut the window
  // to a scratch file, so a death before the second is the death after the first.
  expect(await runMatrix({ name: 'CLI', runCell, check, parallel: 4, adjacentWritesMeet: true })).toEqual([]);
});
