/**
 * The one place that knows how Premiere counts sequence time. The fake Premiere imports the same
 * constant and functions, so a finding on a real Premiere changes one line and both follow.
 */
import type { Ticks } from '../../domain/time';
import type { PTickTime } from './subset';

/**
 * Unconfirmed: whether the times Premiere gives and takes for a sequence (in/out points, marker
 * starts, track item start/end, the insert time of a placement, the sequence end) count from the
 * timeline start (false) or include the sequence's zero point, its start timecode (true).
 * ExtendScript counted from the timeline start and the track item docs say "relative to the
 * sequence start time", so false is the more likely.
 */
export const PREMIERE_TIMES_INCLUDE_ZERO_POINT = false;

/** A Premiere sequence time as ticks from the timeline start. */
export function premiereToTimeline(premiereTicks: Ticks, zeroPoint: Ticks): Ticks {
  return PREMIERE_TIMES_INCLUDE_ZERO_POINT ? premiereTicks - zeroPoint : premiereTicks;
}

/** Ticks from the timeline start as the time Premiere expects. */
export function timelineToPremiere(timelineTicks: Ticks, zeroPoint: Ticks): Ticks {
  return PREMIERE_TIMES_INCLUDE_ZERO_POINT ? timelineTicks + zeroPoint : timelineTicks;
}

/** Exact ticks of a TickTime: from its decimal `ticks` string, never from the lossy `seconds`. */
export function ticksOf(time: PTickTime): Ticks {
  const text = String(time.ticks).trim();
  const whole = /^-?\d+/.exec(text);
  if (whole) return BigInt(whole[0]);
  return BigInt(Math.round(time.ticksNumber));
}
