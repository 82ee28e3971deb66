import { inspect } from 'util';
import { randomBytes } from 'crypto';
import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { createSimulatedClock } from '../../app/clock';
import { RetakeError } from '../../domain/errors';
import { createRunwareClient } from './client';
import { MAX_TAKE_BYTES } from './download';
import { FakeReply } from './fakeFetch';
import { caught } from '../../testing/caught';
import { KEY, START, MINUTE, setup, retake, err } from './clientTestKit';

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

  it('a body past the most a take can weigh is refused unread (by its Content-Length), quoting the paid job; not retried', async () => {
    const { client, fake, url } = await finished();
    fake.script('download', { status: 200, bytes: new Uint8Array(8), headers: { 'content-length': String(MAX_TAKE_BYTES + 1) } });
    const e = await caught(client.download(url, NEVER_CANCELLED));
    expect([e.code, e.retryable]).toEqual(['resultTooLarge', false]);
    expect(e.message).toBe(`The finished take of job ${retake().taskUUID} is over 512 MB, more than a retake can be, so it was not downloaded; it was paid for: quote job ${retake().taskUUID} to Runware support.`);
    expect(fake.of('download')).toHaveLength(1);
  });

  it('a body with no length that streams on past the limit is cut off there, not read into memory', async () => {
    const chunk = new Uint8Array(16 * 1024 * 1024);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled++;
        controller.enqueue(chunk);
      },
      cancel: () => void (cancelled = true),
    });
    const fetchImpl = (async () => new Response(endless, { status: 200 })) as unknown as typeof fetch;
    const client = createRunwareClient({ apiKey: KEY, fetch: fetchImpl, clock: createSimulatedClock(START), newUUID: () => retake().taskUUID });
    const e = await caught(client.download('https://vm.runware.ai/video/x.mp4', NEVER_CANCELLED));
    expect(e.code).toBe('resultTooLarge');
    expect(cancelled).toBe(true);
    expect(pulled * chunk.length).toBeLessThan(MAX_TAKE_BYTES + 3 * chunk.length);
  });

  it('refuses a result over plain http but to this machine (the stand-in), before any request', async () => {
    const { client, fake } = setup();
    expect((await caught(client.download('http://vm.runware.ai/x.mp4', NEVER_CANCELLED))).message).toMatch(/the result URL is not https/);
    expect(fake.requests).toHaveLength(0);
    fake.script('download', { status: 200, bytes: new Uint8Array([1]) });
    expect((await client.download('http://127.0.0.1:9/x.mp4', NEVER_CANCELLED)).length).toBe(1);
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
