import { newJob } from './job';
import { planRetake } from './plan';
import { takeLabel } from './takeLabel';
import { FRAME_RATES, framesToTicks } from './time';

const rate = FRAME_RATES['25'];
const planned = planRetake({ start: framesToTicks(250, rate), end: framesToTicks(315, rate) }, { frameRate: rate, end: framesToTicks(1500, rate), zeroPoint: 0n }, { mode: 'replace_video', prompt: 'a red car', handleSeconds: 1, extraPlacement: 'after' });
if (!planned.ok) throw new Error(planned.reason);
const job = newJob({ id: 'ab12cd34', now: new Date(Date.UTC(2026, 11, 1, 10, 0)), sequenceId: 's', sequenceName: 'Main', origin: { kind: 'marks' }, plan: planned.plan });

test("a take's marker names its job and says prompt, mode, cost, task and date", () => {
  expect(takeLabel({ ...job, taskUUID: 'task-1', costUsd: 0.5 })).toMatchObject({
    name: 'LTX Retake [ab12cd34]',
    comments: 'Prompt: a red car\nMode: Replace video\nCost: $0.50 charged\nJob: ab12cd34\nRunware task: task-1\nDate: 2026-12-01T10:00:00.000Z',
  });
});

test('before Runware reports a cost, the estimate is given as one', () => {
  expect(takeLabel(job).comments).toContain('Cost: $0.50 estimated');
  expect(takeLabel(job).comments).not.toContain('Runware task');
});

test('the fields the metadata gets are the lines of the comment', () => {
  const label = takeLabel({ ...job, taskUUID: 'task-1', costUsd: 0.5 });
  expect(label.fields.map((f) => f.key)).toEqual(['prompt', 'mode', 'cost', 'job', 'task', 'date']);
  expect(label.fields.map((f) => `${f.label}: ${f.value}`).join('\n')).toBe(label.comments);
});
