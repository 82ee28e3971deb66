import { ffmpeg } from '../ffmpeg';
import type { SourceVideo } from './probe';

/** Frame ranges are half-open [from, to), in frames of the source. */
export interface FrameSpan {
  from: number;
  to: number;
}

/** One replaced range: source frames [replaced.from, replaced.to) shown from `take`, starting at its frame `takeFrom`. */
export interface TakeSegment {
  take: string;
  replaced: FrameSpan;
  /** The take's frame (counted at the source's rate) shown at replaced.from. */
  takeFrom: number;
}

export interface StretchRequest {
  input: string;
  video: SourceVideo;
  /** The source frames to re-encode (a whole stretch, from a keyframe). */
  stretch: FrameSpan;
  /** The ranges inside the stretch that come from takes instead, in order, not overlapping. */
  segments: TakeSegment[];
  encoderArgs: string[];
  timescale: number;
  output: string;
}

/**
 * Encodes source frames [stretch.from, stretch.to) with each segment's frames taken from its take,
 * brought to the source's rate, frame size, aspect and pixel format. Video only.
 */
export async function encodeStretch(r: StretchRequest): Promise<void> {
  const { video: v, stretch } = r;
  const rate = `${v.rate.num}/${v.rate.den}`;
  const frameSeconds = v.rate.den / v.rate.num;
  const length = stretch.to - stretch.from;
  const sar = v.sampleAspect ? `${v.sampleAspect.num}/${v.sampleAspect.den}` : '1';
  // The source's own frames between the segments, as [from, to) relative to the stretch.
  const kept: FrameSpan[] = [];
  let at = stretch.from;
  for (const s of r.segments) {
    if (s.replaced.from > at) kept.push({ from: at - stretch.from, to: s.replaced.from - stretch.from });
    at = s.replaced.to;
  }
  if (stretch.to > at) kept.push({ from: at - stretch.from, to: length });

  const chains: string[] = [];
  if (kept.length) {
    const outputs = kept.map((_, i) => `[o${i}]`).join('');
    chains.push(`[0:v]trim=end_frame=${length},setpts=PTS-STARTPTS${kept.length > 1 ? `,split=${kept.length}${outputs}` : outputs}`);
  }
  const pieces: Array<{ at: number; label: string }> = [];
  kept.forEach((k, i) => {
    chains.push(`[o${i}]trim=start_frame=${k.from}:end_frame=${k.to},setpts=PTS-STARTPTS[keep${i}]`);
    pieces.push({ at: k.from, label: `[keep${i}]` });
  });
  r.segments.forEach((s, i) => {
    const frames = s.replaced.to - s.replaced.from;
    chains.push(
      `[${i + 1}:v]fps=${rate},trim=start_frame=${s.takeFrom}:end_frame=${s.takeFrom + frames},setpts=PTS-STARTPTS,` +
        `scale=${v.width}:${v.height},setsar=${sar},format=${v.pixFmt}[take${i}]`,
    );
    pieces.push({ at: s.replaced.from - stretch.from, label: `[take${i}]` });
  });
  pieces.sort((a, b) => a.at - b.at);
  chains.push(`${pieces.map((p) => p.label).join('')}concat=n=${pieces.length}:v=1:a=0,setpts=N/FRAME_RATE/TB[out]`);
  // Seeking to half a frame before the stretch lands exactly on its first frame whatever the rounding.
  const seek = Math.max(0, (stretch.from - 0.5) * frameSeconds);
  await ffmpeg([
    ...(stretch.from > 0 ? ['-ss', seek.toFixed(6)] : []), '-i', r.input, ...r.segments.flatMap((s) => ['-i', s.take]),
    '-filter_complex', chains.join(';'), '-map', '[out]', '-an', '-sn', '-dn', '-map_metadata', '-1',
    ...r.encoderArgs, '-frames:v', String(length), '-video_track_timescale', String(r.timescale), r.output,
  ]);
}
