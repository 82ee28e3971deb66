import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FRAME_RATES, Ticks, framesToTicks } from '../../domain/time';
import { createNodeFileStore } from '../node/fileStore';
import { makeTestClip } from '../../testing/media';

/** 25 fps, the rate of every take test's sequence. */
export const RATE = FRAME_RATES['25'];
export const f = (frames: number): Ticks => framesToTicks(frames, RATE);

/**
 * The media of the take tests: a blue shot and a red 6 s take (so a frame tells which one
 * shows), made once per test file in a folder of its own (`work`, with a file store on it).
 */
export function blueShotRedTake(folderPrefix: string, o: { shotSeconds: number; width: number; height: number }) {
  const work = mkdtempSync(join(tmpdir(), folderPrefix));
  const size = { fps: '25', width: o.width, height: o.height };
  let shot: Promise<string>;
  let take: Promise<string>;
  beforeAll(() => {
    shot = makeTestClip(join(work, 'source.mp4'), { ...size, seconds: o.shotSeconds, pattern: 'color=c=0x0000ff' });
    take = makeTestClip(join(work, 'take.mp4'), { ...size, seconds: 6, pattern: 'color=c=0xff0000' });
  });
  return { work, files: createNodeFileStore(work), shot: () => shot, take: () => take };
}
