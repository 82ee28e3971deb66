import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { POLL_DEADLINE_MS } from '../../domain/polling';
import { FakeReply } from './fakeFetch';
import { caught } from '../../testing/caught';
import { START, SECOND, MINUTE, setup, retake, json, err, expectNotFoundConfirmed } from './clientTestKit';

describe('status', () => {
  it('processing with progress, then success with result and cost', async () => {
    const { client, clock } = setup({ jobDurationMs: MINUTE });
    await client.submit(retake(), NEVER_CANCELLED);
    clock.advance(30 * SECOND);
    expect(await client.status(retake().taskUUID)).toEqual({ state: 'processing', progress: 50 });
    clock.advance(30 * SECOND);
    expect(await client.status(retake().taskUUID)).toEqual({
      state: 'success',
      videoURL: `https://vm.runware.ai/video/${retake().taskUUID}.mp4`,
      videoUUID: `v-${retake().taskUUID}`,
      costUsd: 0.605,
    });
  });

  it('any non-terminal status is still running', async () => {
    const { client, fake } = setup();
    for (const status of ['pending', 'queued', undefined]) {
      fake.script('poll', json(200, { data: [{ taskUUID: retake().taskUUID, status }] }));
      expect(await client.status(retake().taskUUID)).toEqual({ state: 'processing' });
    }
  });

  it('status "error" is a provider error: the job failed on Runware, with its code', async () => {
    const { client, fake } = setup();
    fake.script('poll', json(200, { data: [{ taskUUID: retake().taskUUID, status: 'error', error: { code: 'inferenceError', message: 'Generation crashed' } }] }));
    const e = await caught(client.status(retake().taskUUID));
    expect(e.category).toBe('provider');
    expect(e.code).toBe('inferenceError');
    expect(e.message).toMatch(/the job failed on Runware/i);
    expect(e.message).toContain('Generation crashed');
    expect(e.retryable).toBe(false);
  });

  it('a failure in top-level errors is mapped the same way', async () => {
    const { client, fake } = setup();
    fake.script('poll', json(200, { errors: [{ code: 'timeoutProvider', message: 'Provider took too long', taskUUID: retake().taskUUID }] }));
    const e = await caught(client.status(retake().taskUUID));
    expect(e.category).toBe('provider');
    expect(e.message).toMatch(/the job failed on Runware/i);
  });

  it('an unknown task is notFound', async () => {
    const { client } = setup();
    const e = await caught(client.status(retake().taskUUID));
    expect(e.category).toBe('notFound');
    expect(e.message).toContain(retake().taskUUID);
  });

  it('a success without a result URL is a protocol error', async () => {
    const { client, fake } = setup();
    fake.script('poll', json(200, { data: [{ taskUUID: retake().taskUUID, status: 'success' }] }));
    expect((await caught(client.status(retake().taskUUID))).category).toBe('protocol');
  });

  it('ignores items about other tasks', async () => {
    const { client, fake } = setup();
    fake.script('poll', json(200, { data: [{ taskUUID: 'other', status: 'error', error: { code: 'x' } }, { taskUUID: retake().taskUUID, status: 'processing' }] }));
    expect(await client.status(retake().taskUUID)).toEqual({ state: 'processing' });
  });
});

// ------------------------------------------------------------------ follow

describe('follow', () => {
  async function submitted(jobDurationMs: number) {
    const s = setup({ jobDurationMs });
    await s.client.submit(retake(), NEVER_CANCELLED);
    return s;
  }

  it('polls on the cadence until success, reporting progress after every running poll', async () => {
    const { client, clock, fake } = await submitted(5 * MINUTE);
    const seen: Array<{ elapsedMs: number; polls: number; progress?: number }> = [];
    // Past jobs of this length took 5 minutes: quiet polls, then every 8 s from 3:45.
    const done = await client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START, expectedMs: 5 * MINUTE, onProgress: (p) => seen.push(p) });
    expect(done.state).toBe('success');
    expect(done.costUsd).toBe(0.605);
    const lag = clock.now() - (START + 5 * MINUTE);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThanOrEqual(8 * SECOND);
    const polls = fake.of('poll');
    expect(polls[0].at - START).toBe(3 * SECOND);
    expect(seen).toHaveLength(polls.length - 1);
    expect(seen.map((p) => p.polls)).toEqual(seen.map((_p, i) => i + 1));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].elapsedMs).toBeGreaterThan(seen[i - 1].elapsedMs);
      expect(seen[i].progress!).toBeGreaterThanOrEqual(seen[i - 1].progress!);
    }
    expect(polls.length).toBeLessThan(30); // the SDK cadence needs 37 for 5 minutes
  });

  it('a resumed follow keeps the cadence and deadline of the original submit', async () => {
    const { client, clock, fake } = await submitted(60 * MINUTE);
    clock.advance(10 * MINUTE);
    const e = await caught(client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START }));
    expect(e.category).toBe('timeout');
    expect(clock.now() - START).toBe(POLL_DEADLINE_MS);
    const polls = fake.of('poll');
    expect(polls[0].at - START).toBe(10 * MINUTE); // overdue: at once
    expect(polls[1].at - polls[0].at).toBe(10 * SECOND);
  });

  it('without submittedAt, measures from now', async () => {
    const { client, clock, fake } = await submitted(MINUTE);
    await client.follow(retake().taskUUID, { cancel: new CancelToken() });
    expect(fake.of('poll')[0].at - START).toBe(3 * SECOND);
    expect(clock.now() - START).toBeLessThan(MINUTE + 10 * SECOND);
  });

  it('a failed job throws the mapped error', async () => {
    const s = setup({ jobDurationMs: 2 * MINUTE });
    s.fake.setOutcome({ status: 'error', code: 'contentPolicyViolation', message: 'flagged' });
    await s.client.submit(retake(), NEVER_CANCELLED);
    const e = await caught(s.client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START }));
    expect(e.category).toBe('safety');
    expect(e.message).toContain('flagged');
  });

  it('a job failing on the provider: "the job failed on Runware"', async () => {
    const s = setup({ jobDurationMs: 20 * SECOND });
    s.fake.setOutcome({ status: 'error', code: 'inferenceError', message: 'model crashed' });
    await s.client.submit(retake(), NEVER_CANCELLED);
    const e = await caught(s.client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START }));
    expect(e.category).toBe('provider');
    expect(e.message).toMatch(/the job failed on Runware/i);
    expect(s.clock.now() - START).toBeLessThanOrEqual(25 * SECOND);
  });

  it('the deadline (30 min) is a retryable timeout saying the job is paid for and can be resumed', async () => {
    const { client, clock } = await submitted(45 * MINUTE);
    const e = await caught(client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START }));
    expect(e.category).toBe('timeout');
    expect(e.retryable).toBe(true);
    expect(e.code).toBe('pollDeadline');
    expect(e.message).toMatch(/still running on Runware/);
    expect(e.message).toMatch(/paid for/);
    expect(e.message).toMatch(/resume it later/);
    expect(clock.now() - START).toBe(30 * MINUTE);
  });

  it('a cancel during a sleep stops at once; no poll after it', async () => {
    const { client, fake } = await submitted(10 * MINUTE);
    const cancel = new CancelToken();
    const e = await caught(
      client.follow(retake().taskUUID, {
        cancel,
        submittedAt: START,
        onProgress: (p) => {
          if (p.polls === 3) cancel.cancel();
        },
      }),
    );
    expect(e.category).toBe('cancelled');
    expect(e.message).toMatch(/keeps running on Runware/);
    expect(fake.of('poll')).toHaveLength(3);
  });

  it('a cancel before the first poll sends nothing', async () => {
    const { client, fake } = await submitted(MINUTE);
    const cancel = new CancelToken();
    cancel.cancel();
    expect((await caught(client.follow(retake().taskUUID, { cancel }))).category).toBe('cancelled');
    expect(fake.of('poll')).toHaveLength(0);
  });

  it('a throwing progress callback does not stop the follow', async () => {
    const { client } = await submitted(MINUTE);
    const done = await client.follow(retake().taskUUID, {
      cancel: new CancelToken(),
      onProgress: () => {
        throw new Error('ui bug');
      },
    });
    expect(done.state).toBe('success');
  });

  it('transient poll failures (5xx, network, unreadable, timeout) are retried without failing the job', async () => {
    const { client, fake } = await submitted(2 * MINUTE);
    fake.script('poll', { status: 503, text: '' }, { networkError: 'fetch failed' }, { status: 200, text: '<html>' }, err(504, 'timeout'), 'default');
    const done = await client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START });
    expect(done.state).toBe('success');
  });

  it('honours Retry-After between polls', async () => {
    const { client, fake } = await submitted(5 * MINUTE);
    fake.script('poll', 'default', { status: 429, text: '', headers: { 'Retry-After': '45' } });
    await client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START });
    const polls = fake.of('poll');
    expect(polls[2].at - polls[1].at).toBe(45 * SECOND);
  });

  it('failures persisting over 2 minutes end the follow, saying the job still runs', async () => {
    const { client, fake, clock } = await submitted(20 * MINUTE);
    const down: FakeReply = { networkError: 'fetch failed' };
    fake.script('poll', 'default', 'default', ...Array.from({ length: 100 }, () => down));
    const e = await caught(client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START }));
    expect(e.category).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/still running on Runware and is paid for/);
    const firstFailure = fake.of('poll')[2].at;
    expect(clock.now() - firstFailure).toBeGreaterThan(2 * MINUTE);
    expect(clock.now() - firstFailure).toBeLessThan(3 * MINUTE);
  });

  it('an unknown task ends the follow only once "not found" is confirmed over the grace period', async () => {
    const { client, fake } = setup();
    const e = await caught(client.follow(retake().taskUUID, { cancel: new CancelToken() }));
    expect(e.category).toBe('notFound');
    expect(e.retryable).toBe(false);
    expect(e.message).toContain(retake().taskUUID);
    expectNotFoundConfirmed(fake.of('poll'));
  });

  it('one "not found" just after the submit does not abandon an accepted job', async () => {
    const { client, fake } = await submitted(MINUTE);
    fake.script('poll', err(400, 'taskFailedOrNotFound', 'not yet', { taskUUID: retake().taskUUID }));
    const done = await client.follow(retake().taskUUID, { cancel: new CancelToken() });
    expect(done.state).toBe('success');
  });

  it('auth failure while polling is not retried', async () => {
    const { client, fake } = await submitted(MINUTE);
    fake.script('poll', err(401, 'invalidApiKey'));
    expect((await caught(client.follow(retake().taskUUID, { cancel: new CancelToken() }))).category).toBe('auth');
    expect(fake.of('poll')).toHaveLength(1);
  });

  it('empty answers are tolerated for a while, then reported as notFound', async () => {
    const { client, fake } = await submitted(MINUTE);
    const empty = json(200, { data: [] });
    fake.script('poll', ...Array.from({ length: 60 }, () => empty));
    const e = await caught(client.follow(retake().taskUUID, { cancel: new CancelToken() }));
    expect(e.category).toBe('notFound');
    expect(fake.of('poll').length).toBeGreaterThan(3);
  });
});

// ------------------------------------------------------------------ download
