import { existsSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../adapters/node/ffmpeg';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { makeTestClip } from '../testing/media';
import { journalPathFor } from './outputFiles';
import { journalStages, runInProcess, spawnCli, waitFor } from './testKit';

/**
 * The real CLI process, killed at each stage of a job (waiting on the journal showing that stage),
 * then run again with the same command: one billed submit, and the output written.
 */
jest.setTimeout(120_000);

let standIn: RunwareStandIn;
let input: string;
const KEY = 'rw_cli_crash_key_5a4b3c';

beforeAll(async () => {
  standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150 });
  input = await makeTestClip(join(mkdtempSync(join(tmpdir(), 'cli-crash-')), 'shot.mp4'), { seconds: 12, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
});
afterAll(() => standIn.close());

const env = () => ({ RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url });
const command = (output: string) => [input, '--from', '4', '--to', '6', '--prompt', 'a red car', '--output', output, '--json'];

function counts() {
  return { uploads: standIn.stats.uploads, submits: standIn.stats.submits, billed: standIn.stats.billedSeconds };
}

const runAgain = (output: string) => runInProcess(command(output), env());

test.each(['uploading', 'submitting', 'generating', 'downloading'])('killed (SIGKILL) while %s: the same command continues it, one billed submit', async (stage) => {
  standIn.faults.clear();
  // Slow enough at each stage for the kill to land there: a long generation, or a hung first download.
  standIn.setGenerationMs(stage === 'generating' ? 20_000 : 150);
  if (stage === 'downloading') standIn.faults.add({ on: 'download', fault: { kind: 'hang' }, times: 1 });
  if (stage === 'uploading') standIn.faults.add({ on: 'upload', fault: { kind: 'hang' }, times: 1 });
  if (stage === 'submitting') standIn.faults.add({ on: 'submit', fault: { kind: 'hang' }, times: 1 });
  const before = counts();
  const fired = standIn.stats.faultsFired;
  const output = join(mkdtempSync(join(tmpdir(), `crash-${stage}-`)), 'out.mp4');
  const first = spawnCli(command(output), env());
  await waitFor(`the journal to show ${stage}`, () => journalStages(journalPathFor(output)).includes(stage));
  // Killed inside the request itself: the stand-in holds the hung request.
  if (stage !== 'generating') await waitFor(`the ${stage} request to hang`, () => standIn.stats.faultsFired > fired);
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  expect(existsSync(output)).toBe(false);

  standIn.setGenerationMs(150);
  const again = await runAgain(output);
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/Continuing job \w+ from the journal/);
  const after = counts();
  expect(after.submits - before.submits).toBe(1);
  expect(after.billed - before.billed).toBe(4);
  if (stage !== 'uploading') expect(after.uploads - before.uploads).toBe(1);
  expect(JSON.parse(again.stdout)).toMatchObject({ billedSeconds: 4, output });
  expect(Math.abs((await probe(output)).durationSeconds - 12)).toBeLessThan(0.1);
});

test('Ctrl-C after submit says how to resume; a second process on the same output is refused while the first runs', async () => {
  standIn.faults.clear();
  standIn.setGenerationMs(20_000);
  const before = counts();
  const output = join(mkdtempSync(join(tmpdir(), 'sigint-')), 'out.mp4');
  const first = spawnCli(command(output), env());
  await waitFor('the journal to show generating', () => journalStages(journalPathFor(output)).includes('generating'));

  const second = await runAgain(output);
  expect(second.code).toBe(1);
  expect(second.stderr).toMatch(new RegExp(`Another ltx-retake \\(process ${first.child.pid} on .*\\) is writing .*out\\.mp4\\. Nothing was uploaded`));
  expect(JSON.parse(second.stdout)).toMatchObject({ error: { category: 'host' }, charged: false });
  expect(counts().uploads - before.uploads).toBe(1);

  first.child.kill('SIGINT');
  const { code } = await first.exited;
  expect(code).toBe(1);
  expect(first.stderr()).toMatch(/Stopped following\. Task [0-9a-f-]{36} is paid for; run the same command again to continue job \w+ without a new charge/);
  expect(JSON.parse(first.stdout())).toMatchObject({ error: { category: 'cancelled' }, charged: true });

  standIn.setGenerationMs(150);
  const again = await runAgain(output);
  expect(again.code).toBe(0);
  expect(counts().submits - before.submits).toBe(1);
  expect(existsSync(output)).toBe(true);
});
