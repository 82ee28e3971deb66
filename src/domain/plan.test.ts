import fc from 'fast-check';
import { RETAKE_LIMITS } from './limits';
import { DEFAULT_SETTINGS, ExtraPlacement, PlanResult, RetakePlan, RetakeSettings, planRetake } from './plan';
import { FRAME_RATES, FrameRate, TICKS_PER_SECOND, framesToTicks, secondsToFrames, ticksPerFrame, ticksToFrames } from './time';
import { framesToTimecode, timecodeToFrames } from './timecode';

const settings = (over: Partial<RetakeSettings> = {}): RetakeSettings => ({ ...DEFAULT_SETTINGS, prompt: 'a red car', ...over });
const tc = (s: string, rate: FrameRate) => framesToTicks(timecodeToFrames(s, rate), rate);
const ok = (r: PlanResult): RetakePlan => {
  if (!r.ok) throw new Error(`expected a plan, got: ${r.reason}`);
  return r.plan;
};

describe('the worked example (25 fps, 10:00 to 12:15, 1 s handles)', () => {
  const rate = FRAME_RATES['25'];
  const seq = { frameRate: rate, end: tc('00:01:00:00', rate), zeroPoint: 0n };
  const plan = ok(planRetake({ start: tc('00:00:10:00', rate), end: tc('00:00:12:15', rate) }, seq, settings()));

  test('segment starts on the in point and is rounded up to 3 s, the extra after the out point', () => {
    expect(plan.startTime).toBe(1);
    expect(plan.duration).toBe(3);
    expect(plan.replaced).toEqual({ start: tc('00:00:10:00', rate), end: tc('00:00:13:00', rate) });
  });
  test('window is 09:00 to 14:00: 5 s billed, $0.50', () => {
    expect(plan.window).toEqual({ start: tc('00:00:09:00', rate), end: tc('00:00:14:00', rate) });
    expect(plan.billedSeconds).toBe(5);
    expect(plan.estimatedCostUsd).toBeCloseTo(0.5, 6);
  });
  test('the take is used from 1 s to 4 s', () => {
    expect(plan.takeSource).toEqual({ start: 1n * TICKS_PER_SECOND, end: 4n * TICKS_PER_SECOND });
  });
});

describe('where the sub-second remainder goes', () => {
  const rate = FRAME_RATES['25'];
  const seq = { frameRate: rate, end: tc('00:01:00:00', rate), zeroPoint: 0n };
  const marks = { start: tc('00:00:10:00', rate), end: tc('00:00:12:15', rate) };
  const at = (extraPlacement: ExtraPlacement) => ok(planRetake(marks, seq, settings({ extraPlacement }))).replaced;
  test('before the in point', () => expect(at('before')).toEqual({ start: tc('00:00:09:15', rate), end: tc('00:00:12:15', rate) }));
  test('split around the marks', () => expect(at('split')).toEqual({ start: tc('00:00:09:20', rate), end: tc('00:00:12:20', rate) }));
});

describe('rejections are sentences and name the number', () => {
  const rate = FRAME_RATES['25'];
  const seq = { frameRate: rate, end: tc('00:01:00:00', rate), zeroPoint: tc('01:00:00:00', rate) };
  const reason = (r: PlanResult) => (r.ok ? 'ok' : `${r.code}: ${r.reason}`);
  const range = (a: string, b: string) => ({ start: tc(a, rate), end: tc(b, rate) });

  test.each([
    ['no range', null, settings(), /^noRange: Mark an in and an out point/],
    ['negative in (Premiere with nothing marked)', { start: -1000n, end: 5n }, settings(), /^noRange/],
    ['empty prompt', range('00:00:10:00', '00:00:13:00'), settings({ prompt: '   ' }), /^emptyPrompt/],
    ['prompt too long', range('00:00:10:00', '00:00:13:00'), settings({ prompt: 'x'.repeat(5001) }), /^promptTooLong: The prompt is 5001 characters; the limit is 5000/],
    ['under 2 s', range('00:00:10:00', '00:00:11:12'), settings(), /^rangeTooShort: The marked range is 1.48 s; .* Widen the marks by 0.52 s/],
    ['over 16 s', range('00:00:10:00', '00:00:27:00'), settings(), /^rangeTooLong: The marked range is 17 s; .* at most 16 s/],
    ['past the end', range('00:00:58:00', '00:01:01:00'), settings(), /^outsideSequence: The out point 01:01:01:00 is past the end of the sequence \(01:01:00:00\)/],
    ['handles not whole', range('00:00:10:00', '00:00:13:00'), settings({ handleSeconds: 0.5 }), /^badSettings/],
  ])('%s', (_name, r, s, expected) => {
    expect(reason(planRetake(r, seq, s))).toMatch(expected);
  });

  test('a sequence shorter than the minimum clip', () => {
    const short = { frameRate: rate, end: tc('00:00:02:10', rate), zeroPoint: 0n };
    expect(reason(planRetake(range('00:00:00:00', '00:00:02:05'), short, settings()))).toMatch(/^sequenceTooShort: The sequence is 2.4 s long; LTX-2 Retake needs a clip of at least 3.08 s/);
  });
});

describe('clamping and growing the context', () => {
  const rate = FRAME_RATES['24'];
  test('marks at the very start: no head, the tail grows to the 73-frame minimum', () => {
    const seq = { frameRate: rate, end: 24n * 60n * ticksPerFrame(rate), zeroPoint: 0n };
    const plan = ok(planRetake({ start: 0n, end: 48n * ticksPerFrame(rate) }, seq, settings({ handleSeconds: 0 })));
    expect(plan.startTime).toBe(0);
    expect(plan.clipFrames).toBe(73);
    expect(plan.window.start).toBe(0n);
  });
  test('marks at the very end: the head grows by whole seconds', () => {
    const seq = { frameRate: rate, end: 24n * 10n * ticksPerFrame(rate), zeroPoint: 0n };
    const plan = ok(planRetake({ start: 24n * 8n * ticksPerFrame(rate), end: 24n * 10n * ticksPerFrame(rate) }, seq, settings({ handleSeconds: 0 })));
    expect(plan.startTime).toBe(2); // 1 s of head gives 72 frames, one short of 73
    expect(plan.clipFrames).toBe(96);
    expect(plan.window.end).toBe(seq.end);
  });
  test('large handles are cut to the 20 s clip limit', () => {
    const seq = { frameRate: rate, end: 24n * 600n * ticksPerFrame(rate), zeroPoint: 0n };
    const plan = ok(planRetake({ start: 24n * 100n * ticksPerFrame(rate), end: 24n * 116n * ticksPerFrame(rate) }, seq, settings({ handleSeconds: 5 })));
    expect(plan.clipFrames).toBeLessThanOrEqual(24 * 20);
    expect(plan.duration).toBe(16);
  });
  test('a 23.976 range of exactly 48 frames is a 2 s segment, not 3', () => {
    const r = FRAME_RATES['23.976'];
    const seq = { frameRate: r, end: 10000n * ticksPerFrame(r), zeroPoint: 0n };
    const plan = ok(planRetake({ start: 1000n * ticksPerFrame(r), end: 1048n * ticksPerFrame(r) }, seq, settings()));
    expect(plan.duration).toBe(2);
  });
  test('fractional timing, when allowed, regenerates exactly the marks', () => {
    const r = FRAME_RATES['25'];
    const seq = { frameRate: r, end: 25n * 60n * ticksPerFrame(r), zeroPoint: 0n };
    const marks = { start: 250n * ticksPerFrame(r), end: 315n * ticksPerFrame(r) };
    const plan = ok(planRetake(marks, seq, settings(), { ...RETAKE_LIMITS, fractionalTiming: true }));
    expect(plan.duration).toBe(2.6);
    expect(plan.replaced).toEqual(marks);
  });
});

describe('properties over random ranges at every rate', () => {
  const rates = Object.values(FRAME_RATES);
  test('the replaced range is frame-aligned, covers the marks, and its length is the API duration in frames', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...rates),
        fc.integer({ min: 0, max: 3 * 3600 }), // sequence start offset in seconds (zero point)
        fc.integer({ min: 200, max: 20000 }), // sequence length, frames
        fc.integer({ min: 0, max: 19999 }),
        fc.integer({ min: 1, max: 1100 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom<ExtraPlacement>('after', 'before', 'split'),
        (rate, zeroSeconds, seqFrames, inFrame, length, handleSeconds, extraPlacement) => {
          const tpf = ticksPerFrame(rate);
          const seq = { frameRate: rate, end: BigInt(seqFrames) * tpf, zeroPoint: BigInt(zeroSeconds) * TICKS_PER_SECOND };
          const marks = { start: BigInt(inFrame) * tpf, end: BigInt(inFrame + length) * tpf };
          const r = planRetake(marks, seq, settings({ handleSeconds, extraPlacement }));
          if (!r.ok) {
            expect(r.reason).toMatch(/\.$/);
            return;
          }
          const p = r.plan;
          for (const t of [p.replaced.start, p.replaced.end, p.window.start, p.window.end, p.takeSource.start, p.takeSource.end]) {
            expect(t % tpf).toBe(0n);
          }
          expect(p.replaced.start).toBeLessThanOrEqual(marks.start);
          expect(p.replaced.end).toBeGreaterThanOrEqual(marks.end);
          expect(p.window.start).toBeGreaterThanOrEqual(0n);
          expect(p.window.end).toBeLessThanOrEqual(seq.end);
          // Zero drift: the segment sits startTime seconds into the window and lasts duration seconds, to the frame.
          expect(ticksToFrames(p.replaced.start - p.window.start, rate)).toBe(secondsToFrames(p.startTime, rate));
          expect(ticksToFrames(p.replaced.end - p.replaced.start, rate)).toBe(secondsToFrames(p.duration, rate));
          expect(p.takeSource.end - p.takeSource.start).toBe(p.replaced.end - p.replaced.start);
          expect(Number.isInteger(p.startTime) && Number.isInteger(p.duration)).toBe(true);
          expect(p.duration).toBeGreaterThanOrEqual(2);
          expect(p.duration).toBeLessThanOrEqual(16);
          const minClip = Math.ceil((73 * rate.num) / (24 * rate.den));
          expect(p.clipFrames).toBeGreaterThanOrEqual(minClip);
          expect(p.clipFrames).toBeLessThanOrEqual(Math.floor((20 * rate.num) / rate.den));
          expect(p.window.end - p.window.start).toBe(BigInt(p.clipFrames) * tpf);
          expect(p.estimatedCostUsd).toBeCloseTo(p.billedSeconds * 0.1, 6);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('the same inputs give the same plan', () => {
    const rate = FRAME_RATES['29.97 DF'];
    const seq = { frameRate: rate, end: 100000n * ticksPerFrame(rate), zeroPoint: 0n };
    const marks = { start: 5000n * ticksPerFrame(rate), end: 5100n * ticksPerFrame(rate) };
    expect(planRetake(marks, seq, settings())).toEqual(planRetake(marks, seq, settings()));
    expect(framesToTimecode(5000, rate)).toBe('00:02:46;24');
  });
});
