import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { containerTags, frameHashes, makeSource } from '../../../testing/sources';
import { meanColourOfFrame, toneFrequencyAt } from '../../../testing/media';
import { probeSource, readVideoPackets } from './probe';
import { partialPath, writeRetakeOutput } from './index';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'splice-'));
let redTake: string;

beforeAll(async () => {
  // A take at another rate and size whose every frame is red, with a 1 kHz tone.
  redTake = await makeSource(join(dir, 'take.mp4'), { seconds: 8, fps: '25', width: 640, height: 360, pattern: 'color=c=red', toneHz: 1000, audioRate: 48000 });
});

/** Frames that differ between two hash lists, as indices. */
function differing(a: string[], b: string[]): number[] {
  return a.map((h, i) => (h === b[i] ? -1 : i)).filter((i) => i >= 0);
}

async function isRed(file: string, frame: number, fps: number): Promise<boolean> {
  const [r, g, b] = await meanColourOfFrame(file, frame, fps);
  return r > 180 && g < 80 && b < 80;
}

test('23.976 with B-frames: frames outside the boundary GOPs decode identically; length, sound, timecode and metadata are the input\'s', async () => {
  const input = await makeSource(join(dir, 'in2398.mp4'), { seconds: 8, fps: '24000/1001', gop: 24, timecode: '01:00:00:00', title: 'Interview A' });
  const output = join(dir, 'out2398.mp4');
  const result = await writeRetakeOutput({ input, take: redTake, output, replaced: { from: 50, to: 110 }, takeFrom: 24, replaceVideo: true, replaceAudio: false, audioFadeMs: 10 });
  expect(result).toEqual({ method: 'splice', reencoded: { from: 48, to: 120 } });

  const [before, after] = [await frameHashes(input), await frameHashes(output)];
  expect(after).toHaveLength(before.length);
  const changed = differing(before, after);
  expect(changed.length).toBeGreaterThanOrEqual(60);
  expect(Math.min(...changed)).toBeGreaterThanOrEqual(48);
  expect(Math.max(...changed)).toBeLessThan(120);
  expect([await isRed(output, 49, 24000 / 1001), await isRed(output, 50, 24000 / 1001), await isRed(output, 109, 24000 / 1001), await isRed(output, 110, 24000 / 1001)]).toEqual([false, true, true, false]);

  const [src, out] = [await probeSource(input), await probeSource(output)];
  expect(out.durationSeconds).toBe(src.durationSeconds);
  expect(out.video).toMatchObject({ codec: 'h264', profile: src.video!.profile, level: src.video!.level, pixFmt: 'yuv420p', width: 320, height: 180, rate: { num: 24000, den: 1001 }, timeBase: src.video!.timeBase, frames: src.video!.frames, startSeconds: 0 });
  expect(out.audio).toEqual(src.audio);
  // The sound is copied: every decoded audio frame is the input's.
  expect(await frameHashes(output, 'a:0')).toEqual(await frameHashes(input, 'a:0'));
  // Tags are the input's; only the timecode track's handler name is ffmpeg's own for a track it writes.
  const withoutHandlers = (tags: string[]) => tags.filter((t) => !t.startsWith('handler_name='));
  const tags = await containerTags(output);
  expect(withoutHandlers(tags)).toEqual(withoutHandlers(await containerTags(input)));
  expect(tags).toContain('timecode=01:00:00:00');
  expect(tags).toContain('title=Interview A');
});

test('29.97 without sound: splice, exact frame count, still no sound', async () => {
  const input = await makeSource(join(dir, 'in2997.mp4'), { seconds: 6, fps: '30000/1001', gop: 30, audioRate: null });
  const output = join(dir, 'out2997.mp4');
  const result = await writeRetakeOutput({ input, take: redTake, output, replaced: { from: 45, to: 105 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 10 });
  expect(result).toEqual({ method: 'splice', reencoded: { from: 30, to: 120 } });
  const [before, after] = [await frameHashes(input), await frameHashes(output)];
  expect(after).toHaveLength(180);
  const changed = differing(before, after);
  expect(Math.min(...changed)).toBeGreaterThanOrEqual(30);
  expect(Math.max(...changed)).toBeLessThan(120);
  expect(await isRed(output, 45, 30000 / 1001)).toBe(true);
  const out = await probeSource(output);
  expect(out.audio).toBeNull();
  expect(out.durationSeconds).toBe((await probeSource(input)).durationSeconds);
});

test('a range that starts on the first frame or runs to the last keeps the rest copied', async () => {
  const input = await makeSource(join(dir, 'edges.mp4'), { seconds: 4, fps: '25', gop: 25, audioRate: null });
  const atStart = join(dir, 'edges-start.mp4');
  expect(await writeRetakeOutput({ input, take: redTake, output: atStart, replaced: { from: 0, to: 30 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 0 }))
    .toEqual({ method: 'splice', reencoded: { from: 0, to: 50 } });
  const atEnd = join(dir, 'edges-end.mp4');
  expect(await writeRetakeOutput({ input, take: redTake, output: atEnd, replaced: { from: 60, to: 100 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 0 }))
    .toEqual({ method: 'splice', reencoded: { from: 50, to: 100 } });
  const source = await frameHashes(input);
  expect(differing(source, await frameHashes(atStart)).every((i) => i < 50)).toBe(true);
  expect((await frameHashes(atStart)).slice(50)).toEqual(source.slice(50));
  expect((await frameHashes(atEnd)).slice(0, 50)).toEqual(source.slice(0, 50));
  expect(await frameHashes(atEnd)).toHaveLength(100);
});

test('sound replaced: the take\'s sound inside, the source\'s outside, same codec, rate and channels, same length', async () => {
  const input = await makeSource(join(dir, 'sound.mp4'), { seconds: 6, fps: '30000/1001', gop: 30, audioRate: 44100 });
  const output = join(dir, 'sound-out.mp4');
  const result = await writeRetakeOutput({ input, take: redTake, output, replaced: { from: 60, to: 120 }, takeFrom: 30, replaceVideo: false, replaceAudio: true, audioFadeMs: 20 });
  expect(result).toEqual({ method: 'splice', reencoded: null });
  expect(await frameHashes(output)).toEqual(await frameHashes(input));
  const [src, out] = [await probeSource(input), await probeSource(output)];
  expect(out.audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 2, channelLayout: 'stereo' });
  expect(Math.abs(out.durationSeconds - src.durationSeconds)).toBeLessThan(0.03);
  const cut = 60 * 1001 / 30000;
  expect(await toneFrequencyAt(output, cut + 0.3, 1)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 0.2, cut - 0.4)).toBeCloseTo(440, -1);
  expect(await toneFrequencyAt(output, 120 * 1001 / 30000 + 0.2, 1)).toBeCloseTo(440, -1);
});

test('an intra-only source is re-encoded whole, and the result says so and why', async () => {
  const input = await makeSource(join(dir, 'intra.mp4'), { seconds: 3, fps: '25', gop: 1, audioRate: null });
  const output = join(dir, 'intra-out.mp4');
  const result = await writeRetakeOutput({ input, take: redTake, output, replaced: { from: 25, to: 50 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 10 });
  expect(result).toEqual({ method: 'full re-encode', reason: expect.stringContaining('intra-only'), reencoded: { from: 0, to: 75 } });
  expect(await frameHashes(output)).toHaveLength(75);
  expect([await isRed(output, 24, 25), await isRed(output, 25, 25), await isRed(output, 49, 25), await isRed(output, 50, 25)]).toEqual([false, true, true, false]);
});

test('a failed write leaves an existing output untouched and no partial file', async () => {
  const input = await makeSource(join(dir, 'fail.mp4'), { seconds: 3, fps: '25', gop: 25, audioRate: null });
  const output = join(dir, 'fail-out.mp4');
  writeFileSync(output, 'previous result');
  await expect(writeRetakeOutput({ input, take: join(dir, 'missing-take.mp4'), output, replaced: { from: 25, to: 50 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 10 }))
    .rejects.toThrow();
  expect(readFileSync(output, 'utf8')).toBe('previous result');
  expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
});

test('a partial file an earlier, killed run left being written is neither reused nor removed; each run writes its own', async () => {
  const input = await makeSource(join(dir, 'orphan.mp4'), { seconds: 3, fps: '25', gop: 25, audioRate: null });
  const output = join(dir, 'orphan-out.mp4');
  // The name every run used before: an orphaned ffmpeg of a killed run may still be writing it.
  const orphaned = join(dir, '.orphan-out.partial.mp4');
  writeFileSync(orphaned, 'still being written by an earlier run');
  const result = await writeRetakeOutput({ input, take: redTake, output, replaced: { from: 30, to: 40 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 0 });
  expect(result.method).toBe('splice');
  expect(readFileSync(orphaned, 'utf8')).toBe('still being written by an earlier run');
  expect(await frameHashes(output)).toHaveLength(75);
  expect(readdirSync(dir).filter((f) => f.startsWith('.orphan-out.'))).toEqual(['.orphan-out.partial.mp4']);
  expect(partialPath(output)).not.toBe(partialPath(output));
  expect(basename(partialPath(output))).toMatch(new RegExp(`^\\.orphan-out\\.${process.pid}-[0-9a-f]{12}\\.partial\\.mp4$`));
});

test('packets are read only around the cuts', async () => {
  const input = await makeSource(join(dir, 'window.mp4'), { seconds: 6, fps: '25', gop: 25, audioRate: null });
  const packets = await readVideoPackets(input, 0, 3, 4);
  expect(packets.length).toBeLessThan(100);
  expect(packets[0].key).toBe(true);
});
