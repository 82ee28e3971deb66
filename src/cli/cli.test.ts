import { mkdtempSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../adapters/node/ffmpeg';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { makeTestClip, meanColourAt, meanColourOfFrame, toneFrequencyAt } from '../testing/media';
import { EXIT } from './main';
import { runInProcess } from './testKit';

jest.setTimeout(60_000);

let standIn: RunwareStandIn;
let dir: string;
let input: string;
const KEY = 'rw_cli_test_key_9f8e7d';

beforeAll(async () => {
  standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150 });
  dir = mkdtempSync(join(tmpdir(), 'cli-'));
  // A blue picture with a 440 Hz tone: the stand-in's retake inverts the picture and puts 1 kHz in the segment.
  input = await makeTestClip(join(dir, 'shot.mp4'), { seconds: 20, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.faults.clear());

const cli = (args: string[], env: Record<string, string | undefined> = { RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url }) => runInProcess(args, env);

const isInverted = ([r, , b]: number[]) => r > 150 && b < 100; // 0x3366cc inverted is about (204, 153, 51)
const isOriginal = ([r, , b]: number[]) => r < 100 && b > 150;

test('replace_video: exactly the replaced frames come from the take, the rest and the sound are the input', async () => {
  const output = join(dir, 'video.mp4');
  const r = await cli([input, '--from', '4', '--to', '6.6', '--prompt', 'a red car', '--output', output, '--json']);
  expect(r.code).toBe(EXIT.done);
  const out = r.json();
  expect(out).toMatchObject({ startTime: 1, duration: 3, window: { from: 3, to: 8 }, replaced: { from: 4, to: 7 }, billedSeconds: 5, cost: 0.5, output });
  expect(typeof out.taskUUID).toBe('string');
  expect(existsSync(out.take as string)).toBe(true);
  const info = await probe(output);
  expect(info.video).toMatchObject({ width: 320, height: 180 });
  expect(Math.abs(info.durationSeconds - 20)).toBeLessThan(0.1);
  // Frame 99 (3.96 s) original, 100 (4.00) to 174 (6.96) from the take, 175 (7.00) original.
  expect(isOriginal(await meanColourOfFrame(output, 99, 25))).toBe(true);
  expect(isInverted(await meanColourOfFrame(output, 100, 25))).toBe(true);
  expect(isInverted(await meanColourOfFrame(output, 174, 25))).toBe(true);
  expect(isOriginal(await meanColourOfFrame(output, 175, 25))).toBe(true);
  expect(isOriginal(await meanColourAt(output, 1))).toBe(true);
  expect(await toneFrequencyAt(output, 4.5, 1)).toBeCloseTo(440, -1);
  expect(r.stderr).toMatch(/5 s billed, about \$0\.50/);
});

test('replace_audio: the take\'s sound over exactly the range, the picture untouched', async () => {
  const output = join(dir, 'audio.mp4');
  const r = await cli([input, '--from', '4', '--to', '6', '--prompt', 'rain', '--mode', 'replace_audio', '--output', output]);
  expect(r.code).toBe(EXIT.done);
  expect(await toneFrequencyAt(output, 4.2, 1.6)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 1, 2)).toBeCloseTo(440, -1);
  expect(await toneFrequencyAt(output, 6.3, 2)).toBeCloseTo(440, -1);
  expect(isOriginal(await meanColourAt(output, 5))).toBe(true);
});

test('replace_audio_and_video with --emulator needs no key', async () => {
  const output = join(dir, 'both.mp4');
  const r = await cli([input, '--from', '8', '--to', '10', '--prompt', 'storm', '--mode', 'replace_audio_and_video', '--output', output, '--emulator'], {});
  expect(r.code).toBe(EXIT.done);
  expect(isInverted(await meanColourAt(output, 9))).toBe(true);
  expect(await toneFrequencyAt(output, 8.2, 1.6)).toBeCloseTo(1000, -1);
  expect(isOriginal(await meanColourAt(output, 7.5))).toBe(true);
});

describe('invalid input: exit 2, a sentence, nothing uploaded', () => {
  const notVideo = () => {
    const p = join(dir, 'notes.mp4');
    writeFileSync(p, 'not a video');
    return p;
  };
  test.each([
    ['no key', () => [input, '--from', '4', '--to', '7', '--prompt', 'x'], {}, /Set RUNWARE_API_KEY/],
    ['missing --to', () => [input, '--from', '4', '--prompt', 'x'], undefined, /--to is required/],
    ['to before from', () => [input, '--from', '5', '--to', '4', '--prompt', 'x'], undefined, /must be after --from/],
    ['bad mode', () => [input, '--from', '4', '--to', '7', '--prompt', 'x', '--mode', 'replace_all'], undefined, /--mode must be one of/],
    ['range too short', () => [input, '--from', '4', '--to', '5', '--prompt', 'x'], undefined, /The range --from to --to is 1 s; LTX-2 Retake regenerates at least 2 s/],
    ['range too long', () => [input, '--from', '1', '--to', '18.6', '--prompt', 'x'], undefined, /The range --from to --to is 17.6 s; LTX-2 Retake regenerates at most 16 s/],
    ['past the end', () => [input, '--from', '18', '--to', '21', '--prompt', 'x'], undefined, /--to \(21 s\) is past the end of the input \(20\.000 s\)/],
    ['empty prompt', () => [input, '--from', '4', '--to', '7', '--prompt', '  '], undefined, /Write a prompt/],
    ['not a video', () => [notVideo(), '--from', '4', '--to', '7', '--prompt', 'x'], undefined, /Cannot read .* as a video/],
  ])('%s', async (_name, args, env, message) => {
    const before = standIn.stats.uploads;
    const r = env === undefined ? await cli(args()) : await cli(args(), env);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(message);
    expect(standIn.stats.uploads).toBe(before);
  });
});

describe('refused by the API: exit 3, saying which', () => {
  test('a wrong key', async () => {
    const r = await cli([input, '--from', '4', '--to', '7', '--prompt', 'x', '--output', join(dir, 'k.mp4')], { RUNWARE_API_KEY: 'rw_wrong_key_123', RUNWARE_API_URL: standIn.url });
    expect(r.code).toBe(EXIT.rejected);
    expect(r.stderr).toMatch(/API key/);
    expect(r.stderr).not.toContain('rw_wrong_key_123');
  });
  test('no credits (402 on submit)', async () => {
    standIn.faults.add({ on: 'submit', fault: { kind: 'http', status: 402, code: 'insufficientCredits', message: 'Insufficient credits' } });
    const r = await cli([input, '--from', '4', '--to', '7', '--prompt', 'x', '--output', join(dir, 'q.mp4')]);
    expect(r.code).toBe(EXIT.rejected);
    expect(r.stderr).toMatch(/balance|credit/i);
    expect(r.stderr).toMatch(/nothing was charged/i);
    expect(r.stderr).not.toMatch(/retry/i);
  });
  test('an invalid request (400 with parameter)', async () => {
    standIn.faults.add({ on: 'submit', fault: { kind: 'http', status: 400, code: 'invalidPositivePrompt', message: 'bad prompt', parameter: 'positivePrompt' } });
    const r = await cli([input, '--from', '4', '--to', '7', '--prompt', 'x', '--output', join(dir, 'v.mp4')]);
    expect(r.code).toBe(EXIT.rejected);
    expect(r.stderr).toMatch(/positivePrompt/);
  });
});

test('generation failed: exit 4 with the taskUUID', async () => {
  standIn.faults.add({ on: 'submit', fault: { kind: 'generationError', code: 'inferenceError', message: 'model crashed' } });
  const r = await cli([input, '--from', '4', '--to', '7', '--prompt', 'x', '--output', join(dir, 'g.mp4'), '--json']);
  expect(r.code).toBe(EXIT.generationFailed);
  const taskUUID = r.json().taskUUID as string;
  expect(taskUUID).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.stderr).toContain(taskUUID);
  expect(r.stderr).toMatch(/paid for/);
});

test('anything else (the result is gone): exit 1, the paid job named', async () => {
  standIn.faults.add({ on: 'download', fault: { kind: 'resultNotFound' }, times: 10 });
  const r = await cli([input, '--from', '4', '--to', '7', '--prompt', 'x', '--output', join(dir, 'n.mp4')]);
  expect(r.code).toBe(EXIT.other);
  expect(r.stderr).toMatch(/job ([0-9a-f-]{36}) .*it was paid for: quote job \1 to Runware support\. A new retake of this range is a new charge \(add --new\)/);
  expect(r.stderr.match(/paid for/g)).toHaveLength(1);
  expect(r.stderr).not.toMatch(/Submit the retake again|continue job/);
});
