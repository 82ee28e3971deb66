import type { VideoPacket } from './probe';

/**
 * Where a splice can cut a packet-copied stream, from the packets around the replaced range.
 *
 * A keyframe is a clean cut when, in decode order, every packet before it shows an earlier frame
 * and every packet from it on a later or the same one: then the packets before it decode to
 * exactly the frames before it, and the packets from it on need nothing before it (a closed GOP).
 */
export interface CutPlan {
  /** First frame re-encoded: the clean keyframe at or before the first replaced frame. */
  reencodeFrom: number;
  /** First frame copied again after the range: the clean keyframe at or after the range's end (or the end of the stream). */
  reencodeTo: number;
  /** A decode timestamp (stream time base) between the last copied head packet and the first re-encoded one. */
  headOutpoint: number;
  /** Presentation delay of the stream's reordering, in frames (the decode timestamp runs this far behind). */
  delayFrames: number;
  /** Frames between keyframes near the cuts. */
  gopFrames: number;
}

export type CutResult = { ok: true; plan: CutPlan } | { ok: false; reason: string };

export interface CutInput {
  /** Packets in decode order, covering at least the GOPs around both cuts. */
  packets: VideoPacket[];
  /** Ticks of the stream's time base per frame. */
  frameTicks: number;
  /** Replaced frames [from, to). */
  from: number;
  to: number;
  totalFrames: number;
}

export function planCuts(input: CutInput): CutResult {
  const { packets, frameTicks, from, to, totalFrames } = input;
  if (packets.length === 0) return { ok: false, reason: 'the video packets could not be read' };
  const frameOf = (p: VideoPacket) => p.pts / frameTicks;
  const sortedPts = packets.map((p) => p.pts).sort((a, b) => a - b);
  for (let i = 1; i < sortedPts.length; i++) {
    if (sortedPts[i] - sortedPts[i - 1] !== frameTicks) return { ok: false, reason: 'the frame rate is not constant around the cuts' };
  }
  if (packets.every((p) => p.key)) return { ok: false, reason: 'every frame is a keyframe (an intra-only stream)' };

  // Clean cuts: a prefix maximum of pts before each packet and a suffix minimum from it.
  const prefixMax: number[] = [];
  let max = -Infinity;
  for (const p of packets) {
    prefixMax.push(max);
    max = Math.max(max, p.pts);
  }
  const suffixMin: number[] = new Array(packets.length);
  let min = Infinity;
  for (let i = packets.length - 1; i >= 0; i--) {
    min = Math.min(min, packets[i].pts);
    suffixMin[i] = min;
  }
  const clean = packets
    .map((p, i) => ({ p, i }))
    // The first packet read has no known predecessors unless it starts the stream.
    .filter(({ p, i }) => p.key && (i > 0 || p.pts === 0) && Number.isInteger(frameOf(p)) && prefixMax[i] < p.pts && suffixMin[i] === p.pts);

  const head = [...clean].reverse().find(({ p }) => frameOf(p) <= from);
  if (!head) return { ok: false, reason: 'no clean keyframe before the replaced range (open GOPs, or keyframes too far apart)' };
  const tail = clean.find(({ p }) => frameOf(p) >= to);
  const reencodeFrom = frameOf(head.p);
  const reencodeTo = tail ? frameOf(tail.p) : totalFrames;
  if (!tail && !reachesEnd(packets, frameTicks, totalFrames)) {
    return { ok: false, reason: 'no clean keyframe after the replaced range (open GOPs, or keyframes too far apart)' };
  }

  const delays = [head, tail].filter((c): c is { p: VideoPacket; i: number } => c !== undefined).map(({ p }) => (p.pts - p.dts) / frameTicks);
  if (delays.some((d) => d !== delays[0] || !Number.isInteger(d) || d < 0)) {
    return { ok: false, reason: 'the decode delay differs between the cuts' };
  }
  const keyFrames = clean.map(({ p }) => frameOf(p));
  const spacing = keyFrames.slice(1).map((k, i) => k - keyFrames[i]);
  const gopFrames = spacing.length ? Math.max(...spacing) : Math.max(1, reencodeTo - reencodeFrom);
  return {
    ok: true,
    plan: { reencodeFrom, reencodeTo, headOutpoint: head.p.dts - frameTicks / 2, delayFrames: delays[0], gopFrames },
  };
}

/** True when the packets run to the last frame of the stream (so "no keyframe after" means "re-encode to the end"). */
function reachesEnd(packets: VideoPacket[], frameTicks: number, totalFrames: number): boolean {
  return Math.max(...packets.map((p) => p.pts)) / frameTicks >= totalFrames - 1;
}
