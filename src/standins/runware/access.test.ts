import { randomUUID } from 'crypto';
import { request } from 'http';
import { connect } from 'net';
import { RunwareStandIn, startRunwareStandIn } from './server';
import { MAX_BODIES_IN_MEMORY, MAX_WAITING_FOR_A_BODY } from './slots';
import { firstError, post, StandInWithClip, useStandInWithClip } from './testKit';

/**
 * Who the stand-in answers, tried as an attacker would: another web page in the same browser (a
 * foreign Origin, a rebinding Host, a guessed key) and another local process (the right Host, no
 * key; a flood of large or slow bodies).
 */
let s: RunwareStandIn;
let media5: StandInWithClip['media5'];
useStandInWithClip((f) => ({ s, media5 } = f));

const poll = (): string => JSON.stringify([{ taskType: 'getResponse', taskUUID: randomUUID() }]);
const own = (): string => new URL(s.origin).host;

/** One request with exactly these headers (fetch cannot send another Host). */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(s.origin);
    const req = request({ host: u.hostname, port: u.port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends the head of a POST /v1 declaring `declared` body bytes and only the first `sent` bytes of
 * `body`; `answer` is what the server sent once the connection is closed. finish() sends the rest.
 */
function partialPost(headers: Record<string, string>, body: string, sent: number, declared = body.length): { answer: Promise<string>; finish(): void } {
  const u = new URL(s.origin);
  const socket = connect(Number(u.port), u.hostname);
  const head = Object.entries({ Host: own(), 'Content-Type': 'application/json', 'Content-Length': String(declared), ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`POST /v1 HTTP/1.1\r\n${head}\r\n`);
  socket.write(body.slice(0, sent));
  let text = '';
  socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
  const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  socket.on('error', () => undefined);
  return { answer, finish: () => socket.end(body.slice(sent)) };
}

test('without apiKeys a stand-in accepts only the fresh random key it made (128 bits), never "any key"', async () => {
  const other = await startRunwareStandIn();
  try {
    expect(s.apiKey).toMatch(/^standin-[0-9a-f]{32}$/);
    expect(other.apiKey).toMatch(/^standin-[0-9a-f]{32}$/);
    expect(other.apiKey).not.toBe(s.apiKey);
    for (const key of ['test-key', 'local-stand-in', other.apiKey]) {
      const r = await post(s, poll(), key);
      expect(r.status).toBe(401);
      expect(firstError(r)).toMatchObject({ code: 'invalidApiKey', parameter: 'apiKey' });
      expect(r.text).not.toContain(key);
    }
    expect(firstError(await post(s, poll())).code).toBe('taskFailedOrNotFound');
    expect(firstError(await post(other, poll(), other.apiKey)).code).toBe('taskFailedOrNotFound');
  } finally {
    await other.close();
  }
});

test('no route carries a CORS header, not even to a preflight', async () => {
  const preflight = { Host: own(), Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' };
  const answers = [
    await raw('OPTIONS', '/v1', preflight),
    await raw('OPTIONS', '/v1', { Host: own() }),
    await raw('POST', '/v1', { Host: own(), Authorization: `Bearer ${s.apiKey}`, 'Content-Type': 'application/json' }, poll()),
    await raw('GET', new URL(media5.mediaURL).pathname, { Host: own() }),
    await raw('GET', `/results/${randomUUID()}.mp4`, { Host: own() }),
  ];
  expect(answers.map((a) => a.status)).toEqual([403, 405, 400, 200, 404]);
  for (const a of answers) expect(Object.keys(a.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
});

test('a foreign Host (DNS rebinding) or Origin (another page) is refused on /v1, /media and /results, even with the right key', async () => {
  const port = new URL(s.origin).port;
  const upload = JSON.stringify([{ taskType: 'mediaStorage', taskUUID: randomUUID(), operation: 'upload', media: 'AAAA' }]);
  const key = { Authorization: `Bearer ${s.apiKey}`, 'Content-Type': 'application/json' };
  const before = s.stats.uploads;
  const rejected = s.stats.rejected;
  const foreign: Array<Record<string, string>> = [{ Host: `evil.test:${port}` }, { Host: own(), Origin: 'http://evil.test' }, { Host: own(), Origin: 'null' }, { Host: own(), 'Sec-Fetch-Site': 'cross-site' }];
  for (const headers of foreign) {
    const answers = [
      await raw('POST', '/v1', { ...headers, ...key }, upload),
      await raw('POST', '/v1', { ...headers, ...key, 'Content-Type': 'text/plain' }, upload),
      await raw('GET', new URL(media5.mediaURL).pathname, headers),
      await raw('HEAD', `/results/${randomUUID()}.mp4`, headers),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(JSON.parse(answers[0].text)).toEqual({ errors: [{ code: 'forbidden', message: expect.stringMatching(/^Refused: /) }] });
    expect(answers[0].headers.connection).toBe('close');
  }
  expect(s.stats.uploads).toBe(before);
  expect(s.stats.rejected).toBe(rejected + 4 * foreign.length);
  // Its own origin (and localhost) is this machine.
  expect((await raw('GET', new URL(media5.mediaURL).pathname, { Host: own(), Origin: s.origin })).status).toBe(200);
  expect((await raw('GET', new URL(media5.mediaURL).pathname, { Host: `localhost:${port}` })).status).toBe(200);
});

test('a refusal is sent before the body is read, and the connection is closed without reading the rest', async () => {
  const declared = 50 * 1024 * 1024;
  const refusals: Array<{ headers: Record<string, string>; status: string; code: string }> = [
    { headers: { Authorization: 'Bearer not-the-key' }, status: '401', code: 'invalidApiKey' },
    { headers: {}, status: '401', code: 'invalidApiKey' },
    { headers: { Authorization: `Bearer ${s.apiKey}`, Origin: 'http://evil.test' }, status: '403', code: 'forbidden' },
  ];
  for (const r of refusals) {
    const answer = await partialPost(r.headers, ' '.repeat(1024), 1024, declared).answer;
    expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${r.status} `));
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain(`"code":"${r.code}"`);
  }
  // A body declared over the limit, with the right key: 413 at once, nothing read.
  const big = await partialPost({ Authorization: `Bearer ${s.apiKey}` }, ' '.repeat(1024), 1024, 64 * 1024 * 1024 + 1).answer;
  expect(big).toMatch(/^HTTP\/1.1 413 /);
  expect(big).toContain('"code":"requestTooLarge"');
});

test(`at most ${MAX_BODIES_IN_MEMORY} bodies are read at once; the next wait their turn, and past ${MAX_WAITING_FOR_A_BODY} waiting the answer is 503 with Retry-After`, async () => {
  const auth = { Authorization: `Bearer ${s.apiKey}` };
  const body = poll();
  // Slow senders: each has sent half its body and holds a slot (or waits for one).
  const slow = Array.from({ length: MAX_BODIES_IN_MEMORY + MAX_WAITING_FOR_A_BODY }, () => partialPost(auth, body, 10));
  const until = async (ok: () => boolean): Promise<void> => {
    while (!ok()) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  await until(() => s.load().waitingForBody === MAX_WAITING_FOR_A_BODY);
  expect(s.load().bodiesInMemory).toBe(MAX_BODIES_IN_MEMORY);
  const busy = await raw('POST', '/v1', { Host: own(), ...auth, 'Content-Type': 'application/json' }, body);
  expect(busy.status).toBe(503);
  expect(busy.headers['retry-after']).toBe('1');
  expect(firstError({ json: JSON.parse(busy.text) }).code).toBe('serviceUnavailable');
  // The slow ones finish: each is answered in its turn, as Runware queues under load.
  for (const p of slow) p.finish();
  const answers = await Promise.all(slow.map((p) => p.answer));
  for (const a of answers) expect(a).toMatch(/^HTTP\/1.1 400 [\s\S]*taskFailedOrNotFound/);
  await until(() => s.load().bodiesInMemory === 0);
  expect(s.load().waitingForBody).toBe(0);
}, 30000);
