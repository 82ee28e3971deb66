import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FRAME_RATES, TICKS_PER_SECOND, framesToTicks } from '../../domain/time';
import { makeTestClip, meanColourOfFrame } from '../../testing/media';
import { probe } from './ffmpeg';
import { createVideoFileHost } from './videoFileHost';

jest.setTimeout(60_000);

test('a take at another frame rate is matched by time: exactly the replaced frames change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'filehost-'));
  const input = await makeTestClip(join(dir, 'in.mp4'), { seconds: 8, fps: '25', width: 320, height: 180, pattern: 'color=c=0x0000ff', toneHz: 440 });
  // A 24 fps, 1080p take whose stretch 1-4 s is red (the rest would be blue).
  const take = await makeTestClip(join(dir, 'take.mp4'), { seconds: 5, fps: '24', width: 1920, height: 1080, pattern: 'color=c=0xff0000', toneHz: 1000 });
  const output = join(dir, 'out.mp4');
  const host = await createVideoFileHost({ input, output, fromSeconds: 2, toSeconds: 4.5 });
  const rate = FRAME_RATES['25'];
  await host.placeTake({ mediaPath: take }, {
    sequenceId: input, mode: 'replace_video', at: framesToTicks(50, rate),
    source: { start: TICKS_PER_SECOND, end: 4n * TICKS_PER_SECOND }, name: 'take [j1]', jobId: 'j1',
  });
  const info = await probe(output);
  expect(info.video).toMatchObject({ width: 320, height: 180, frameRate: { num: 25, den: 1 } });
  expect(Math.abs(info.durationSeconds - 8)).toBeLessThan(0.1);
  const red = async (frame: number) => (await meanColourOfFrame(output, frame, 25))[0] > 200;
  expect([await red(49), await red(50), await red(124), await red(125)]).toEqual([false, true, true, false]);
  expect(await host.findPlacedTake(input, 'j1')).toMatchObject({ videoTrackIndex: 1, audioTrackIndex: null });
});
