/**
 * Time on a Premiere timeline: integer ticks (254016000000 per second) and whole frames.
 * Every supported rate has a whole number of ticks per frame, so frame maths in ticks is exact;
 * seconds appear only at the API edge.
 */
export const TICKS_PER_SECOND = 254016000000n;

export type Ticks = bigint;

/** A frame rate as an exact ratio, e.g. 24000/1001 for 23.976. `dropFrame` only affects timecode. */
export interface FrameRate {
  num: number;
  den: number;
  dropFrame: boolean;
}

export const FRAME_RATES = {
  '23.976': { num: 24000, den: 1001, dropFrame: false },
  '24': { num: 24, den: 1, dropFrame: false },
  '25': { num: 25, den: 1, dropFrame: false },
  '29.97': { num: 30000, den: 1001, dropFrame: false },
  '29.97 DF': { num: 30000, den: 1001, dropFrame: true },
  '30': { num: 30, den: 1, dropFrame: false },
  '50': { num: 50, den: 1, dropFrame: false },
  '59.94': { num: 60000, den: 1001, dropFrame: false },
  '59.94 DF': { num: 60000, den: 1001, dropFrame: true },
  '60': { num: 60, den: 1, dropFrame: false },
} as const satisfies Record<string, FrameRate>;

export function ticksPerFrame(rate: FrameRate): Ticks {
  return (TICKS_PER_SECOND * BigInt(rate.den)) / BigInt(rate.num);
}

/** The rate whose frame lasts `ticks`, if it is one of the supported rates. */
export function frameRateFromTicksPerFrame(ticks: Ticks, dropFrame = false): FrameRate | undefined {
  const match = Object.values(FRAME_RATES).find((r) => ticksPerFrame(r) === ticks && r.dropFrame === dropFrame);
  return match ? { ...match } : undefined;
}

export function framesToTicks(frames: number, rate: FrameRate): Ticks {
  return BigInt(frames) * ticksPerFrame(rate);
}

/** Whole frames in `ticks`, rounded down (`floor`), up (`ceil`) or to the nearest. */
export function ticksToFrames(ticks: Ticks, rate: FrameRate, rounding: 'floor' | 'ceil' | 'nearest' = 'nearest'): number {
  const tpf = ticksPerFrame(rate);
  let q = ticks / tpf;
  const r = ticks % tpf;
  if (rounding === 'floor' && r < 0n) q -= 1n;
  if (rounding === 'ceil' && r > 0n) q += 1n;
  if (rounding === 'nearest') {
    const twice = 2n * (r < 0n ? -r : r);
    if (twice >= tpf) q += r < 0n ? -1n : 1n;
  }
  return Number(q);
}

/** Frames closest to a whole or fractional number of seconds at this rate. */
export function secondsToFrames(seconds: number, rate: FrameRate): number {
  return Math.round((seconds * rate.num) / rate.den);
}

/** Exact seconds of a frame count, as a float: for the API edge and for display. */
export function framesToSeconds(frames: number, rate: FrameRate): number {
  return (frames * rate.den) / rate.num;
}

export function ticksToSeconds(ticks: Ticks): number {
  return Number(ticks) / Number(TICKS_PER_SECOND);
}

export function secondsToTicks(seconds: number): Ticks {
  // Split whole and fractional parts so large values keep their precision.
  const whole = Math.trunc(seconds);
  return BigInt(whole) * TICKS_PER_SECOND + BigInt(Math.round((seconds - whole) * Number(TICKS_PER_SECOND)));
}

export function fpsLabel(rate: FrameRate): string {
  const fps = rate.num / rate.den;
  const text = Number.isInteger(fps) ? String(fps) : fps.toFixed(3).replace(/0+$/, '');
  return rate.dropFrame ? `${text} DF` : text;
}

/** A half-open range [start, end) of ticks. */
export interface TickRange {
  start: Ticks;
  end: Ticks;
}
