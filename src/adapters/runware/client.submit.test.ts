import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { FakeReply } from './fakeFetch';
import { RETRY_POLICY } from './retry';
import { caught } from '../../testing/caught';
import { setup, retake, json, err, expectNotFoundConfirmed } from './clientTestKit';

describe('submit never re-sends blindly', () => {
  it('a lost acknowledgement of a job Runware holds: resolved by polling, no second submit', async () => {
    const { client, fake } = setup();
    fake.script('submit', { processThen: { status: 502, text: '' } });
    await client.submit(retake(), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
    expect(fake.of('poll').length).toBeGreaterThanOrEqual(1);
    expect(fake.of('poll')[0].tasks[0]).toEqual({ taskType: 'getResponse', taskUUID: retake().taskUUID });
  });

  it.each([
    ['a network failure', { processThen: { networkError: 'socket hang up' } }],
    ['an unreadable 200', { processThen: { status: 200, text: '<html>proxy</html>' } }],
    ['a 200 without an acknowledgement', { processThen: json(200, { data: [] }) }],
    ['a 504', { processThen: { status: 504, text: '' } }],
  ] as Array<[string, FakeReply]>)('after %s, a known job is not submitted again', async (_l, reply) => {
    const { client, fake } = setup();
    fake.script('submit', reply);
    await client.submit(retake(), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
  });

  it('a job already finished (or failed) when we look is known too', async () => {
    const { client, fake } = setup({ jobDurationMs: 0 });
    fake.setOutcome({ status: 'error', code: 'inferenceError', message: 'x' });
    fake.script('submit', { processThen: { status: 502, text: '' } });
    await client.submit(retake(), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
  });

  it('a submit that never arrived ("not found" confirmed over the grace period) is sent exactly once more, with the same taskUUID', async () => {
    const { client, fake } = setup();
    fake.script('submit', { status: 502, text: '' }); // not processed
    await client.submit(retake(), NEVER_CANCELLED);
    const submits = fake.of('submit');
    expect(submits).toHaveLength(2);
    expect(submits[1].bodyText).toBe(submits[0].bodyText);
    expectNotFoundConfirmed(fake.of('poll'));
    expect(fake.requests.indexOf(submits[1])).toBeGreaterThan(fake.requests.indexOf(fake.of('poll').at(-1) as never));
    expect(fake.jobs.size).toBe(1);
  });

  it('at most two sends: if the second is lost too and never arrived, a retryable error says the job is checked first', async () => {
    const { client, fake } = setup();
    fake.script('submit', { networkError: 'fetch failed' }, { networkError: 'fetch failed' }, 'default');
    const e = await caught(client.submit(retake(), NEVER_CANCELLED));
    expect(e.category).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.submitRefused).toBe(false);
    expect(e.message).toMatch(/after 2 tries/);
    expect(e.message).toMatch(/checked first, so it is never paid twice/);
    expect(fake.of('submit')).toHaveLength(2);
    expect(fake.jobs.size).toBe(0);
  });

  it('when Runware cannot be asked, the submit is reported unconfirmed and never re-sent', async () => {
    const { client, fake } = setup();
    fake.script('submit', { status: 502, text: '' });
    const down: FakeReply = { status: 503, text: '' };
    fake.script('poll', ...RETRY_POLICY.ackCheckDelaysMs.map(() => down));
    const e = await caught(client.submit(retake(), NEVER_CANCELLED));
    expect(e.code).toBe('submitUnconfirmed');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/resume it later/);
    expect(fake.of('submit')).toHaveLength(1);
  });

  it('one "not found" followed by a known status is known (no resend)', async () => {
    const { client, fake } = setup();
    fake.script('submit', { processThen: { status: 502, text: '' } });
    fake.script('poll', err(404, 'taskNotFound'));
    await client.submit(retake(), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
    expect(fake.of('poll')).toHaveLength(2);
  });

  it('a resend refused with conflictTaskUUID proves the first arrived (Runware was slow to show it)', async () => {
    const { client, fake } = setup();
    fake.script('submit', { processThen: { networkError: 'reset' } });
    const notFound = err(400, 'taskFailedOrNotFound', 'not found', { taskUUID: retake().taskUUID });
    fake.script('poll', ...Array.from({ length: 6 }, () => notFound));
    await client.submit(retake(), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(2); // the resend met the fake's real answer: 400 conflictTaskUUID
    expect(fake.jobs.size).toBe(1);
  });

  it.each([
    ['conflictTaskUUID', {}],
    ['duplicateTaskUUID', { parameter: 'taskUUID' }],
  ])('a first send refused with %s (Runware holds the task) resolves: held, not a refusal', async (code, extra) => {
    const { client, fake } = setup();
    fake.script('submit', json(400, { data: [], errors: [{ code, message: 'exists', ...extra }] }));
    await client.submit(retake(), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
  });

  it('a resumed submit (mayBeHeld) that Runware holds is never sent again', async () => {
    const { client, fake } = setup();
    await client.submit(retake(), NEVER_CANCELLED);
    await client.submit(retake({ mayBeHeld: true }), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
    expect(fake.jobs.size).toBe(1);
  });

  it('a resumed submit (mayBeHeld) whose first check says "not found" once is not sent: the task shows up', async () => {
    const { client, fake } = setup();
    fake.script('submit', { processThen: { networkError: 'reset' } }); // arrived, answer lost: the process then died
    await client.submit(retake(), NEVER_CANCELLED);
    const before = fake.of('submit').length;
    fake.script('poll', err(400, 'taskFailedOrNotFound', 'not found', { taskUUID: retake().taskUUID }));
    await client.submit(retake({ mayBeHeld: true }), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(before);
    expect(fake.jobs.size).toBe(1);
  });

  it('a resumed submit that Runware never received is sent once, after "not found" is confirmed', async () => {
    const { client, fake } = setup();
    await client.submit(retake({ mayBeHeld: true }), NEVER_CANCELLED);
    expect(fake.of('submit')).toHaveLength(1);
    expectNotFoundConfirmed(fake.of('poll'));
  });

  it('429 on submit: waits Retry-After, checks, and only then sends again', async () => {
    const { client, fake } = setup();
    fake.script('submit', json(429, { errors: [{ code: 'rateLimitExceeded', message: 'slow down' }] }, { 'Retry-After': '20' }));
    await client.submit(retake(), NEVER_CANCELLED);
    const [first, second] = fake.of('submit');
    const polls = fake.of('poll');
    expect(polls[0].at - first.at).toBeGreaterThanOrEqual(20_000);
    expect(fake.requests.indexOf(second)).toBeGreaterThan(fake.requests.indexOf(polls[polls.length - 1]));
    expectNotFoundConfirmed(polls);
  });

  it.each([
    [402, 'insufficientCredits', 'quota'],
    [401, 'invalidApiKey', 'auth'],
    [403, 'forbidden', 'auth'],
    [400, 'invalidPositivePrompt', 'validation'],
    [400, 'contentPolicyViolation', 'safety'],
  ] as const)('HTTP %i %s is thrown at once as %s: no poll, no resend', async (status, code, category) => {
    const { client, fake } = setup();
    fake.script('submit', err(status, code, 'refused', { parameter: 'positivePrompt' }));
    const e = await caught(client.submit(retake(), NEVER_CANCELLED));
    expect(e.category).toBe(category);
    expect(fake.of('submit')).toHaveLength(1);
    expect(fake.of('poll')).toHaveLength(0);
  });

  it('a cancel before the submit sends nothing', async () => {
    const { client, fake } = setup();
    const cancel = new CancelToken();
    cancel.cancel();
    const e = await caught(client.submit(retake(), cancel));
    expect(e.category).toBe('cancelled');
    expect(fake.requests).toHaveLength(0);
  });

  it('a cancel while checking a lost acknowledgement says the job may have reached Runware', async () => {
    const cancel = new CancelToken();
    const { client, fake } = setup({ onLog: (l) => (/acknowledgement lost/.test(l) ? cancel.cancel() : undefined) });
    fake.script('submit', { processThen: { status: 502, text: '' } });
    const e = await caught(client.submit(retake(), cancel));
    expect(e.category).toBe('cancelled');
    expect(e.message).toMatch(/may have reached Runware/);
    expect(fake.of('submit')).toHaveLength(1);
    expect(fake.of('poll')).toHaveLength(0);
  });
});

// ------------------------------------------------------------------ status
