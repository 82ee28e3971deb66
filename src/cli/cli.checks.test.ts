import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ffmpeg, probe } from '../adapters/node/ffmpeg';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { makeTestClip, rmsAt, toneFrequencyAt } from '../testing/media';
import { EXIT } from './main';
import { runInProcess } from './testKit';

/** What the CLI checks before it uploads anything, and what it says. */
jest.setTimeout(60_000);

let standIn: RunwareStandIn;
let dir: string;
let input: string;
const KEY = 'rw_cli_checks_key_1a2b3c';

beforeAll(async () => {
  standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150 });
  dir = mkdtempSync(join(tmpdir(), 'cli-checks-'));
  input = await makeTestClip(join(dir, 'shot.mp4'), { seconds: 12, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.faults.clear());

const cli = (args: string[], env: Record<string, string | undefined> = { RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url }) => runInProcess(args, env);
const fresh = (name: string) => join(mkdtempSync(join(dir, 'out-')), name);
const range = ['--from', '4', '--to', '6', '--prompt', 'a red car'];

describe('refused before anything is uploaded: exit 2, one sentence, also as JSON', () => {
  const inputBytes = () => readFileSync(input);
  test.each([
    ['--to 1e308', () => [input, '--from', '4', '--to', '1e308', '--prompt', 'x'], /--to must be a time inside the input, in seconds \(got 1e308\)/],
    ['--to NaN', () => [input, '--from', '4', '--to', 'NaN', '--prompt', 'x'], /--to must be a number of seconds \(got "NaN"\)/],
    ['--from -1', () => [input, '--from', '-1', '--to', '4', '--prompt', 'x'], /--from must not be negative/],
    ['--to Infinity', () => [input, '--from', '4', '--to', 'Infinity', '--prompt', 'x'], /--to must be a number of seconds/],
    ['--to past the end', () => [input, '--from', '4', '--to', '12.5', '--prompt', 'x'], /--to \(12\.5 s\) is past the end of the input \(12\.000 s\)/],
    ['--output a symlink to the input', () => { const l = fresh('link.mp4'); symlinkSync(input, l); return [input, ...range, '--output', l]; }, /is the input file itself/],
    ['--output a hard link to the input', () => { const l = fresh('hard.mp4'); linkSync(input, l); return [input, ...range, '--output', l]; }, /is the input file itself/],
    ['--output the input through another path', () => [input, ...range, '--output', join(dir, '.', 'out-x', '..', 'shot.mp4')], /is the input file itself/],
    ['--output a folder', () => { const d = fresh('folder.mp4'); mkdirSync(d); return [input, ...range, '--output', d]; }, /is a folder; give a file name/],
    ['--output in a missing folder', () => [input, ...range, '--output', join(dir, 'nowhere', 'o.mp4')], /The output folder .*nowhere does not exist/],
    ['--output an existing file', () => { const f = fresh('taken.mp4'); writeFileSync(f, 'keep me'); return [input, ...range, '--output', f]; }, /already exists; pass --overwrite to replace it/],
  ])('%s', async (_name, args, message) => {
    const before = { uploads: standIn.stats.uploads, input: inputBytes() };
    const argv = args();
    const r = await cli([...argv, '--json']);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/BigInt|TypeError|RangeError|at .*\.ts:\d+/);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { category: 'invalidInput', message: expect.stringMatching(message) }, taskUUID: null, charged: false });
    expect(standIn.stats.uploads).toBe(before.uploads);
    expect(inputBytes().equals(before.input)).toBe(true);
    const output = argv[argv.indexOf('--output') + 1];
    if (argv.includes('--output') && output.endsWith('taken.mp4')) expect(readFileSync(output, 'utf8')).toBe('keep me');
  });

  test('a key with a line break in it is refused without echoing it; so is plain http to another machine', async () => {
    const key = `${KEY}\nsecond-line`;
    const r = await cli([input, ...range, '--output', fresh('k.mp4'), '--json'], { RUNWARE_API_KEY: key, RUNWARE_API_URL: standIn.url });
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(/RUNWARE_API_KEY: The API key contains spaces, line breaks or control characters/);
    expect(r.stderr + r.stdout).not.toContain(KEY);
    const http = await cli([input, ...range, '--output', fresh('h.mp4')], { RUNWARE_API_KEY: KEY, RUNWARE_API_URL: 'http://api.example.com/v1' });
    expect(http.code).toBe(EXIT.invalidInput);
    expect(http.stderr).toMatch(/RUNWARE_API_URL: The API address http:\/\/api\.example\.com is not encrypted/);
    expect(http.stderr).not.toContain(KEY);
  });
});

test('--overwrite replaces an existing output, and says nothing about it being kept', async () => {
  const output = fresh('again.mp4');
  writeFileSync(output, 'old');
  const r = await cli([input, ...range, '--output', output, '--overwrite']);
  expect(r.code).toBe(EXIT.done);
  expect(Math.abs((await probe(output)).durationSeconds - 12)).toBeLessThan(0.1);
});

test('the same command after success pays nothing again; --new pays again and says so; jobs lists both', async () => {
  const output = fresh('twice.mp4');
  const first = await cli([input, ...range, '--output', output, '--json']);
  expect(first.code).toBe(EXIT.done);
  const submits = standIn.stats.submits;
  const again = await cli([input, ...range, '--output', output, '--json']);
  expect(again.code).toBe(EXIT.done);
  expect(again.stderr).toMatch(/already wrote .*twice\.mp4 .*nothing was charged again/);
  expect(JSON.parse(again.stdout).taskUUID).toBe(JSON.parse(first.stdout).taskUUID);
  expect(standIn.stats.submits).toBe(submits);
  const paidAgain = await cli([input, ...range, '--output', output, '--new', '--overwrite', '--json']);
  expect(paidAgain.code).toBe(EXIT.done);
  expect(paidAgain.stderr).toMatch(/--new: starting a new job on purpose; this is a new charge of about \$0\.40/);
  expect(standIn.stats.submits).toBe(submits + 1);

  const list = await cli(['jobs', join(output, '..'), '--json']);
  expect(list.code).toBe(EXIT.done);
  const jobs = JSON.parse(list.stdout).jobs as Array<Record<string, unknown>>;
  expect(jobs.map((j) => j.taskUUID)).toEqual([JSON.parse(first.stdout).taskUUID, JSON.parse(paidAgain.stdout).taskUUID]);
  expect(jobs[0]).toMatchObject({ state: 'done', replaced: { from: 4, to: 6 }, charged: true, output, mode: 'replace_video' });
  const text = await cli(['jobs', join(output, '..')]);
  expect(text.stdout).toMatch(/done\s+4-6 s {2}replace_video {2}\$0\.\d{3} {2}task [0-9a-f-]{36}/);
});

test('a failure after submit, as JSON: category, message, taskUUID and charged, and how to resume', async () => {
  standIn.faults.add({ on: 'download', fault: { kind: 'http', status: 500, code: 'internalServerError', message: 'boom' }, times: 50 });
  const r = await cli([input, ...range, '--output', fresh('fail.mp4'), '--json']);
  expect(r.code).toBe(EXIT.other);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ error: { category: expect.any(String), message: expect.stringMatching(/run the same command again to continue job/) }, charged: true });
  expect(out.taskUUID).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.stderr).not.toMatch(/Settings|panel|batch|\bmarks?\b|Nothing was charged/i);
});

test('a source without sound, replace_audio: the new sound is at the replaced range, silence elsewhere', async () => {
  const silent = await makeTestClip(join(dir, 'silent.mp4'), { seconds: 12, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: null });
  const output = fresh('sound.mp4');
  const r = await cli([silent, ...range, '--mode', 'replace_audio', '--output', output]);
  expect(r.code).toBe(EXIT.done);
  expect(r.stderr).toMatch(/The input has no sound: the take's sound is added over the replaced range, with silence elsewhere/);
  expect(await toneFrequencyAt(output, 4.2, 1.6)).toBeCloseTo(1000, -1);
  expect(await rmsAt(output, 0.5, 3)).toBeLessThan(0.01);
  expect(await rmsAt(output, 7, 4)).toBeLessThan(0.01);
  expect(Math.abs((await probe(output)).durationSeconds - 12)).toBeLessThan(0.1);
});

test('a variable frame rate source is conformed: the estimate is what Runware bills, and the take is placed', async () => {
  const cfr = await makeTestClip(join(dir, 'cfr.mp4'), { seconds: 12, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
  const vfr = join(dir, 'vfr.mp4');
  // Frames 25-174 dropped with their timestamps kept: 25 fps nominal, about 18.75 on average.
  await ffmpeg(['-i', cfr, '-vf', "select='not(between(n,25,174))'", '-vsync', 'vfr', '-c:v', 'libx264', '-c:a', 'copy', vfr]);
  const info = await probe(vfr);
  expect(info.video?.averageFrameRate).toBeDefined();
  const billed = standIn.stats.billedSeconds;
  const output = fresh('vfr-out.mp4');
  const r = await cli([vfr, '--from', '7', '--to', '9', '--prompt', 'x', '--output', output, '--json']);
  expect(r.code).toBe(EXIT.done);
  expect(r.stderr).toMatch(/frame rate varies \(25 fps nominal, [\d.]+ on average\); it was conformed to a constant 25 fps/);
  expect(standIn.stats.billedSeconds - billed).toBe(JSON.parse(r.stdout).billedSeconds);
  expect(Math.abs((await probe(output)).durationSeconds - 12)).toBeLessThan(0.1);
});
