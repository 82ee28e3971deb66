import { batchCost, modeFromMarkerName, planBatch } from './batch';
import { DEFAULT_SETTINGS } from './plan';
import { FRAME_RATES, ticksPerFrame } from './time';

const rate = FRAME_RATES['25'];
const f = (n: number) => BigInt(n) * ticksPerFrame(rate);
const seq = { frameRate: rate, end: f(25 * 120), zeroPoint: 0n };

test('mode tags in marker names', () => {
  expect(modeFromMarkerName('sky [A]')).toBe('replace_audio');
  expect(modeFromMarkerName('[video] car')).toBe('replace_video');
  expect(modeFromMarkerName('crowd [AV]')).toBe('replace_audio_and_video');
  expect(modeFromMarkerName('crowd [both]')).toBe('replace_audio_and_video');
  expect(modeFromMarkerName('plain')).toBeNull();
});

test('rows take the comment as prompt, fall back to the panel prompt, and flag invalid rows', () => {
  const items = planBatch(
    [
      { id: 'm1', name: 'car [A]', comments: 'engine roar', colorIndex: 1, range: { start: f(250), end: f(325) } },
      { id: 'm2', name: 'sky', comments: '', colorIndex: 2, range: { start: f(500), end: f(575) } },
      { id: 'm3', name: 'blink', comments: 'x', colorIndex: 2, range: { start: f(700), end: f(710) } },
    ],
    seq,
    { ...DEFAULT_SETTINGS, prompt: 'panel prompt' },
  );
  expect(items.map((i) => [i.prompt, i.mode, i.plan.ok])).toEqual([
    ['engine roar', 'replace_audio', true],
    ['panel prompt', 'replace_video', true],
    ['x', 'replace_video', false],
  ]);
  expect(items[2].plan.ok ? '' : items[2].plan.reason).toMatch(/at least 2 s/);
  // Two valid rows of 3 s segments with 1 s handles: 5 s each.
  expect(batchCost(items)).toBeCloseTo(1.0, 6);
});
