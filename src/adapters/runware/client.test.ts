import { inspect } from 'util';
import { randomBytes } from 'crypto';
import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { createSimulatedClock } from '../../app/clock';
import type { RetakeRequest } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { POLL_DEADLINE_MS } from '../../domain/polling';
import { RUNWARE_API_URL, RunwareClientDeps, createRunwareClient } from './client';
import { FakeReply, createFakeRunware } from './fakeFetch';
import { RETRY_POLICY } from './retry';
import { RESULT_TTL_SECONDS } from './submit';
import { caught } from '../../testing/caught';

/** A distinctive key: it must appear in the Authorization header and nowhere else. */
const KEY = 'rwk_LEAKCHECK_9f8e7d6c5b4a39281706';
const START = Date.parse('2025-06-01T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function setup(over: Partial<RunwareClientDeps> & { jobDurationMs?: number } = {}) {
  const clock = createSimulatedClock(START);
  const fake = createFakeRunware({ clock, jobDurationMs: over.jobDurationMs ?? 5 * MINUTE });
  const logs: string[] = [];
  let n = 0;
  const newUUID = () => `${(++n).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;
  const client = createRunwareClient({ apiKey: KEY, fetch: fake.fetch, clock, newUUID, onLog: (l) => logs.push(l), ...over });
  return { clock, fake, logs, client };
}

function retake(over: Partial<RetakeRequest> = {}): RetakeRequest {
  return {
    taskUUID: '7d444840-9dc0-41d2-b5a4-5a0f5c6f0b11',
    video: 'c3a1e2b4-0000-4000-8000-123456789abc',
    prompt: 'the car turns red',
    mode: 'replace_video',
    startTime: 2,
    duration: 3,
    ...over,
  };
}

const json = (status: number, body: unknown, headers?: Record<string, string>): FakeReply => ({ status, json: body, headers });
const err = (status: number, code: string, message = 'm', extra: Record<string, unknown> = {}): FakeReply =>
  json(status, { errors: [{ code, message, ...extra }] });

/** "Not found" was believed only after enough answers spread over the grace period. */
function expectNotFoundConfirmed(polls: Array<{ at: number }>): void {
  const rule = RETRY_POLICY.notFoundConfirmation;
  expect(polls.length).toBeGreaterThanOrEqual(rule.answers);
  expect((polls.at(-1) as { at: number }).at - polls[0].at).toBeGreaterThanOrEqual(rule.graceMs);
}

// ------------------------------------------------------------------ request contract

describe('requests follow the wire contract', () => {
  it('upload: one mediaStorage task with raw base64, POSTed as a JSON array with the Bearer key', async () => {
    const { client, fake } = setup();
    const bytes = new Uint8Array(randomBytes(1000));
    const media = await client.upload(bytes, NEVER_CANCELLED);
    expect(media.mediaUUID).toBeTruthy();
    expect(media.mediaURL).toMatch(/^https:\/\//);
    const [req] = fake.requests;
    expect(req.url).toBe(RUNWARE_API_URL);
    expect(req.method).toBe('POST');
    expect(req.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(Array.isArray(JSON.parse(req.bodyText))).toBe(true);
    expect(req.tasks).toEqual([
      { taskType: 'mediaStorage', taskUUID: '00000001-aaaa-4bbb-8ccc-dddddddddddd', operation: 'upload', media: Buffer.from(bytes).toString('base64') },
    ]);
  });

  it('submit: exactly the allowed videoInference fields', async () => {
    const { client, fake } = setup();
    await client.submit(retake({ mode: 'replace_audio_and_video', startTime: 0, duration: 5 }), NEVER_CANCELLED);
    const submits = fake.of('submit');
    expect(submits).toHaveLength(1);
    expect(submits[0].tasks).toEqual([
      {
        taskType: 'videoInference',
        taskUUID: '7d444840-9dc0-41d2-b5a4-5a0f5c6f0b11',
        model: 'lightricks:3@1',
        deliveryMethod: 'async',
        includeCost: true,
        outputType: 'URL',
        outputFormat: 'MP4',
        ttl: RESULT_TTL_SECONDS,
        positivePrompt: 'the car turns red',
        providerSettings: { lightricks: { startTime: 0, duration: 5, mode: 'replace_audio_and_video' } },
        inputs: { video: 'c3a1e2b4-0000-4000-8000-123456789abc' },
      },
    ]);
    const task = submits[0].tasks[0];
    for (const absent of ['negativePrompt', 'seed', 'width', 'height', 'fps', 'duration', 'outputQuality', 'webhookURL']) {
      expect(task).not.toHaveProperty(absent);
    }
    expect(submits[0].headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('poll: one getResponse task for the taskUUID', async () => {
    const { client, fake } = setup();
    await client.submit(retake(), NEVER_CANCELLED);
    await client.status(retake().taskUUID);
    expect(fake.of('poll')[0].tasks).toEqual([{ taskType: 'getResponse', taskUUID: retake().taskUUID }]);
    expect(fake.of('poll')[0].headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('uses the configured API URL', async () => {
    const { client, fake } = setup({ apiUrl: 'http://127.0.0.1:9999/v1' });
    await client.upload(new Uint8Array([1, 2, 3]), NEVER_CANCELLED);
    expect(fake.requests[0].url).toBe('http://127.0.0.1:9999/v1');
  });

  it.each([
    ['a fractional startTime', { startTime: 1.5 }],
    ['an empty prompt', { prompt: '  ' }],
    ['a prompt over 5000 characters', { prompt: 'x'.repeat(5001) }],
    ['a zero duration', { duration: 0 }],
    ['an unknown mode', { mode: 'replace_all' as never }],
    ['a non-UUID taskUUID', { taskUUID: 'job-1' }],
    ['no video', { video: '' }],
  ])('refuses %s before sending anything', async (_label, over) => {
    const { client, fake } = setup();
    const e = await caught(client.submit(retake(over), NEVER_CANCELLED));
    expect(e.category).toBe('invalidInput');
    expect(e.message).toMatch(/Nothing was sent/);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses an empty upload and a missing key without a request', async () => {
    const { client, fake } = setup();
    expect((await caught(client.upload(new Uint8Array(0), NEVER_CANCELLED))).category).toBe('invalidInput');
    const noKey = setup({ apiKey: '  ' });
    const e = await caught(noKey.client.upload(new Uint8Array([1]), NEVER_CANCELLED));
    expect(e.category).toBe('auth');
    expect(fake.requests).toHaveLength(0);
    expect(noKey.fake.requests).toHaveLength(0);
  });
});

// ------------------------------------------------------------------ answers and their errors

describe('answers', () => {
  it('accept data as an object', async () => {
    const { client, fake } = setup();
    const mediaUUID = 'c3a1e2b4-1111-4000-8000-123456789abc';
    fake.script('upload', json(200, { data: { taskType: 'mediaStorage', taskUUID: '00000001-aaaa-4bbb-8ccc-dddddddddddd', mediaUUID } }));
    expect(await client.upload(new Uint8Array([1]), NEVER_CANCELLED)).toEqual({ mediaUUID });
  });

  it('read errors whatever the HTTP status (a 200 carrying errors is an error)', async () => {
    const { client, fake } = setup();
    fake.script('submit', json(200, { data: [], errors: [{ code: 'invalidDuration', message: 'too long', parameter: 'providerSettings.lightricks.duration' }] }));
    const e = await caught(client.submit(retake(), NEVER_CANCELLED));
    expect(e.category).toBe('validation');
    expect(e.message).toContain('providerSettings.lightricks.duration');
    expect(fake.of('submit')).toHaveLength(1);
  });

  it.each([
    ['not JSON', { status: 200, text: '<html>Bad gateway</html>' }],
    ['empty', { status: 200, text: '' }],
    ['neither data nor errors', json(200, { ok: true })],
  ] as Array<[string, FakeReply]>)('a 2xx that is %s is a protocol error, not an HTTP one', async (_l, reply) => {
    const { client, fake } = setup();
    fake.script('upload', reply, reply, reply, reply);
    const e = await caught(client.upload(new Uint8Array([1]), NEVER_CANCELLED));
    expect(e.category).toBe('protocol');
    expect(e.code).toBe('badResponse');
  });

  it('an HTML 502 is a server error, mapped by its status', async () => {
    const { client, fake } = setup();
    const page: FakeReply = { status: 502, text: '<html>502 Bad Gateway</html>' };
    fake.script('upload', page, page, page, page);
    const e = await caught(client.upload(new Uint8Array([1]), NEVER_CANCELLED));
    expect(e.category).toBe('server');
    expect(e.code).toBe('http502');
  });

  it.each([
    [401, 'invalidApiKey', 'auth'],
    [403, 'forbidden', 'auth'],
    [402, 'insufficientCredits', 'quota'],
    [400, 'invalidMedia', 'validation'],
    [400, 'contentPolicyViolation', 'safety'],
    [404, 'notFound', 'notFound'],
  ] as const)('upload HTTP %i %s -> %s, not retried', async (status, code, category) => {
    const { client, fake } = setup();
    fake.script('upload', err(status, code));
    const e = await caught(client.upload(new Uint8Array([1]), NEVER_CANCELLED));
    expect(e.category).toBe(category);
    expect(fake.of('upload')).toHaveLength(1);
  });
});

// ------------------------------------------------------------------ upload retries

describe('upload retries', () => {
  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    const { client, fake, clock } = setup();
    fake.script('upload', err(503, 'serviceUnavailable'), { status: 500, text: 'oops' }, err(429, 'tooManyRequests'));
    const media = await client.upload(new Uint8Array([9, 9]), NEVER_CANCELLED);
    expect(media.mediaUUID).toBeTruthy();
    const ups = fake.of('upload');
    expect(ups).toHaveLength(4);
    expect(ups.map((r) => r.at - START)).toEqual([0, 1000, 3000, 7000]);
    // Each attempt is a new task (a repeated taskUUID may be refused); the media is the same.
    expect(new Set(ups.map((r) => r.tasks[0].taskUUID)).size).toBe(4);
    expect(new Set(ups.map((r) => r.tasks[0].media)).size).toBe(1);
    expect(clock.now() - START).toBe(7000);
  });

  it('retries a network failure and a timeout', async () => {
    const { client, fake } = setup();
    fake.script('upload', { networkError: 'fetch failed' });
    await client.upload(new Uint8Array([1]), NEVER_CANCELLED);
    expect(fake.of('upload')).toHaveLength(2);
  });

  it('gives up after 4 attempts with the last error', async () => {
    const { client, fake } = setup();
    const down = err(503, 'serviceUnavailable');
    fake.script('upload', down, down, down, down, down);
    const e = await caught(client.upload(new Uint8Array([1]), NEVER_CANCELLED));
    expect(e.category).toBe('server');
    expect(e.retryable).toBe(true);
    expect(fake.of('upload')).toHaveLength(RETRY_POLICY.transferAttempts);
  });

  it('honours Retry-After in seconds', async () => {
    const { client, fake } = setup();
    fake.script('upload', json(429, { errors: [{ code: 'rateLimitExceeded', message: 'slow' }] }, { 'Retry-After': '7' }));
    await client.upload(new Uint8Array([1]), NEVER_CANCELLED);
    const [a, b] = fake.of('upload');
    expect(b.at - a.at).toBe(7000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { client, fake } = setup();
    const at = new Date(START + 12_000).toUTCString();
    fake.script('upload', { status: 503, text: '', headers: { 'Retry-After': at } });
    await client.upload(new Uint8Array([1]), NEVER_CANCELLED);
    const [a, b] = fake.of('upload');
    expect(b.at - a.at).toBe(12_000);
  });

  it('does not wait out a Retry-After longer than a minute: the error carries it', async () => {
    const { client, fake } = setup();
    fake.script('upload', { status: 429, text: '', headers: { 'Retry-After': '600' } });
    const e = await caught(client.upload(new Uint8Array([1]), NEVER_CANCELLED));
    expect(e.category).toBe('rateLimit');
    expect(e.retryAfterSeconds).toBe(600);
    expect(e.message).toMatch(/Wait 600 s/);
    expect(fake.of('upload')).toHaveLength(1);
  });

  it('stops at once when cancelled during a backoff sleep', async () => {
    const cancel = new CancelToken();
    // The retry line is logged just before the backoff sleep: cancel there.
    const { client, fake } = setup({ onLog: (l) => (/attempt 2 in/.test(l) ? cancel.cancel() : undefined) });
    fake.script('upload', err(503, 'serviceUnavailable'));
    const e = await caught(client.upload(new Uint8Array([1]), cancel));
    expect(e.category).toBe('cancelled');
    expect(fake.of('upload')).toHaveLength(1);
  });

  it('stops at once when cancelled during a request', async () => {
    const { client, fake } = setup();
    const cancel = new CancelToken();
    const p = client.upload(new Uint8Array([1]), cancel);
    cancel.cancel();
    expect((await caught(p)).category).toBe('cancelled');
    expect(fake.of('upload').length).toBeLessThanOrEqual(1);
  });
});

// ------------------------------------------------------------------ submit

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

describe('download', () => {
  async function finished() {
    const s = setup({ jobDurationMs: MINUTE });
    await s.client.submit(retake(), NEVER_CANCELLED);
    const done = await s.client.follow(retake().taskUUID, { cancel: new CancelToken(), submittedAt: START });
    return { ...s, url: done.videoURL };
  }

  it('GETs the result without the API key', async () => {
    const { client, fake, url } = await finished();
    const bytes = await client.download(url, NEVER_CANCELLED);
    expect(Array.from(bytes)).toEqual([0, 0, 0, 24, 102, 116, 121, 112]);
    const [req] = fake.of('download');
    expect(req.method).toBe('GET');
    expect(req.url).toBe(url);
    expect(req.headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(req.headers)).not.toContain(KEY);
  });

  it('never sends the key even to a runware.ai host', async () => {
    const { client, fake } = setup();
    fake.script('download', { status: 200, bytes: new Uint8Array([1]) });
    await client.download('https://api.runware.ai/v1/some-result.mp4', NEVER_CANCELLED);
    expect(fake.of('download')[0].headers).not.toHaveProperty('authorization');
  });

  it('a truncated body (fewer bytes than Content-Length) is retried as a network error', async () => {
    const { client, fake, url } = await finished();
    fake.script('download', { status: 200, bytes: new Uint8Array(100), cutBodyAt: 50 });
    const bytes = await client.download(url, NEVER_CANCELLED);
    expect(bytes.length).toBe(8);
    expect(fake.of('download')).toHaveLength(2);
  });

  it('a body always truncated ends in a retryable network error', async () => {
    const { client, fake, url } = await finished();
    const cut: FakeReply = { status: 200, bytes: new Uint8Array(100), cutBodyAt: 50 };
    fake.script('download', cut, cut, cut, cut);
    const e = await caught(client.download(url, NEVER_CANCELLED));
    expect(e.category).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/truncated: 50 of 100 bytes/);
    expect(fake.of('download')).toHaveLength(4);
  });

  it('Content-Length of an encoded body is not compared with decoded bytes', async () => {
    const { client, fake } = setup();
    fake.script('download', { status: 200, bytes: new Uint8Array(100), headers: { 'content-length': '40', 'content-encoding': 'gzip' } });
    expect((await client.download('https://vm.runware.ai/x.mp4', NEVER_CANCELLED)).length).toBe(100);
  });

  it('404 is notFound: the result expired or was removed, quoting the job; not retried', async () => {
    const { client, fake, url } = await finished();
    fake.script('download', { status: 404, text: 'gone' });
    const e = await caught(client.download(url, NEVER_CANCELLED));
    expect(e.category).toBe('notFound');
    expect(e.message).toMatch(/expired or was removed/);
    expect(e.message).toContain(`job ${retake().taskUUID}`);
    expect(fake.of('download')).toHaveLength(1);
  });

  it('5xx and network failures are retried', async () => {
    const { client, fake, url } = await finished();
    fake.script('download', { status: 503, text: '' }, { networkError: 'ECONNRESET' });
    await client.download(url, NEVER_CANCELLED);
    expect(fake.of('download')).toHaveLength(3);
  });

  it('refuses a non-http URL', async () => {
    const { client, fake } = setup();
    expect((await caught(client.download('file:///etc/passwd', NEVER_CANCELLED))).category).toBe('protocol');
    expect(fake.requests).toHaveLength(0);
  });
});

// ------------------------------------------------------------------ request time limits

describe('request time limits', () => {
  it('a request that never answers times out (real time) and is retried for uploads', async () => {
    const clock = createSimulatedClock(START);
    let calls = 0;
    const hanging = ((_url: unknown, init?: { signal?: AbortSignal }) => {
      calls++;
      if (calls === 1) {
        return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      const body = JSON.stringify({ data: [{ mediaUUID: 'c3a1e2b4-2222-4000-8000-123456789abc' }] });
      return Promise.resolve({ status: 200, ok: true, headers: new Headers(), text: async () => body } as unknown as Response);
    }) as unknown as typeof fetch;
    const client = createRunwareClient({ apiKey: KEY, fetch: hanging, clock, newUUID: () => retake().taskUUID, requestTimeoutMs: { upload: 30 } });
    expect(await client.upload(new Uint8Array([1]), NEVER_CANCELLED)).toEqual({ mediaUUID: 'c3a1e2b4-2222-4000-8000-123456789abc' });
    expect(calls).toBe(2);
  });
});

// ------------------------------------------------------------------ the key never leaks

describe('the API key never leaks', () => {
  function everything(e: unknown): string {
    const err = e as RetakeError & { cause?: unknown };
    return [
      inspect(e, { depth: 10, showHidden: true }),
      JSON.stringify(e),
      JSON.stringify({ ...err, message: err.message, stack: err.stack }),
      String(err.stack),
      String(err.cause && inspect(err.cause, { depth: 10, showHidden: true })),
    ].join('\n');
  }

  it('not in any error, even when the server or the network echoes it', async () => {
    const { client, fake, logs } = setup();
    const echo = `Invalid API key ${KEY} (Bearer ${KEY})`;
    fake.script('upload', err(400, `invalid${KEY}`, echo, { parameter: KEY }));
    // The submit's lost ack is checked by a poll, which is refused with the echo; then status and follow.
    fake.script('submit', { networkError: `connect failed for Bearer ${KEY}` });
    fake.script('poll', err(400, 'invalidApiKey', echo), err(400, 'invalidApiKey', echo), err(401, KEY, echo));
    fake.script('download', { status: 503, text: KEY }, { networkError: KEY }, { status: 404, text: KEY });
    const errors: RetakeError[] = [];
    errors.push(await caught(client.upload(new Uint8Array([1, 2, 3]), NEVER_CANCELLED)));
    errors.push(await caught(client.submit(retake(), NEVER_CANCELLED)));
    errors.push(await caught(client.status(retake().taskUUID)));
    errors.push(await caught(client.follow(retake().taskUUID, { cancel: new CancelToken() })));
    errors.push(await caught(client.download('https://vm.runware.ai/video/x.mp4', NEVER_CANCELLED)));
    expect(errors.map((e) => e.category)).toEqual(['validation', 'auth', 'auth', 'auth', 'notFound']);
    expect(errors[0].message).toContain('[redacted]'); // the echo was kept, without the key
    for (const e of errors) expect(everything(e)).not.toContain(KEY);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('not in the logs, which also never carry the base64 payload', async () => {
    const { client, fake, logs } = setup({ jobDurationMs: MINUTE });
    const bytes = new Uint8Array(randomBytes(3000));
    fake.script('upload', { status: 503, text: '' });
    await client.upload(bytes, NEVER_CANCELLED);
    await client.submit(retake(), NEVER_CANCELLED);
    const done = await client.follow(retake().taskUUID, { cancel: new CancelToken() });
    await client.download(done.videoURL, NEVER_CANCELLED);
    const all = logs.join('\n');
    expect(logs.length).toBeGreaterThan(5);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(Buffer.from(bytes).toString('base64').slice(0, 40));
    expect(Math.max(...logs.map((l) => l.length))).toBeLessThan(300);
  });

  it('a throwing logger does not break the client', async () => {
    const { client } = setup({
      onLog: () => {
        throw new Error('log sink down');
      },
    });
    await expect(client.upload(new Uint8Array([1]), NEVER_CANCELLED)).resolves.toBeTruthy();
  });
});
