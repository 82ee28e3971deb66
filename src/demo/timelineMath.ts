/** Pure helpers for the demo timeline: positions, ruler steps, timecode entry, clip colours, what the Program monitor shows. */
import { FrameRate, TICKS_PER_SECOND, Ticks, framesToTicks, ticksPerFrame, ticksToFrames } from '../domain/time';
import { timecodeToFrames } from '../domain/timecode';
import { dissolveAt, dissolveOpacity, topVisibleClip } from '../standins/premiere/composite';
import { clipDissolves } from '../standins/premiere/encoderApi';
import type { ClipInfo, SequenceInfo } from '../standins/premiere/fakePremiere';

export const secondsOf = (t: Ticks) => Number(t) / Number(TICKS_PER_SECOND);

/** How much time the view spans: the sequence and a little room after it, in whole seconds. */
export function viewSeconds(seq: SequenceInfo): number {
  const end = Math.max(secondsOf(seq.end), 10);
  return Math.ceil(end * 1.05 + 1);
}

/** A CSS percentage for a time, for absolutely placed blocks in a lane. */
export function pct(t: Ticks, totalSeconds: number): string {
  return `${(secondsOf(t) / totalSeconds) * 100}%`;
}

/** A time under a horizontal position in a lane, floored to the frame (a click lands on a frame). */
export function ticksAtFraction(fraction: number, totalSeconds: number, seq: SequenceInfo): Ticks {
  const clamped = Math.min(Math.max(fraction, 0), 1);
  const frames = Math.floor(clamped * totalSeconds * (seq.frameRate.num / seq.frameRate.den));
  const t = framesToTicks(frames, seq.frameRate);
  return t > seq.end ? seq.end : t;
}

/** Major ruler step (labelled) and minor step, seconds, so that about `maxLabels` labels fit. */
export function rulerSteps(totalSeconds: number, maxLabels: number): { major: number; minor: number } {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  const major = steps.find((s) => totalSeconds / s <= maxLabels) ?? 600;
  const minor = major >= 10 ? major / 5 : major === 5 ? 1 : major / 2;
  return { major, minor };
}

/** Parses a typed timecode ("01:00:04:00", or "4:00" = 4 s from the start) to ticks from the timeline start. */
export function parseTimecode(text: string, rate: FrameRate, zeroPoint: Ticks): Ticks | null {
  const parts = text.trim().split(/[:;.]/).filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 4 || parts.some((p) => !/^\d+$/.test(p))) return null;
  const full = [...Array(4 - parts.length).fill('0'), ...parts].map((p) => p.padStart(2, '0'));
  const zeroFrames = ticksToFrames(zeroPoint, rate, 'nearest');
  let frames: number;
  try {
    frames = timecodeToFrames(`${full[0]}:${full[1]}:${full[2]}${rate.dropFrame ? ';' : ':'}${full[3]}`, rate);
  } catch {
    return null;
  }
  // A time before the start timecode ("4:00", "00:00:04:00") counts from it.
  if (frames < zeroFrames) frames += zeroFrames;
  const ticks = framesToTicks(frames - zeroFrames, rate);
  return ticks < 0n ? null : ticks;
}

export function oneFrame(seq: SequenceInfo): Ticks {
  return ticksPerFrame(seq.frameRate);
}

/** Whether a clip is a take laid by LTX Retake (its name carries the job id). */
export function isTake(clip: Pick<ClipInfo, 'name'>): boolean {
  return /^LTX (V|A|AV) ".*" \[[^\]]+\]$/.test(clip.name);
}

/** Premiere-like label colours, one per source media file (video, audio). */
const SOURCE_COLOURS: Array<{ video: string; audio: string }> = [
  { video: '#8d7fd8', audio: '#2f9c8a' }, // violet / caribbean
  { video: '#4a90c8', audio: '#3f7fa8' }, // cerulean
  { video: '#c46d93', audio: '#a85a7c' }, // rose
  { video: '#7aa84a', audio: '#5f8a3a' }, // forest
  { video: '#c8a04a', audio: '#a88a3f' }, // tan
];

export function sourceColour(index: number, media: 'video' | 'audio'): string {
  return SOURCE_COLOURS[((index % SOURCE_COLOURS.length) + SOURCE_COLOURS.length) % SOURCE_COLOURS.length][media];
}

/** The job id a take's name carries (`LTX V "…" [job id]`), or null for any other clip. */
export function takeJobId(clip: Pick<ClipInfo, 'name'>): string | null {
  return isTake(clip) ? (/\[([^\]]+)\]$/.exec(clip.name)?.[1] ?? null) : null;
}

/** The video tracks top-most first, as compositing reads them; `withoutTakes` leaves LTX takes out. */
function tracksTopFirst(seq: Pick<SequenceInfo, 'video'>, withoutTakes: boolean) {
  return [...seq.video].reverse().map((t) => ({ muted: t.muted, clips: withoutTakes ? t.clips.filter((c) => !isTake(c)) : t.clips }));
}

/**
 * The video clip the Program monitor shows at `at`: the fake's compositing rule over the
 * sequence's video tracks (V1 is the bottom). `withoutTakes` leaves LTX takes out (the A/B
 * compare's "original"), as if they were not on the timeline.
 */
export function programClipAt(seq: Pick<SequenceInfo, 'video'>, at: Ticks, withoutTakes = false): ClipInfo | null {
  return topVisibleClip(tracksTopFirst(seq, withoutTakes), at);
}

export interface ProgramPicture {
  clip: ClipInfo | null;
  /** Within a dissolve on `clip`'s edge: what shows beneath it (null is black) and the clip's opacity over it. */
  dissolve: { under: ClipInfo | null; opacity: number } | null;
}

/**
 * What the Program monitor draws at `at`: the top clip, blended over the one beneath within a
 * dissolve, by the export renderer's dissolve extents and ramp (encoderApi.ts, composite.ts).
 */
export function programPictureAt(seq: Pick<SequenceInfo, 'video' | 'frameRate'>, at: Ticks, withoutTakes = false): ProgramPicture {
  const tracks = tracksTopFirst(seq, withoutTakes);
  const clip = topVisibleClip(tracks, at);
  if (!clip) return { clip: null, dissolve: null };
  const tpf = ticksPerFrame(seq.frameRate);
  const frame = Number(at / tpf); // the frame under `at` (times on the timeline are never negative)
  const dissolve = dissolveAt(clipDissolves(clip, 0n, tpf), frame);
  if (!dissolve) return { clip, dissolve: null };
  const below = tracks.slice(tracks.findIndex((t) => t.clips.includes(clip)) + 1);
  return { clip, dissolve: { under: topVisibleClip(below, at), opacity: dissolveOpacity(dissolve, frame) } };
}
