import { execFileSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FFPROBE_PATH } from '../ffmpeg';
import { makeSource } from '../../../testing/sources';
import { levelLimits } from './encoderMatch';
import { writeRetakeOutput } from './index';
import { probeSource } from './probe';

jest.setTimeout(120_000);

test("the level's limits: Table A-1's bitrate and buffer, 1.25 times for High; nothing for a level it does not know", () => {
  expect(levelLimits(40, 'high')).toEqual(['-maxrate', '25000k', '-bufsize', '31250k']);
  expect(levelLimits(13, 'main')).toEqual(['-maxrate', '768k', '-bufsize', '2000k']);
  expect(levelLimits(null, 'high')).toEqual([]);
  expect(levelLimits(77, 'main')).toEqual([]);
});

test("a re-encoded stretch keeps to the bitrate of the level the source signals, however busy the take", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'splice-level-'));
  // A low-rate source (x264 signals a low level for it) and a take of heavy grain, which CRF alone would spend megabits on.
  const input = await makeSource(join(dir, 'in.mp4'), { seconds: 8, fps: '25', gop: 25, videoBitrate: '300k', audioRate: null });
  const take = await makeSource(join(dir, 'take.mp4'), { seconds: 6, fps: '25', width: 640, height: 360, grain: 60, audioRate: null });
  const output = join(dir, 'out.mp4');
  const result = await writeRetakeOutput({ input, take, output, replaced: { from: 75, to: 150 }, takeFrom: 0, replaceVideo: true, replaceAudio: false, audioFadeMs: 10 });
  expect(result.method).toBe('splice');
  const { from, to } = result.reencoded!;

  const level = (await probeSource(input)).video!.level!;
  const [maxrate, bufsize] = [levelLimits(level, 'high')[1], levelLimits(level, 'high')[3]].map((k) => Number(k.replace('k', '')) * 1000);
  const sizes = execFileSync(FFPROBE_PATH, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0', output], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  // Packets are in decode order, which within the stretch covers the same frames.
  const stretchBits = sizes.slice(from, to).reduce((a, b) => a + b, 0) * 8;
  const seconds = (to - from) / 25;
  // A buffer's worth above the rate is what VBV lets through in a stretch this short.
  expect(stretchBits).toBeLessThanOrEqual(maxrate * seconds + bufsize);
});
