/**
 * The one place that knows how Premiere counts sequence time. Which convention applies is part of
 * the HostBehaviour the host is given (measured by "Check this Premiere", else the constant below);
 * the fake Premiere uses the same functions with its own switch.
 */
import type { Ticks } from '../../domain/time';
import type { PTickTime } from './subset';

/**
 * Unconfirmed: whether the times Premiere gives and takes for a sequence (in/out points, marker
 * starts, track item start/end, the insert time of a placement, the sequence end) count from the
 * timeline start (false) or include the sequence's zero point, its start timecode (true).
 * ExtendScript counted from the timeline start and the track item docs say "relative to the
 * sequence start time", so false is the more likely. "Check this Premiere" measures it.
 */
export const PREMIERE_TIMES_INCLUDE_ZERO_POINT = false;

/**
 * Unconfirmed: whether a sequence's out point as the API reads and sets it is the end of the last
 * marked frame (false: the plugin's ranges are [in, out)) or that frame's start, as Premiere's
 * timeline displays out points (true). "Check this Premiere" counts the frames of an in/out export.
 */
export const PREMIERE_OUT_POINT_IS_LAST_FRAME_START = false;

/** The end of the marked range from the out point Premiere reports. */
export function outPointToEnd(outPoint: Ticks, ticksPerFrame: Ticks, lastFrameStart: boolean): Ticks {
  return lastFrameStart ? outPoint + ticksPerFrame : outPoint;
}

/** The out point to hand Premiere for a range ending at `end`. */
export function endToOutPoint(end: Ticks, ticksPerFrame: Ticks, lastFrameStart: boolean): Ticks {
  return lastFrameStart ? end - ticksPerFrame : end;
}

/** A Premiere sequence time as ticks from the timeline start. */
export function premiereToTimeline(premiereTicks: Ticks, zeroPoint: Ticks, includesZeroPoint: boolean): Ticks {
  return includesZeroPoint ? premiereTicks - zeroPoint : premiereTicks;
}

/** Ticks from the timeline start as the time Premiere expects. */
export function timelineToPremiere(timelineTicks: Ticks, zeroPoint: Ticks, includesZeroPoint: boolean): Ticks {
  return includesZeroPoint ? timelineTicks + zeroPoint : timelineTicks;
}

/** Exact ticks of a TickTime: from its decimal `ticks` string, never from the lossy `seconds`. */
export function ticksOf(time: PTickTime): Ticks {
  const text = String(time.ticks).trim();
  const whole = /^-?\d+/.exec(text);
  if (whole) return BigInt(whole[0]);
  return BigInt(Math.round(time.ticksNumber));
}
