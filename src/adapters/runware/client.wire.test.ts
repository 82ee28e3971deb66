import { randomBytes } from 'crypto';
import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { RUNWARE_API_URL } from './client';
import { FakeReply } from './fakeFetch';
import { RETRY_POLICY } from './retry';
import { RESULT_TTL_SECONDS } from './submit';
import { caught } from '../../testing/caught';
import { KEY, START, setup, retake, json, err } from './clientTestKit';

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
