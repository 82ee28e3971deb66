import fc from 'fast-check';
import { FRAME_RATES } from './time';
import { framesToTimecode, timecodeToFrames } from './timecode';

describe('timecode', () => {
  test('known values', () => {
    expect(framesToTimecode(0, FRAME_RATES['25'])).toBe('00:00:00:00');
    expect(framesToTimecode(250, FRAME_RATES['25'])).toBe('00:00:10:00');
    expect(framesToTimecode(90000, FRAME_RATES['25'])).toBe('01:00:00:00');
    // Drop-frame: the first minute boundary skips ;00 and ;01.
    expect(framesToTimecode(1799, FRAME_RATES['29.97 DF'])).toBe('00:00:59;29');
    expect(framesToTimecode(1800, FRAME_RATES['29.97 DF'])).toBe('00:01:00;02');
    expect(framesToTimecode(17982, FRAME_RATES['29.97 DF'])).toBe('00:10:00;00');
    expect(framesToTimecode(107892, FRAME_RATES['29.97 DF'])).toBe('01:00:00;00');
    expect(framesToTimecode(3600, FRAME_RATES['59.94 DF'])).toBe('00:01:00;04');
    expect(framesToTimecode(86400, FRAME_RATES['23.976'])).toBe('01:00:00:00');
  });

  test('round trips at every rate', () => {
    for (const rate of Object.values(FRAME_RATES)) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 24 * 3600 * 60 }), (frames) => {
          expect(timecodeToFrames(framesToTimecode(frames, rate), rate)).toBe(frames);
        }),
        { numRuns: 300 },
      );
    }
  });

  test('rejects text that is not a timecode', () => {
    expect(() => timecodeToFrames('10 seconds', FRAME_RATES['25'])).toThrow('is not a timecode');
  });
});
