import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { makeTestClip, meanColourAt, rmsAt, toneFrequencyAt } from '../../testing/media';
import { renderRetake } from './retakeRender';

/** The renderer on its own: frame-exact segment edges, odd rates, clips without audio, portrait. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'retake-render-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('replace_video at 30000/1001 inverts exactly the frames inside [2, 4) and keeps the frame count', async () => {
  const src = await makeTestClip(join(dir, 'ntsc.mp4'), {
    seconds: 5, fps: '30000/1001', width: 320, height: 180, pattern: 'color=c=0xff0000', toneHz: 440,
  });
  const out = join(dir, 'ntsc-out.mp4');
  await renderRetake(src, out, 'replace_video', 2, 2);
  const [si, so] = await Promise.all([probe(src), probe(out)]);
  expect(so.video).toMatchObject({ width: 1920, height: 1080, frameRate: { num: 30000, den: 1001 } });
  expect(so.video?.frames).toBe(si.video?.frames);
  expect(so.audio).toEqual({ sampleRate: 48000, channels: 2 });
  // meanColourAt(t) decodes the first frame whose timestamp is >= t, so aim just before frame k.
  const frameAt = (k: number): number => (k * 1001) / 30000 - 0.002;
  // first frame at or after t=2 is frame 60 (2.002 s); frame 59 (1.968 s) stays red
  const before = await meanColourAt(out, frameAt(59));
  const first = await meanColourAt(out, frameAt(60));
  const last = await meanColourAt(out, frameAt(119));
  const after = await meanColourAt(out, frameAt(120));
  expect(before[0]).toBeGreaterThan(200);
  expect(first[0]).toBeLessThan(60);
  expect(first[1]).toBeGreaterThan(200);
  expect(last[0]).toBeLessThan(60);
  expect(after[0]).toBeGreaterThan(200);
  // sound untouched
  expect(await toneFrequencyAt(out, 2.5, 1)).toBeCloseTo(440, -1);
}, 30000);

test('audio modes on a clip without audio: silence outside, tone inside; portrait gives 1080x1920', async () => {
  const src = await makeTestClip(join(dir, 'mute.mp4'), {
    seconds: 4, fps: '24', width: 180, height: 320, pattern: 'color=c=0x2040c0', toneHz: null,
  });
  const out = join(dir, 'mute-out.mp4');
  await renderRetake(src, out, 'replace_audio', 1, 2);
  const so = await probe(out);
  expect(so.video).toMatchObject({ width: 1080, height: 1920, frameRate: { num: 24, den: 1 } });
  expect(so.audio).toEqual({ sampleRate: 48000, channels: 2 });
  expect(await rmsAt(out, 0.1, 0.8)).toBeLessThan(0.001);
  expect(await rmsAt(out, 3.2, 0.7)).toBeLessThan(0.001);
  const f = await toneFrequencyAt(out, 1.2, 1.6);
  expect(f).toBeGreaterThan(980);
  expect(f).toBeLessThan(1020);
  // picture untouched
  const [, , blue] = await meanColourAt(out, 2);
  expect(blue).toBeGreaterThan(150);
}, 30000);

test('the container follows the extension: .webm (VP9 + Opus) keeps rate and duration', async () => {
  const src = await makeTestClip(join(dir, 'w.mp4'), { seconds: 4, fps: '25', width: 160, height: 90, toneHz: 440 });
  const out = join(dir, 'w-out.webm');
  await renderRetake(src, out, 'replace_audio_and_video', 1, 2);
  const [si, so] = await Promise.all([probe(src), probe(out)]);
  expect(so.video).toMatchObject({ width: 1920, height: 1080, frameRate: { num: 25, den: 1 } });
  expect(Math.abs(so.durationSeconds - si.durationSeconds)).toBeLessThanOrEqual(1 / 25);
  expect(await toneFrequencyAt(out, 1.2, 1.6)).toBeCloseTo(1000, -1);
}, 30000);
