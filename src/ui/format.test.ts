import { RetakeSettings, planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { timecodeToFrames } from '../domain/timecode';
import { count, durationTimecode, elapsed, money, rangeWithDuration, seconds, shortcutLabel, timeLeft, timecode, timecodeRange } from './format';
import { pipelinePercent } from './jobText';
import { contextExplanation, extraExplanation } from './planText';
import { parseCap } from './PreferencesSection';

const settings: RetakeSettings = { prompt: 'x', mode: 'replace_video', handleSeconds: 1, extraPlacement: 'after' };

describe('panel formatting', () => {
  it('shows timecodes from the sequence zero point at every rate', () => {
    for (const [name, rate] of Object.entries(FRAME_RATES)) {
      const sep = rate.dropFrame ? ';' : ':';
      const zero = timecodeToFrames(`01:00:00${sep}00`, rate);
      const at = timecodeToFrames(`00:10:00${sep}02`, rate);
      expect([name, timecode(framesToTicks(at, rate), rate, framesToTicks(zero, rate))]).toEqual([name, `01:10:00${sep}02`]);
    }
  });

  it('rounds a range outwards to whole frames, the out point being the last frame included', () => {
    const rate = FRAME_RATES['25'];
    const half = framesToTicks(1, rate) / 2n;
    expect(timecodeRange({ start: framesToTicks(10, rate) + half, end: framesToTicks(20, rate) + half }, rate, 0n)).toBe('00:00:00:10 – 00:00:00:20');
  });

  it('shows an out point as Premiere does (last frame included) and durations as timecode', () => {
    const rate = FRAME_RATES['25'];
    const zero = framesToTicks(25 * 3600, rate);
    const threeSeconds = { start: framesToTicks(250, rate), end: framesToTicks(325, rate) };
    expect(timecodeRange(threeSeconds, rate, zero)).toBe('01:00:10:00 – 01:00:12:24');
    expect(durationTimecode({ start: 0n, end: framesToTicks(65, rate) }, rate)).toBe('00:00:02:15');
    expect(rangeWithDuration(threeSeconds, rate, zero)).toBe('01:00:10:00 – 01:00:12:24 (00:00:03:00)');
    const oneFrame = { start: framesToTicks(250, rate), end: framesToTicks(251, rate) };
    expect(timecodeRange(oneFrame, rate, 0n)).toBe('00:00:10:00 – 00:00:10:00');
    const df = FRAME_RATES['29.97 DF'];
    expect(durationTimecode({ start: 0n, end: framesToTicks(1800, df) }, df)).toBe('00:01:00;02');
  });

  it('says what is left of a generation from the expected time', () => {
    expect(timeLeft(null, 10_000)).toBeNull();
    expect(timeLeft(300_000, 60_000)).toBe('about 4 min left');
    expect(timeLeft(300_000, 250_000)).toBe('under a minute left');
    expect(timeLeft(300_000, 301_000)).toBe('taking longer than past jobs of this length');
  });

  it('formats money, seconds, counts and elapsed clocks', () => {
    expect(money(0.5)).toBe('$0.50');
    expect(money(0.004)).toBe('$0.004');
    expect(money(12)).toBe('$12.00');
    expect(seconds(2.6)).toBe('2.6 s');
    expect(seconds(3)).toBe('3 s');
    expect(seconds(0.40000001)).toBe('0.4 s');
    expect(count(5000)).toBe('5,000');
    expect(count(12)).toBe('12');
    expect(elapsed(7_400)).toBe('0:07');
    expect(elapsed(272_000)).toBe('4:32');
    expect(elapsed(3_723_000)).toBe('1:02:03');
  });

  it('explains where the whole-second remainder and the context go', () => {
    const rate = FRAME_RATES['25'];
    const timing = { frameRate: rate, end: framesToTicks(1500, rate), zeroPoint: 0n };
    const marks = { start: framesToTicks(250, rate), end: framesToTicks(315, rate) };
    const plan = (extraPlacement: RetakeSettings['extraPlacement']) => {
      const r = planRetake(marks, timing, { ...settings, extraPlacement });
      if (!r.ok) throw new Error(r.reason);
      return r.plan;
    };
    expect(extraExplanation(plan('after'))).toBe('+0.4 s after the out point: the model regenerates whole seconds.');
    expect(extraExplanation(plan('before'))).toBe('+0.4 s before the in point: the model regenerates whole seconds.');
    expect(extraExplanation(plan('split'))).toBe('+0.2 s before the in point and +0.2 s after the out point: the model regenerates whole seconds.');
    expect(contextExplanation(plan('after'))).toBe('1 s of context before, 1 s after.');
  });

  it('reads the spending cap the editor types', () => {
    expect(parseCap('')).toBeNull();
    expect(parseCap(' $5 ')).toBe(5);
    expect(parseCap('12,5')).toBe(12.5);
    expect(parseCap('0')).toBeUndefined();
    expect(parseCap('lots')).toBeUndefined();
  });

  it('names the shortcut for the platform', () => {
    expect(shortcutLabel({ platform: 'MacIntel' })).toBe('⌘+Enter');
    expect(shortcutLabel({ platform: 'Win32' })).toBe('Ctrl+Enter');
    expect(shortcutLabel(undefined)).toBe('Ctrl/⌘+Enter');
  });

  it('moves the progress bar along the pipeline, generation by Runware’s %', () => {
    expect(pipelinePercent('queued')).toBe(0);
    expect(pipelinePercent('generating')).toBeLessThan(pipelinePercent('generating', 50));
    expect(pipelinePercent('generating', 100)).toBeLessThanOrEqual(pipelinePercent('downloading'));
    expect(pipelinePercent('placing')).toBeLessThan(100);
  });
});
