import { FRAME_RATES, TICKS_PER_SECOND, frameRateFromTicksPerFrame, framesToTicks, secondsToTicks, ticksPerFrame, ticksToFrames } from './time';

describe('ticks and frames', () => {
  test('every supported rate has a whole number of ticks per frame', () => {
    for (const rate of Object.values(FRAME_RATES)) {
      expect(ticksPerFrame(rate) * BigInt(rate.num)).toBe(TICKS_PER_SECOND * BigInt(rate.den));
    }
    expect(ticksPerFrame(FRAME_RATES['23.976'])).toBe(10594584000n);
    expect(ticksPerFrame(FRAME_RATES['29.97'])).toBe(8475667200n);
  });

  test('rounding of ticks that fall between frames', () => {
    const rate = FRAME_RATES['25'];
    const tpf = ticksPerFrame(rate);
    expect(ticksToFrames(tpf * 10n + 1n, rate, 'floor')).toBe(10);
    expect(ticksToFrames(tpf * 10n + 1n, rate, 'ceil')).toBe(11);
    expect(ticksToFrames(tpf * 10n + tpf / 2n, rate, 'nearest')).toBe(11);
    expect(ticksToFrames(-1n, rate, 'floor')).toBe(-1);
  });

  test('recognises rates from ticks per frame', () => {
    expect(frameRateFromTicksPerFrame(ticksPerFrame(FRAME_RATES['59.94']))).toEqual(FRAME_RATES['59.94']);
    expect(frameRateFromTicksPerFrame(123n)).toBeUndefined();
  });

  test('ten hours at 23.976 stays exact (beyond float precision of ticks)', () => {
    const rate = FRAME_RATES['23.976'];
    const frames = 863136; // 10 h
    expect(ticksToFrames(framesToTicks(frames, rate), rate)).toBe(frames);
    expect(secondsToTicks(36000)).toBe(36000n * TICKS_PER_SECOND);
  });
});
