import { PRICE_PER_UPLOADED_SECOND_USD, RETAKE_LIMITS, RetakeLimits, RetakeMode, isRetakeMode } from './limits';
import { FrameRate, TickRange, Ticks, framesToSeconds, framesToTicks, secondsToFrames, ticksToFrames } from './time';
import { framesToTimecode } from './timecode';

/** Where the sub-second remainder goes when the marked length is rounded up to whole seconds. */
export type ExtraPlacement = 'after' | 'before' | 'split';

export interface SequenceTiming {
  frameRate: FrameRate;
  /** End of the sequence's last frame, in ticks from the timeline start. */
  end: Ticks;
  /** Start timecode (zero point) in ticks; only changes how times are displayed. */
  zeroPoint: Ticks;
}

export interface RetakeSettings {
  mode: RetakeMode;
  prompt: string;
  /** Context wanted on each side of the regenerated segment, whole seconds. */
  handleSeconds: number;
  extraPlacement: ExtraPlacement;
}

export const DEFAULT_SETTINGS: Omit<RetakeSettings, 'prompt'> = {
  mode: 'replace_video',
  handleSeconds: 1,
  extraPlacement: 'after',
};

export interface RetakePlan {
  mode: RetakeMode;
  prompt: string;
  frameRate: FrameRate;
  zeroPoint: Ticks;
  /** What the editor marked, snapped outwards to whole frames. */
  marked: TickRange;
  /** The sequence range the take will cover: exactly the regenerated segment. */
  replaced: TickRange;
  /** The exported (and billed) context window. */
  window: TickRange;
  /** API fields, seconds within the uploaded clip. */
  startTime: number;
  duration: number;
  /** The regenerated stretch inside the take file (same timeline as the upload). */
  takeSource: TickRange;
  clipFrames: number;
  billedSeconds: number;
  estimatedCostUsd: number;
}

export type PlanRejectionCode =
  | 'noRange'
  | 'emptyPrompt'
  | 'promptTooLong'
  | 'rangeTooShort'
  | 'rangeTooLong'
  | 'outsideSequence'
  | 'sequenceTooShort'
  | 'badSettings';

export type PlanResult = { ok: true; plan: RetakePlan } | { ok: false; code: PlanRejectionCode; reason: string };

const reject = (code: PlanRejectionCode, reason: string): PlanResult => ({ ok: false, code, reason });

/**
 * Turns the editor's marks into an LTX-2 Retake request and a placement, paying for as few
 * uploaded seconds as the model allows. Pure: the same inputs give the same plan.
 *
 * The export window is frame-accurate and free to choose, so the segment starts exactly on the
 * in point (startTime = whole seconds of context before it); only the segment length is rounded
 * up to whole seconds, and the remainder goes after, before or around the marks.
 */
export function planRetake(
  range: TickRange | null,
  sequence: SequenceTiming,
  settings: RetakeSettings,
  limits: RetakeLimits = RETAKE_LIMITS,
): PlanResult {
  const rate = sequence.frameRate;
  const tc = (frames: number) => framesToTimecode(frames + ticksToFrames(sequence.zeroPoint, rate, 'nearest'), rate);
  const secs = (frames: number) => `${round(framesToSeconds(frames, rate), 2)} s`;

  if (!isRetakeMode(settings.mode)) return reject('badSettings', `Unknown mode "${String(settings.mode)}".`);
  if (!Number.isInteger(settings.handleSeconds) || settings.handleSeconds < 0 || settings.handleSeconds > 5) {
    return reject('badSettings', `Context handles must be a whole number of seconds from 0 to 5 (got ${settings.handleSeconds}).`);
  }
  const prompt = settings.prompt.trim();
  if (prompt.length === 0) return reject('emptyPrompt', 'Write a prompt describing what the retaken range should show.');
  if (prompt.length > limits.maxPromptChars) {
    return reject('promptTooLong', `The prompt is ${prompt.length} characters; the limit is ${limits.maxPromptChars}. Shorten it.`);
  }
  if (!range || range.start < 0n || range.end <= range.start) {
    return reject('noRange', 'Mark an in and an out point on the active sequence (I and O) around the part to retake.');
  }

  const seqEnd = ticksToFrames(sequence.end, rate, 'floor');
  const minClipFrames = Math.ceil((limits.minClipFramesAt24 * rate.num) / (24 * rate.den));
  const maxClipFrames = Math.floor((limits.maxClipSeconds * rate.num) / rate.den);
  if (seqEnd < minClipFrames) {
    return reject('sequenceTooShort', `The sequence is ${secs(seqEnd)} long; LTX-2 Retake needs a clip of at least ${secs(minClipFrames)}. Use a longer sequence.`);
  }
  const inF = ticksToFrames(range.start, rate, 'floor');
  const outF = ticksToFrames(range.end, rate, 'ceil');
  if (outF > seqEnd) {
    return reject('outsideSequence', `The out point ${tc(outF)} is past the end of the sequence (${tc(seqEnd)}). Move it inside the sequence.`);
  }
  const marked = outF - inF;
  const minSegFrames = secondsToFrames(limits.minSegmentSeconds, rate);
  const maxSegFrames = secondsToFrames(limits.maxSegmentSeconds, rate);
  if (marked < minSegFrames) {
    return reject('rangeTooShort', `The marked range is ${secs(marked)}; LTX-2 Retake regenerates at least ${limits.minSegmentSeconds} s. Widen the marks by ${secs(minSegFrames - marked)}.`);
  }
  if (marked > maxSegFrames) {
    return reject('rangeTooLong', `The marked range is ${secs(marked)}; LTX-2 Retake regenerates at most ${limits.maxSegmentSeconds} s at a time. Mark a shorter range, or split it with ranged markers and run a batch.`);
  }

  // Segment length: whole seconds (or the exact length when fractions are allowed), at least the minimum.
  const duration = limits.fractionalTiming
    ? Math.max(limits.minSegmentSeconds, round(framesToSeconds(marked, rate), 3))
    : wholeSecondsCovering(marked, rate);
  const segFrames = Math.max(marked, secondsToFrames(duration, rate));
  if (segFrames > seqEnd) {
    return reject('sequenceTooShort', `The marked ${secs(marked)} is regenerated as ${duration} whole seconds, longer than the ${secs(seqEnd)} sequence. Use a longer sequence.`);
  }

  // Place the segment over the marks, the remainder where the editor wants it, kept inside the sequence.
  const extra = segFrames - marked;
  const preferredStart = settings.extraPlacement === 'after' ? inF : settings.extraPlacement === 'before' ? inF - extra : inF - Math.floor(extra / 2);
  const segStart = clamp(preferredStart, 0, seqEnd - segFrames);
  const segEnd = segStart + segFrames;

  // Context: the head is whole seconds (it is startTime); the tail is any number of frames.
  if (segFrames > maxClipFrames) {
    return reject('rangeTooLong', `The regenerated segment would be ${secs(segFrames)}, more than the ${limits.maxClipSeconds} s clip limit. Mark a shorter range.`);
  }
  let head = wholeSecondsWithin(Math.min(settings.handleSeconds, limits.maxClipSeconds), segStart, rate);
  let tail = Math.min(secondsToFrames(settings.handleSeconds, rate), seqEnd - segEnd);
  const clip = () => secondsToFrames(head, rate) + segFrames + tail;

  // Too short for the model: grow the tail to the sequence end, then the head by whole seconds.
  if (clip() < minClipFrames) tail = Math.min(seqEnd - segEnd, minClipFrames - secondsToFrames(head, rate) - segFrames);
  while (clip() < minClipFrames && secondsToFrames(head + 1, rate) <= segStart) head += 1;
  if (clip() < minClipFrames) {
    return reject('sequenceTooShort', `There is not enough footage around the marks for the ${secs(minClipFrames)} the model needs. Move the marks away from the sequence start or end.`);
  }
  // Too long to upload: give up tail first, then head seconds.
  if (clip() > maxClipFrames) tail = Math.max(0, maxClipFrames - secondsToFrames(head, rate) - segFrames);
  while (clip() > maxClipFrames && head > 0) head -= 1;

  const headFrames = secondsToFrames(head, rate);
  const windowStart = segStart - headFrames;
  const clipFrames = clip();
  const billedSeconds = round(framesToSeconds(clipFrames, rate), 3);
  return {
    ok: true,
    plan: {
      mode: settings.mode,
      prompt,
      frameRate: rate,
      zeroPoint: sequence.zeroPoint,
      marked: { start: framesToTicks(inF, rate), end: framesToTicks(outF, rate) },
      replaced: { start: framesToTicks(segStart, rate), end: framesToTicks(segEnd, rate) },
      window: { start: framesToTicks(windowStart, rate), end: framesToTicks(windowStart + clipFrames, rate) },
      startTime: head,
      duration,
      takeSource: { start: framesToTicks(headFrames, rate), end: framesToTicks(headFrames + segFrames, rate) },
      clipFrames,
      billedSeconds,
      estimatedCostUsd: round(billedSeconds * PRICE_PER_UPLOADED_SECOND_USD, 4),
    },
  };
}

/** Smallest whole number of seconds whose frame count covers `frames`. */
function wholeSecondsCovering(frames: number, rate: FrameRate): number {
  let s = Math.max(1, Math.floor(framesToSeconds(frames, rate)));
  while (secondsToFrames(s, rate) < frames) s += 1;
  return s;
}

/** Largest whole seconds up to `wanted` that fit in `availableFrames`. */
function wholeSecondsWithin(wanted: number, availableFrames: number, rate: FrameRate): number {
  let s = wanted;
  while (s > 0 && secondsToFrames(s, rate) > availableFrames) s -= 1;
  return s;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
