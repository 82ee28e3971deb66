import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ffmpeg } from '../adapters/node/ffmpeg';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { meanColourOfFrame, toneFrequencyAt } from '../testing/media';
import { frameHashes } from '../testing/sources';
import { EXIT, runCli } from './main';
import { journalPathFor } from './outputFiles';
import { journalStages, runInProcess, spawnCli, waitFor } from './testKit';

/**
 * `ltx-retake batch` end to end through the Runware stand-in (which inverts the picture and puts a
 * 1 kHz tone in each regenerated range): the one output, the refusals, the confirmation, a failed
 * row and a killed batch run again.
 */
jest.setTimeout(120_000);

const KEY = 'rw_batch_test_key_7c6d5e';
let standIn: RunwareStandIn;
let dir: string;
let input: string;

beforeAll(async () => {
  standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150 });
  dir = mkdtempSync(join(tmpdir(), 'batch-'));
  // Blue with a moving test card (so every frame differs), a keyframe each second, a 440 Hz tone.
  input = join(dir, 'shot.mp4');
  await ffmpeg([
    '-f', 'lavfi', '-i', 'color=c=0x3366cc:s=320x180:r=25', '-f', 'lavfi', '-i', 'testsrc2=s=64x36:r=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-filter_complex', "[0:v][1:v]overlay=x='mod(n*4,256)':y=72[v]", '-map', '[v]', '-map', '2:a', '-t', '12',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-sc_threshold', '0', '-c:a', 'aac', '-ac', '2', input,
  ]);
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.faults.clear();
  standIn.setGenerationMs(150);
});

const env = () => ({ RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url });
const isInverted = ([r, , b]: number[]) => r > 150 && b < 100; // 0x3366cc inverted is about (204, 153, 51)
const isOriginal = ([r, , b]: number[]) => r < 100 && b > 150;

/** A file as Premiere's File > Export > Markers writes it: UTF-16 LE with a byte-order mark, tab-separated. */
function premiereMarkers(name: string, rows: string[][]): string {
  const lines = [['Marker Name', 'Description', 'In', 'Out', 'Duration', 'Marker Type'], ...rows].map((cells) => `${cells.join('\t')}\t`);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]));
  return path;
}

const THREE = [
  ['Car', 'a red car', '00:00:01:00', '00:00:03:00', '00:00:02:00', 'Comment'],
  ['Rain [A]', 'rain on the roof', '00:00:05:00', '00:00:07:00', '00:00:02:00', 'Comment'],
  ['', 'a storm', '00:00:09:00', '00:00:11:00', '00:00:02:00', 'Comment'],
];

function counts() {
  return { uploads: standIn.stats.uploads, submits: standIn.stats.submits };
}

test('three ranges from a Premiere marker export, confirmed on the terminal: one output, each range from its take, every other frame the input\'s', async () => {
  const markers = premiereMarkers('three.csv', THREE);
  const output = join(dir, 'three.mp4');
  const before = counts();
  const questions: string[] = [];
  let stdout = '';
  let stderr = '';
  const code = await runCli(['batch', input, markers, '--output', output, '--json'], env(), {
    stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), confirm: async (q) => (questions.push(q), true),
  });
  expect(code).toBe(EXIT.done);
  expect(questions).toEqual(['Spend about $1.20 on 3 retakes? [y/N] ']);
  expect(stderr).toMatch(/3 ranges: 12 s billed in all, about \$1\.20/);
  expect(counts()).toEqual({ uploads: before.uploads + 3, submits: before.submits + 3 });
  const result = JSON.parse(stdout) as { rows: Array<{ take: string; state: string }>; outputMethod: { method: string; reencoded: Array<{ from: number; to: number }>; soundReencoded: unknown } };
  expect(result.rows.map((r) => r.state)).toEqual(['done', 'done', 'done']);
  expect(result.rows.every((r) => existsSync(r.take))).toBe(true);
  // The sound-only row re-encodes no picture, and only the sound's frames around its own range.
  expect(result.outputMethod).toEqual({ method: 'splice', reencoded: [{ from: 25, to: 75 }, { from: 225, to: 275 }], soundReencoded: [{ fromSeconds: expect.closeTo(4.97, 2), toSeconds: expect.closeTo(7.04, 2) }] });

  const [source, written] = [await frameHashes(input), await frameHashes(output)];
  expect(written).toHaveLength(source.length);
  const outside = (i: number) => !result.outputMethod.reencoded.some((s) => i >= s.from && i < s.to);
  expect(written.filter((h, i) => outside(i) && h !== source[i])).toEqual([]);
  const colours = await Promise.all([24, 25, 74, 75, 150, 224, 225, 274, 275].map((f) => meanColourOfFrame(output, f, 25)));
  expect(colours.map((c) => (isInverted(c) ? 'take' : isOriginal(c) ? 'input' : '?'))).toEqual(['input', 'take', 'take', 'input', 'input', 'input', 'take', 'take', 'input']);
  expect(await toneFrequencyAt(output, 5.2, 1.6)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 3.2, 1.6)).toBeCloseTo(440, -1);
  expect(await toneFrequencyAt(output, 9.2, 1.6)).toBeCloseTo(440, -1);
});

describe('refused before anything is uploaded: one sentence per problem, no output', () => {
  const csv = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  test.each([
    ['an unparseable row', () => csv('bad-time.csv', 'name,description,in,out\na,x,1,3\nb,y,soon,7\n'), [], /Line 3: the in time "soon" is neither seconds nor a timecode/],
    ['overlapping ranges', () => csv('overlap.csv', 'name,description,in,out\na,x,1,3.5\nb,y,3.8,6\n'), [], /Line 2 \("a"\) and line 3 \("b"\) overlap/],
    ['a range outside the source', () => csv('outside.csv', 'name,description,in,out\na,x,10,13\n'), [], /Line 2 \("a"\): it ends at 13\.000 s, past the end of the input \(12\.000 s\)/],
    ['a range too short', () => csv('short.csv', 'name,description,in,out\na,x,4,5\n'), [], /Line 2 \("a"\): the range is 1 s; LTX-2 Retake regenerates at least 2 s/],
    ['drop-frame timecode at 25 fps', () => csv('df.csv', 'name,description,in,out\na,x,00;00;04;00,00;00;07;00\n'), [], /drop-frame timecode, but the input runs at 25 fps/],
    ['an empty prompt', () => csv('empty.csv', 'name,description,in,out\n,,4,7\n'), [], /Line 2: it has no prompt/],
    ['a cost over the cap', () => premiereMarkers('cap.csv', THREE), ['--max-cost', '1'], /The batch would cost about \$1\.20, over --max-cost \$1\.00/],
    ['no --yes and no terminal to confirm on', () => premiereMarkers('noyes.csv', THREE), ['--no-yes'], /would charge about \$1\.20: confirm it on a terminal, or add --yes/],
  ])('%s', async (_name, ranges, extra, message) => {
    const before = counts();
    const output = join(dir, `refused-${readdirSync(dir).length}.mp4`);
    const args = ['batch', input, ranges(), '--output', output, ...(extra[0] === '--no-yes' ? [] : ['--yes', ...extra])];
    const r = await runInProcess(args, env());
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Nothing was uploaded/);
    expect(counts()).toEqual(before);
    expect(existsSync(output)).toBe(false);
  });

  test('several problems: a sentence for each', async () => {
    const r = await runInProcess(['batch', input, csv('two-bad.csv', 'name,description,in,out\n,,4,7\nb,x,9,10\n'), '--yes'], env());
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.stderr).toMatch(/Line 2: it has no prompt[\s\S]*Line 3 \("b"\): the range is 1 s/);
  });

  test('declined at the prompt: nothing uploaded', async () => {
    const before = counts();
    let stderr = '';
    const code = await runCli(['batch', input, premiereMarkers('declined.csv', THREE), '--output', join(dir, 'declined.mp4')], env(), { stdout: () => undefined, stderr: (t) => (stderr += t), confirm: async () => false });
    expect(code).toBe(EXIT.other);
    expect(stderr).toMatch(/Not confirmed: nothing was uploaded or charged/);
    expect(counts()).toEqual(before);
  });
});

test('a row whose generation fails: the others\' takes are kept, no output, the sentence says what was paid; --new pays for that row only', async () => {
  const markers = premiereMarkers('failing.csv', THREE);
  const output = join(dir, 'failing.mp4');
  standIn.faults.add({ on: 'submit', fault: { kind: 'generationError', code: 'inferenceError', message: 'model crashed' }, times: 1 });
  const before = counts();
  const first = await runInProcess(['batch', input, markers, '--output', output, '--yes', '--concurrency', '1'], env());
  expect(first.code).toBe(EXIT.generationFailed);
  expect(first.stderr).toMatch(/Line 2 \("Car"\): .*model crashed.*Task [0-9a-f-]{36} was paid for; a new retake of this range is a new charge \(add --new\)/);
  expect(first.stderr).toMatch(/The output was not written: 1 of 3 ranges did not finish\. Paid so far: line 2 \(task [0-9a-f-]{36}\), line 3 \(task [0-9a-f-]{36}\), line 4 \(task [0-9a-f-]{36}\); their takes are kept beside the output \(.+\)\. Run the same command again to continue/);
  expect(existsSync(output)).toBe(false);
  expect(counts().submits - before.submits).toBe(3);

  const again = await runInProcess(['batch', input, markers, '--output', output, '--yes'], env());
  expect(again.code).toBe(EXIT.generationFailed);
  expect(again.stderr).toMatch(/Line 2 \("Car"\): Job \w+ for this request was paid for .* add --new to do so\. Nothing was uploaded for the other rows/);
  expect(counts().submits - before.submits).toBe(3);

  const fresh = await runInProcess(['batch', input, markers, '--output', output, '--yes', '--new'], env());
  expect(fresh.code).toBe(EXIT.done);
  expect(fresh.stderr).toMatch(/Continuing from the journal: 2 ranges already paid for \(no new charge for them\), 1 to submit/);
  expect(counts().submits - before.submits).toBe(4);
  expect(existsSync(output)).toBe(true);
});

test('killed (SIGKILL) mid-batch and run again with the same command: one billed submit per row, the output written', async () => {
  const markers = premiereMarkers('killed.csv', THREE);
  const output = join(dir, 'killed.mp4');
  standIn.setGenerationMs(20_000);
  const before = counts();
  const args = ['batch', input, markers, '--output', output, '--yes', '--json'];
  const child = spawnCli(args, env());
  await waitFor('two rows generating', () => journalStages(journalPathFor(output)).filter((s) => s === 'generating').length === 2);
  child.child.kill('SIGKILL');
  expect((await child.exited).signal).toBe('SIGKILL');
  expect(existsSync(output)).toBe(false);

  standIn.setGenerationMs(150);
  const again = await runInProcess(args, env());
  expect(again.code).toBe(EXIT.done);
  expect(again.stderr).toMatch(/Continuing from the journal: 2 ranges already paid for \(no new charge for them\), 1 to submit/);
  expect(counts().submits - before.submits).toBe(3);
  expect((JSON.parse(again.stdout) as { rows: unknown[] }).rows).toHaveLength(3);
  expect(existsSync(output)).toBe(true);
});

test('a file that appears at the output during a batch is kept; run again it is refused before anything is sent, and --overwrite finishes at no new charge', async () => {
  const markers = premiereMarkers('appeared.csv', THREE.slice(0, 2));
  const output = join(dir, 'appeared.mp4');
  const args = ['batch', input, markers, '--output', output, '--yes', '--json'];
  standIn.setGenerationMs(60_000);
  const before = counts();
  const run = runInProcess(args, env());
  await waitFor('both rows generating', () => journalStages(journalPathFor(output)).filter((s) => s === 'generating').length === 2);
  writeFileSync(output, 'the editor saved this here meanwhile');
  standIn.setGenerationMs(0);
  const first = await run;
  expect(first.code).toBe(EXIT.other);
  expect(first.stderr).toMatch(/appeared\.mp4 appeared while the retake ran, so nothing was overwritten; tasks [0-9a-f-]{36}, [0-9a-f-]{36} are paid for and the journal beside the output keeps them: run the same command again with --overwrite to replace that file \(or move it away first\), and it is finished at no new charge\./);
  expect(first.json()).toMatchObject({ error: { category: 'host' }, charged: true });
  expect(readFileSync(output, 'utf8')).toBe('the editor saved this here meanwhile');

  // The journal knows both rows: the file is still not taken for this batch's output.
  const again = await runInProcess(args, env());
  expect(again.code).toBe(EXIT.invalidInput);
  expect(again.stderr).toMatch(/appeared\.mp4 already exists; pass --overwrite to replace it, or move it away and run the same command again: tasks .* are paid for .* Nothing was uploaded\./);
  expect(readFileSync(output, 'utf8')).toBe('the editor saved this here meanwhile');

  const overwritten = await runInProcess([...args, '--overwrite'], env());
  expect(overwritten.code).toBe(EXIT.done);
  expect(counts()).toEqual({ uploads: before.uploads + 2, submits: before.submits + 2 });
  expect((await frameHashes(output)).length).toBe((await frameHashes(input)).length);
});
