import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { frameHashes, makeSource } from '../../../testing/sources';
import { meanColourOfFrame, toneFrequencyAt } from '../../../testing/media';
import { probeSource } from './probe';
import { previewSplicedOutput, writeSplicedOutput } from './index';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'multi-splice-'));

async function isRed(file: string, frame: number): Promise<boolean> {
  const [r, g, b] = await meanColourOfFrame(file, frame, 25);
  return r > 180 && g < 80 && b < 80;
}

test('several ranges in one output: each from its take, every frame outside the re-encoded GOPs the input\'s, GOPs that meet encoded once', async () => {
  const input = await makeSource(join(dir, 'in.mp4'), { seconds: 12, fps: '25', gop: 25, audioRate: 44100, toneHz: 440 });
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
  expect(result).toEqual({ method: 'splice', reencoded: [{ from: 25, to: 100 }, { from: 125, to: 250 }] });
  expect(preview).toEqual(result);

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
  // Only the first range replaces the sound.
  expect(await toneFrequencyAt(output, 1.4, 1.6)).toBeCloseTo(1000, -1);
  expect(await toneFrequencyAt(output, 6, 1.5)).toBeCloseTo(440, -1);
  expect(await toneFrequencyAt(output, 3.4, 2)).toBeCloseTo(440, -1);
});
