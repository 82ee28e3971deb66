import { FrameRate, TICKS_PER_SECOND, Ticks, fpsLabel, ticksToFrames } from '../domain/time';
import { framesToTimecode } from '../domain/timecode';

/**
 * Display formatting for the panel: timecodes at the sequence rate counted from the sequence's
 * zero point (start timecode), money, durations and dates. Pure, so it is tested without a DOM.
 */

export type Rounding = 'floor' | 'ceil' | 'nearest';

/** The timecode Premiere shows for a tick position (ticks from the timeline start). */
export function timecode(ticks: Ticks, rate: FrameRate, zeroPoint: Ticks, rounding: Rounding = 'nearest'): string {
  return framesToTimecode(ticksToFrames(ticks, rate, rounding) + ticksToFrames(zeroPoint, rate, 'nearest'), rate);
}

/**
 * A range as Premiere shows it: the in point, and the out point as the last frame included
 * ("01:00:10:00 – 01:00:12:24" for three seconds at 25 fps). Partial frames round outwards.
 */
export function timecodeRange(range: { start: Ticks; end: Ticks }, rate: FrameRate, zeroPoint: Ticks): string {
  const zero = ticksToFrames(zeroPoint, rate, 'nearest');
  const first = ticksToFrames(range.start, rate, 'floor');
  const last = Math.max(first, ticksToFrames(range.end, rate, 'ceil') - 1);
  return `${framesToTimecode(first + zero, rate)} – ${framesToTimecode(last + zero, rate)}`;
}

/** A length as a timecode duration, whole frames rounded outwards: "00:00:02:15". */
export function durationTimecode(range: { start: Ticks; end: Ticks }, rate: FrameRate): string {
  const frames = ticksToFrames(range.end, rate, 'ceil') - ticksToFrames(range.start, rate, 'floor');
  return framesToTimecode(Math.max(0, frames), rate);
}

/** "01:00:10:00 – 01:00:12:24 (00:00:03:00)". */
export function rangeWithDuration(range: { start: Ticks; end: Ticks }, rate: FrameRate, zeroPoint: Ticks): string {
  return `${timecodeRange(range, rate, zeroPoint)} (${durationTimecode(range, rate)})`;
}

/** Seconds with at most two decimals and no trailing zeros: 3, 2.6, 0.04. */
export function seconds(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded} s`;
}

export function ticksToSecondsText(ticks: Ticks): string {
  return seconds(Number(ticks) / Number(TICKS_PER_SECOND));
}

/** "$0.50"; amounts under a cent keep three decimals so they never read as free. */
export function money(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** Elapsed time as a clock: 0:07, 4:32, 1:02:03. */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A short local date and time for the history; falls back to ISO where Intl is missing. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  } catch {
    return iso.slice(0, 16).replace('T', ' ');
  }
}

export function rateLabel(rate: FrameRate): string {
  return `${fpsLabel(rate)} fps`;
}

/** A count with thousands separators, without depending on Intl: 5,000. */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 retake", "3 retakes". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The shortcut as the editor's keyboard spells it. */
export function shortcutLabel(nav: { platform?: string; userAgent?: string } | undefined = typeof navigator === 'undefined' ? undefined : navigator): string {
  const text = `${nav?.platform ?? ''} ${nav?.userAgent ?? ''}`;
  if (/mac/i.test(text)) return '⌘+Enter';
  if (/win|linux/i.test(text)) return 'Ctrl+Enter';
  return 'Ctrl/⌘+Enter';
}

/**
 * What is left of a generation expected to take `expectedMs`, `elapsedMs` in: "about 3 min left",
 * "under a minute left", or that it runs long. Null when nothing is known yet.
 */
export function timeLeft(expectedMs: number | null, elapsedMs: number): string | null {
  if (expectedMs === null || expectedMs <= 0) return null;
  const left = expectedMs - elapsedMs;
  if (left <= 0) return 'taking longer than past jobs of this length';
  if (left < 60_000) return 'under a minute left';
  return `about ${Math.round(left / 60_000)} min left`;
}
