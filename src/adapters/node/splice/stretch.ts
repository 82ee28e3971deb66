import { ffmpeg } from '../ffmpeg';
import type { SourceVideo } from './probe';

/** Frame ranges are half-open [from, to), in frames of the source. */
export interface FrameSpan {
  from: number;
  to: number;
}

export interface StretchRequest {
  input: string;
  take: string;
  video: SourceVideo;
  /** The source frames to re-encode (a whole stretch, from a keyframe). */
  stretch: FrameSpan;
  /** The frames inside the stretch that come from the take instead. */
  replaced: FrameSpan;
  /** The take's frame (counted at the source's rate) shown at replaced.from. */
  takeFrom: number;
  encoderArgs: string[];
  timescale: number;
  output: string;
}

/**
 * Encodes source frames [stretch.from, stretch.to) with [replaced.from, replaced.to) taken from the
 * take, brought to the source's rate, frame size, aspect and pixel format. Video only.
 */
export async function encodeStretch(r: StretchRequest): Promise<void> {
  const { video: v, stretch, replaced } = r;
  const rate = `${v.rate.num}/${v.rate.den}`;
  const frameSeconds = v.rate.den / v.rate.num;
  const length = stretch.to - stretch.from;
  const before = replaced.from - stretch.from;
  const after = stretch.to - replaced.to;
  const sar = v.sampleAspect ? `${v.sampleAspect.num}/${v.sampleAspect.den}` : '1';
  const chains: string[] = [];
  const pieces: string[] = [];
  const originals = [before > 0 ? `trim=end_frame=${before}` : null, after > 0 ? `trim=start_frame=${replaced.to - stretch.from},setpts=PTS-STARTPTS` : null]
    .filter((x): x is string => x !== null);
  if (originals.length) {
    chains.push(`[0:v]trim=end_frame=${length},setpts=PTS-STARTPTS${originals.length === 2 ? ',split=2[o0][o1]' : '[o0]'}`);
  }
  let original = 0;
  if (before > 0) {
    chains.push(`[o${original++}]${originals[0]}[before]`);
    pieces.push('[before]');
  }
  const frames = replaced.to - replaced.from;
  chains.push(
    `[1:v]fps=${rate},trim=start_frame=${r.takeFrom}:end_frame=${r.takeFrom + frames},setpts=PTS-STARTPTS,` +
      `scale=${v.width}:${v.height},setsar=${sar},format=${v.pixFmt}[take]`,
  );
  pieces.push('[take]');
  if (after > 0) {
    chains.push(`[o${original}]${originals[originals.length - 1]}[after]`);
    pieces.push('[after]');
  }
  chains.push(`${pieces.join('')}concat=n=${pieces.length}:v=1:a=0,setpts=N/FRAME_RATE/TB[out]`);
  // Seeking to half a frame before the stretch lands exactly on its first frame whatever the rounding.
  const seek = Math.max(0, (stretch.from - 0.5) * frameSeconds);
  await ffmpeg([
    ...(stretch.from > 0 ? ['-ss', seek.toFixed(6)] : []), '-i', r.input, '-i', r.take,
    '-filter_complex', chains.join(';'), '-map', '[out]', '-an', '-sn', '-dn', '-map_metadata', '-1',
    ...r.encoderArgs, '-frames:v', String(length), '-video_track_timescale', String(r.timescale), r.output,
  ]);
}
