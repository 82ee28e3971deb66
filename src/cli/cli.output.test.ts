import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../adapters/node/ffmpeg';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { makeTestClip } from '../testing/media';
import { EXIT } from './main';
import { journalPathFor, lockPathFor } from './outputFiles';
import { journalStages, runInProcess, waitFor } from './testKit';

/** The output, the journal and the take as the CLI leaves them on disk: never over a file it did not expect, never readable by others. */
jest.setTimeout(90_000);

let standIn: RunwareStandIn;
let dir: string;
let input: string;
const KEY = 'rw_cli_output_key_4d3c2b';
const EDITOR_FILE = 'the editor saved this here meanwhile';

beforeAll(async () => {
  standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150 });
  dir = mkdtempSync(join(tmpdir(), 'cli-output-'));
  input = await makeTestClip(join(dir, 'shot.mp4'), { seconds: 8, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.faults.clear();
  standIn.setGenerationMs(150);
});

const env = () => ({ RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url });
const fresh = (name: string) => join(mkdtempSync(join(dir, 'out-')), name);
const journalOf = (output: string) => JSON.parse(readFileSync(journalPathFor(output), 'utf8')) as { jobs: Array<{ stage: string; takePath?: string; taskUUID?: string }> };
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Runs the command; while Runware generates, another program writes a file at the output. */
async function runWhileAFileAppears(args: string[], output: string) {
  standIn.setGenerationMs(60_000);
  const run = runInProcess(args, env());
  await waitFor('the journal to show generating', () => journalStages(journalPathFor(output)).includes('generating'));
  writeFileSync(output, EDITOR_FILE);
  standIn.setGenerationMs(0);
  return run;
}

test('a file that appears at the output during the run is kept; the paid take is reused with --overwrite, at no new charge', async () => {
  const output = fresh('out.mp4');
  const command = [input, '--from', '3', '--to', '5', '--prompt', 'a red car', '--output', output, '--json'];
  const submits = standIn.stats.submits;
  const r = await runWhileAFileAppears(command, output);

  expect(r.code).toBe(EXIT.other);
  expect(readFileSync(output, 'utf8')).toBe(EDITOR_FILE);
  const [job] = journalOf(output).jobs;
  expect(job.stage).toBe('failed');
  expect(existsSync(job.takePath!)).toBe(true);
  const sentence = `${output} appeared while the retake ran, so nothing was overwritten; task ${job.taskUUID} is paid for and its take is kept at ${job.takePath}: run the same command again with --overwrite to replace that file (or move it away first), and it is finished at no new charge.`;
  expect(r.stderr).toContain(`ltx-retake: ${sentence}\n`);
  expect(r.json()).toEqual({ error: { category: 'host', message: sentence }, jobId: expect.any(String), taskUUID: job.taskUUID, charged: true });

  // The same command again does not take that file for its own: refused before anything is sent, saying what is paid.
  const again = await runInProcess(command, env());
  expect(again.code).toBe(EXIT.invalidInput);
  expect(again.stderr).toContain(`${output} already exists; pass --overwrite to replace it, or move it away and run the same command again: task ${job.taskUUID} is paid for`);
  expect(again.json()).toMatchObject({ taskUUID: job.taskUUID, charged: true });
  expect(readFileSync(output, 'utf8')).toBe(EDITOR_FILE);

  const overwritten = await runInProcess([...command, '--overwrite'], env());
  expect(overwritten.code).toBe(EXIT.done);
  expect(overwritten.json()).toMatchObject({ taskUUID: job.taskUUID, take: job.takePath, output });
  expect(Math.abs((await probe(output)).durationSeconds - 8)).toBeLessThan(0.1);
  expect(standIn.stats.submits).toBe(submits + 1);
});

test('--overwrite given at the start also replaces a file that appears during the run', async () => {
  const output = fresh('forced.mp4');
  const r = await runWhileAFileAppears([input, '--from', '3', '--to', '5', '--prompt', 'rain', '--output', output, '--overwrite'], output);
  expect(r.code).toBe(EXIT.done);
  expect(Math.abs((await probe(output)).durationSeconds - 8)).toBeLessThan(0.1);
});

test('the journal, the take and the lock are readable by their owner only; the output follows the umask', async () => {
  const output = fresh('private.mp4');
  standIn.setGenerationMs(60_000);
  const run = runInProcess([input, '--from', '3', '--to', '5', '--prompt', 'a red car', '--output', output], env());
  await waitFor('the journal to show generating', () => journalStages(journalPathFor(output)).includes('generating'));
  expect(modeOf(lockPathFor(output))).toBe(0o600);
  standIn.setGenerationMs(0);
  expect((await run).code).toBe(EXIT.done);
  const [job] = journalOf(output).jobs;
  expect(modeOf(journalPathFor(output))).toBe(0o600);
  expect(modeOf(job.takePath!)).toBe(0o600);
  const umask = process.umask();
  expect(modeOf(output)).toBe(0o666 & ~umask);
});
