import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../adapters/node/ffmpeg';
import { makeTestClip, meanColourAt, toneFrequencyAt } from './media';

test('generated clips have the asked length, rate and tone', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'media-')), 'c.mp4');
  await makeTestClip(file, { seconds: 2, fps: '30000/1001', pattern: 'color=c=0xff0000', toneHz: 1000 });
  const info = await probe(file);
  expect(info.durationSeconds).toBeCloseTo(2, 1);
  expect(info.video?.frameRate).toEqual({ num: 30000, den: 1001 });
  const [r, g, b] = await meanColourAt(file, 1);
  expect(r).toBeGreaterThan(200);
  expect(g).toBeLessThan(40);
  expect(b).toBeLessThan(40);
  expect(await toneFrequencyAt(file, 0.5, 1)).toBeGreaterThan(950);
  expect(await toneFrequencyAt(file, 0.5, 1)).toBeLessThan(1050);
});
