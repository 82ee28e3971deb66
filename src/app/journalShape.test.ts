import { newJob, storePlan } from '../domain/job';
import { planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { jobShapeProblem } from './journalShape';

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);

function storedJob(): Record<string, unknown> {
  const plan = planRetake({ start: f(100), end: f(165) }, { frameRate: rate, zeroPoint: 0n, end: f(500) }, { prompt: 'a red car', mode: 'replace_video', handleSeconds: 1, extraPlacement: 'after' });
  if (!plan.ok) throw new Error(plan.reason);
  const job = newJob({ id: 'j1', now: new Date(0), sequenceId: 's', sequenceName: 'Edit', origin: { kind: 'marks' }, plan: plan.plan });
  return JSON.parse(JSON.stringify({ ...job, plan: storePlan(plan.plan) })) as Record<string, unknown>;
}

test('a job written before the export preset was kept still reads; one that names it too', () => {
  expect(jobShapeProblem(storedJob())).toBeNull();
  expect(jobShapeProblem({ ...storedJob(), exportPreset: '/presets/h264-retake.epr' })).toBeNull();
});

test('an export preset that is not a string is named as the problem', () => {
  expect(jobShapeProblem({ ...storedJob(), exportPreset: 42 })).toBe('its exportPreset is not a string');
});

test("a placed take's missing labels and its thumbnail read when they have their shape, and are named when not", () => {
  const placed = { name: 'LTX take', videoTrackIndex: 1, audioTrackIndex: null, at: '0' };
  expect(jobShapeProblem({ ...storedJob(), placed, thumbnail: 'plugin-data:/thumbnails/take-j1.png' })).toBeNull();
  expect(jobShapeProblem({ ...storedJob(), placed: { ...placed, notLabelled: ['marker', 'metadata'] } })).toBeNull();
  expect(jobShapeProblem({ ...storedJob(), placed: { ...placed, notLabelled: ['colour'] } })).toBe('its list of labels not written is not readable');
  expect(jobShapeProblem({ ...storedJob(), placed: { ...placed, soundProblem: 'the sound plays over the original' } })).toBeNull();
  expect(jobShapeProblem({ ...storedJob(), placed: { ...placed, soundProblem: 3 } })).toBe("its placement's sound note is not text");
  expect(jobShapeProblem({ ...storedJob(), thumbnail: 7 })).toBe('its thumbnail is not a string');
});
