import { resultGoneError } from '../adapters/runware/errors';
import { JobRecord, newJob } from '../domain/job';
import { DEFAULT_SETTINGS, planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { reportJob } from './report';
import { chooseJob } from './resume';

/** What the same command says about a paid job that is over: the charge stated once, the failure as it was. */
const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
const planned = planRetake({ start: f(100), end: f(150) }, { frameRate: rate, end: f(300), zeroPoint: 0n }, { ...DEFAULT_SETTINGS, prompt: 'a red car' });
if (!planned.ok) throw new Error(planned.reason);
const plan = planned.plan;
const TASK = '3c5acd74-49cf-4a10-baa5-a32f08ac6458';

function paidJob(error: JobRecord['error']): JobRecord {
  const job = newJob({ id: 'b310d4d2', now: new Date(0), sequenceId: 'input-hash', sequenceName: 'shot', origin: { kind: 'marks' }, plan });
  return { ...job, stage: 'failed', taskUUID: TASK, acknowledged: true, error };
}

function resultGone(): JobRecord {
  const gone = resultGoneError(`job ${TASK}`, 404);
  return paidJob({ category: gone.category, message: gone.message, retryable: false, stage: 'downloading' });
}

const timesPaid = (sentence: string) => (sentence.match(/paid for/g) ?? []).length;

test('a rerun of a job whose result expired says so, never that Runware could not generate it', () => {
  const job = resultGone();
  const choice = chooseJob([job], 'input-hash', job.plan, false, '$0.40');
  expect(choice.kind).toBe('refuse');
  if (choice.kind !== 'refuse') return;
  expect(choice.sentence).not.toMatch(/could not generate/);
  expect(choice.sentence).toContain(TASK);
  expect(timesPaid(choice.sentence)).toBe(1);
  expect(choice.sentence).toMatch(/Running it again is a new charge of about \$0\.40: add --new to do so\.$/);
});

test('a rerun of a job whose generation failed says Runware could not generate it, and that it was paid for', () => {
  const job = paidJob({ category: 'provider', message: 'The model crashed.', retryable: false, stage: 'generating' });
  const choice = chooseJob([job], 'input-hash', job.plan, false, '$0.40');
  expect(choice).toMatchObject({ kind: 'refuse', sentence: `Job b310d4d2 for this request was paid for (task ${TASK}) but Runware could not generate it: The model crashed. Running it again is a new charge of about $0.40: add --new to do so.` });
});

test('the run that finds the result expired states the charge once', () => {
  let stderr = '';
  reportJob(resultGone(), '/x/out.mp4', { stdout: () => undefined, stderr: (t) => (stderr += t), json: false });
  expect(stderr).toContain(TASK);
  expect(timesPaid(stderr)).toBe(1);
  expect(stderr).toMatch(/A new retake of this range is a new charge \(add --new\)\.\n$/);
});
