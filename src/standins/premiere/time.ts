/**
 * TickTime and FrameRate as Premiere has them: immutable values over integer ticks
 * (254016000000 per second). Arithmetic is exact (bigint); `seconds` is the lossy view.
 */
import { FRAME_RATES, TICKS_PER_SECOND, Ticks, secondsToTicks } from '../../domain/time';
import type { PFrameRate, PTickTime, PTickTimeStatic } from '../../adapters/premiere/subset';

/** What Premiere reports for an in or out point when nothing is marked: a large negative time. */
export const NO_MARK_TICKS = -(2n ** 62n);

const INVALID_TICKS = -(2n ** 63n);

class FakeTickTime implements PTickTime {
  readonly #ticks: Ticks;

  constructor(ticks: Ticks) {
    this.#ticks = ticks;
  }

  get ticks(): string {
    return this.#ticks.toString();
  }

  get ticksNumber(): number {
    return Number(this.#ticks);
  }

  get seconds(): number {
    const whole = this.#ticks / TICKS_PER_SECOND;
    const rest = this.#ticks % TICKS_PER_SECOND;
    return Number(whole) + Number(rest) / Number(TICKS_PER_SECOND);
  }

  equals(tickTime: PTickTime): boolean {
    return tickTicks(tickTime) === this.#ticks;
  }

  alignToFrame(frameRate: PFrameRate): PTickTime {
    const tpf = frameTicks(frameRate);
    let q = this.#ticks / tpf;
    if (this.#ticks % tpf < 0n) q -= 1n;
    return tickTime(q * tpf);
  }

  alignToNearestFrame(frameRate: PFrameRate): PTickTime {
    const tpf = frameTicks(frameRate);
    const down = BigInt(this.alignToFrame(frameRate).ticks);
    return tickTime(2n * (this.#ticks - down) >= tpf ? down + tpf : down);
  }

  add(other: PTickTime): PTickTime {
    return tickTime(this.#ticks + tickTicks(other));
  }

  subtract(other: PTickTime): PTickTime {
    return tickTime(this.#ticks - tickTicks(other));
  }

  multiply(factor: number): PTickTime {
    return tickTime(scale(this.#ticks, factor, 1));
  }

  divide(divisor: number): PTickTime {
    if (divisor === 0) return tickTime(INVALID_TICKS);
    return tickTime(scale(this.#ticks, 1, divisor));
  }
}

class FakeFrameRate implements PFrameRate {
  ticksPerFrame: number;

  constructor(ticksPerFrame: number) {
    this.ticksPerFrame = ticksPerFrame;
  }

  get value(): number {
    return Number(TICKS_PER_SECOND) / this.ticksPerFrame;
  }

  equals(frameRate: PFrameRate): boolean {
    return frameRate.ticksPerFrame === this.ticksPerFrame;
  }
}

export function tickTime(ticks: Ticks): PTickTime {
  return new FakeTickTime(ticks);
}

/** Ticks of any TickTime, read through its public `ticks` string as Premiere's own objects allow. */
export function tickTicks(time: PTickTime): Ticks {
  if (time === null || time === undefined || typeof (time as { ticks?: unknown }).ticks !== 'string') {
    throw new TypeError('Expected a TickTime (create one with TickTime.createWithTicks/createWithSeconds).');
  }
  return BigInt(time.ticks);
}

function frameTicks(rate: PFrameRate): Ticks {
  const tpf = BigInt(Math.round(rate.ticksPerFrame));
  if (tpf <= 0n) throw new RangeError('The frame rate has no ticks per frame.');
  return tpf;
}

function scale(ticks: Ticks, factor: number, divisor: number): Ticks {
  // Exact for whole factors; otherwise through a scaled integer ratio.
  const precision = 1_000_000;
  const num = BigInt(Math.round(factor * precision));
  const den = BigInt(Math.round(divisor * precision));
  return (ticks * num) / den;
}

/** A frame rate from frames per second, snapped to the exact timeline rate it is closest to. */
export function frameRateFromValue(value: number): PFrameRate {
  if (!(value > 0)) throw new RangeError(`${value} is not a frame rate.`);
  for (const r of Object.values(FRAME_RATES)) {
    if (Math.abs(r.num / r.den - value) < 0.01) return new FakeFrameRate(Number((TICKS_PER_SECOND * BigInt(r.den)) / BigInt(r.num)));
  }
  return new FakeFrameRate(Math.round(Number(TICKS_PER_SECOND) / value));
}

export function frameRateFromTicks(ticksPerFrame: Ticks): PFrameRate {
  return new FakeFrameRate(Number(ticksPerFrame));
}

export const tickTimeStatic: PTickTimeStatic = {
  createWithFrameAndFrameRate: (frameCount, frameRate) => {
    if (!Number.isInteger(frameCount)) throw new TypeError('createWithFrameAndFrameRate needs a whole frame count.');
    return tickTime(BigInt(frameCount) * frameTicks(frameRate));
  },
  createWithSeconds: (seconds) => {
    if (!Number.isFinite(seconds)) throw new TypeError(`createWithSeconds needs a number of seconds (got ${seconds}).`);
    return tickTime(secondsToTicks(seconds));
  },
  createWithTicks: (ticks) => {
    if (typeof ticks !== 'string' || !/^-?\d+$/.test(ticks.trim())) {
      throw new TypeError(`createWithTicks needs the ticks as a decimal string (got ${JSON.stringify(ticks)}).`);
    }
    return tickTime(BigInt(ticks.trim()));
  },
};
