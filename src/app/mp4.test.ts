import { readFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../adapters/node/ffmpeg';
import { makeTestClip } from '../testing/media';
import { readMp4VideoInfo } from './mp4';

test('reads the video duration and size that ffprobe reports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mp4-'));
  for (const [fps, seconds] of [['24000/1001', 3.2], ['25', 5]] as const) {
    const file = await makeTestClip(join(dir, `${seconds}.mp4`), { seconds, fps, width: 320, height: 180 });
    const info = readMp4VideoInfo(new Uint8Array(readFileSync(file)));
    const probed = await probe(file);
    expect(info).not.toBeNull();
    expect(info!.width).toBe(320);
    expect(info!.height).toBe(180);
    expect(Math.abs(info!.durationSeconds - probed.durationSeconds)).toBeLessThan(0.05);
    expect(info!.frames).toBe(probed.video?.frames);
  }
});

test('answers null for bytes that are not an MP4', () => {
  expect(readMp4VideoInfo(new TextEncoder().encode('<html>404 not found</html>'))).toBeNull();
});
