import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { frameHashes, makeSource } from '../../../testing/sources';
import { meanColourOfFrame, toneFrequencyAt } from '../../../testing/media';
import { ffmpeg } from '../ffmpeg';
import { probeSource } from './probe';
import { previewSplicedOutput, writeSplicedOutput } from './index';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'multi-splice-'));

/**
 * Decoded sound frames (1024 samples each) differ only inside the re-encoded stretches and the one
 * frame after each (it overlaps the last re-encoded frame); every other frame is bit-identical.
 */
async function expectSoundCopiedOutside(input: string, output: string, stretches: Array<{ fromSeconds: number; toSeconds: number }>, rate: number) {
  const [before, after] = [await frameHashes(input, 'a:0'), await frameHashes(output, 'a:0')];
  expect(after).toHaveLength(before.length);
  const frame = 1024 / rate;
  const inside = (t: number) => stretches.some((s) => t >= s.fromSeconds - 1e-6 && t < s.toSeconds + frame + 1e-6);
  const differing = after.map((h, i) => (h === before[i] ? null : i * frame)).filter((t): t is number => t !== null);
  expect(differing.length).toBeGreaterThan(0);
  expect(differing.filter((t) => !inside(t))).toEqual([]);
  const reencodedFrames = stretches.reduce((n, s) => n + Math.round((s.toSeconds - s.fromSeconds) / frame) + 1, 0);
  expect(after.filter((h, i) => h === before[i]).length).toBeGreaterThanOrEqual(before.length - reencodedFrames);
}

/** The sound's packets outside the re-encoded stretches are the input's, byte for byte (packet hashes, no decoding). */
async function expectPacketsCopiedOutside(input: string, output: string, stretches: Array<{ fromSeconds: number; toSeconds: number }>, rate: number) {
  const packets = async (file: string) => (await ffmpeg(['-i', file, '-map', '0:a:0', '-c', 'copy', '-f', 'framemd5', '-'])).toString('utf8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').map((f) => f.trim()));
  const [before, after] = [await packets(input), await packets(output)];
  expect(after).toHaveLength(before.length);
  const inside = (pts: number) => stretches.some((s) => pts / rate >= s.fromSeconds - 1e-6 && pts / rate < s.toSeconds - 1e-6);
  const changed = after.filter((p, i) => p[5] !== before[i][5]);
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.filter((p) => !inside(Number(p[2])))).toEqual([]);
}

async function isRed(file: string, frame: number): Promise<boolean> {
  const [r, g, b] = await meanColourOfFrame(file, frame, 25);
  return r > 180 && g < 80 && b < 80;
}

test('several ranges in one output: each from its take, every frame outside the re-encoded GOPs the input\'s, GOPs that meet encoded once', async () => {
  const input = await makeSource(join(dir, 'in.mp4'), { seconds: 12, fps: '25', gop: 25, audioRate: 44100, toneHz: 440, audioArgs: ['-aac_pns', '0'] });
  const red = await makeSource(join(dir, 'red.mp4'), { seconds: 6, fps: '25', width: 640, height: 360, pattern: 'color=c=red', toneHz: 1000, audioRate: 48000 });
  const output = join(dir, 'out.mp4');
  const replacements = [
    // Out of order on purpose; the last two share the GOP at 200-225.
    { take: red, replaced: { from: 215, to: 240 }, takeFrom: 25, replaceVideo: true, replaceAudio: false },
    { take: red, replaced: { from: 30, to: 80 }, takeFrom: 25, replaceVideo: true, replaceAudio: true },
    { take: red, replaced: { from: 140, to: 210 }, takeFrom: 0, replaceVideo: true, replaceAudio: false },
  ];
  const preview = await previewSplicedOutput(input, replacements.map((r) => r.replaced));
  const result = await writeSplicedOutput({ input, output, replacements, audioFadeMs: 10 });
  expect(result).toMatchObject({ method: 'splice', reencoded: [{ from: 25, to: 100 }, { from: 125, to: 250 }] });
  expect(preview).toEqual({ method: 'splice', reencoded: result.reencoded });

  const [before, after] = [await frameHashes(input), await frameHashes(output)];
  expect(after).toHaveLength(300);
  const reencoded = (i: number) => result.reencoded.some((s) => i >= s.from && i < s.to);
  after.forEach((hash, i) => {
    if (!reencoded(i)) expect(`${i}:${hash}`).toBe(`${i}:${before[i]}`);
  });
  const edges = [29, 30, 79, 80, 139, 140, 209, 210, 214, 215, 239, 240];
  expect(await Promise.all(edges.map((f) => isRed(output, f)))).toEqual([false, true, true, false, false, true, true, false, false, true, true, false]);

  const [src, out] = [await probeSource(input), await probeSource(output)];
  expect(out.video).toMatchObject({ frames: 300, timeBase: src.video!.timeBase, profile: src.video!.profile });
  expect(out.audio).toMatchObject({ codec: 'aac', sampleRate: 44100, channels: 2 });
  expect(Math.abs(out.durationSeconds - src.durationSeconds)).toBeLessThan(0.03);
  // Only the first range replaces the sound; every AAC frame outside its stretch is the input's.
  await expectSoundCopiedOutside(input, output, result.soundReencoded!, 44100);
  expect(await toneFrequencyAt(output, 1.4, 1.6)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 6, 1.5)).toBeCloseTo(440, -1);
  expect(await toneFrequencyAt(output, 3.4, 2)).toBeCloseTo(440, -1);
});

test('sound replaced in two ranges, no picture: AAC frames outside the crossfades copied, the takes\' sound inside, same length', async () => {
  // A source without noise substitution decodes bit-identically outside the stretches; one with it (the
  // default of ffmpeg's encoder) has its frames copied byte for byte, its noise drawn afresh after them.
  const input = await makeSource(join(dir, 'sound-in.mp4'), { seconds: 8, fps: '30000/1001', gop: 30, audioRate: 48000, toneHz: 440, audioArgs: ['-aac_pns', '0'] });
  const withNoise = await makeSource(join(dir, 'sound-pns.mp4'), { seconds: 8, fps: '30000/1001', gop: 30, audioRate: 48000, toneHz: 440 });
  const take = await makeSource(join(dir, 'sound-take.mp4'), { seconds: 6, fps: '30000/1001', pattern: 'color=c=red', toneHz: 1000, audioRate: 48000 });
  const output = join(dir, 'sound-out.mp4');
  const replacements = [
    { take, replaced: { from: 60, to: 105 }, takeFrom: 30, replaceVideo: false, replaceAudio: true },
    { take, replaced: { from: 150, to: 200 }, takeFrom: 30, replaceVideo: false, replaceAudio: true },
  ];
  const result = await writeSplicedOutput({ input, output, replacements, audioFadeMs: 20 });
  const noisy = join(dir, 'sound-pns-out.mp4');
  const noisyResult = await writeSplicedOutput({ input: withNoise, output: noisy, replacements, audioFadeMs: 20 });
  await expectPacketsCopiedOutside(withNoise, noisy, noisyResult.soundReencoded!, 48000);
  expect(result.reencoded).toEqual([]);
  expect(result.soundReencoded).toHaveLength(2);
  expect(await frameHashes(output)).toEqual(await frameHashes(input));
  await expectSoundCopiedOutside(input, output, result.soundReencoded!, 48000);
  const frame = 1001 / 30000;
  expect(await toneFrequencyAt(output, 60 * frame + 0.2, 1)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 150 * frame + 0.2, 1)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 110 * frame, 1)).toBeCloseTo(440, -1);
  const [src, out] = [await probeSource(input), await probeSource(output)];
  const format = ({ codec, profile, sampleRate, channels, channelLayout }: NonNullable<typeof src.audio>) => ({ codec, profile, sampleRate, channels, channelLayout });
  expect(format(out.audio!)).toEqual(format(src.audio!));
  expect(out.durationSeconds).toBe(src.durationSeconds);
});
