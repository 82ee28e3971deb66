/**
 * The demo server without a browser, tried as an attacker would: another web page in the same
 * browser (other Origin, no token, GET-only tags such as <img>, DNS rebinding) and another local
 * process (right Host, no token). The relay injects the real key server-side, never hands it back
 * or logs it, and only fetches Runware results.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer, IncomingHttpHeaders, Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { FaultScript } from '../standins/runware/faults';
import { startDemoServer } from './server';
import { makeSandbox, q, rawRequest, Sandbox, withServer } from './serverTestKit';

const KEY = 'rw_real_secret_key_0123456789';
let box: Sandbox;
let upstream: Server;
let upstreamUrl: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
const real = () => ({ kind: 'real' as const, apiKey: KEY, apiUrl: upstreamUrl });
const STANDIN_KEY = 'standin-0123456789abcdef0123456789abcdef';
const standin = (faults?: FaultScript) => ({ kind: 'standin' as const, url: upstreamUrl, apiKey: STANDIN_KEY, faults });
const journal = () => join(box.dataDir, 'state', 'retake-journal.json');

beforeAll(async () => {
  box = makeSandbox();
  writeFileSync(join(box.dataDir, 'media', 'clip.mp4'), Buffer.from('0123456789abcdefghij'));
  // A stand-in for Runware that records what reaches it and, rudely, echoes the credentials it got.
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const echo = req.headers.authorization ?? '';
      const text = JSON.stringify({ data: [{ taskType: 'getResponse', echo, token: echo.replace(/^Bearer /, ''), raw: KEY }] });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Retry-After': '3' });
      res.end(text);
    });
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
});

beforeEach(() => {
  seen.length = 0;
  mkdirSync(join(box.dataDir, 'state'), { recursive: true });
  writeFileSync(journal(), '{"version":1,"jobs":[]}');
});

afterAll(async () => {
  await new Promise<void>((ok) => upstream.close(() => ok()));
  rmSync(box.root, { recursive: true, force: true });
});

test('serves the page to anyone on its own address, with no token or key in it; the config needs the token', async () => {
  await withServer(box, real(), async ({ server, page }) => {
    const index = await fetch(`${server.url}/`);
    const html = await index.text();
    expect(html).toContain('<title>demo</title>');
    expect(html).not.toContain(server.token);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(server.pageUrl).toBe(`${server.url}/#token=${server.token}`);
    expect((await fetch(`${server.url}/api/config`)).status).toBe(403);
    const config = await (await page('/api/config')).text();
    expect(config).not.toContain(KEY);
    expect(JSON.parse(config)).toMatchObject({ runware: { apiPath: '/runware/v1', real: true, canSimulate: false } });
    expect((await fetch(`${server.url}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

test('a media file needs this start’s media key in its URL: a local process without it, another site with it, and other files are refused', async () => {
  await withServer(box, standin(), async ({ server, page, log }) => {
    const { mediaKey } = (await (await page('/api/config')).json()) as { mediaKey: string };
    expect(mediaKey).toMatch(/^[\w-]{40,}$/);
    expect(mediaKey).not.toBe(server.token);
    const clip = join(box.dataDir, 'media', 'clip.mp4');
    const file = (path: string, key?: string) => `${server.url}/api/media/file?path=${q(path)}${key === undefined ? '' : `&mediaKey=${q(key)}`}`;
    const host = { Host: new URL(server.url).host };
    // A local process sends no Origin and no Sec-Fetch-Site, or forges them: only the key counts.
    for (const [what, url, headers] of [
      ['no key', file(clip), host],
      ['forged browser headers', file(clip), { ...host, Origin: server.url, 'Sec-Fetch-Site': 'same-origin' }],
      ['the token header instead', file(clip), { ...host, 'X-Demo-Token': server.token }],
      ['the token as the key', file(clip, server.token), host],
      ['a wrong key', file(clip, 'x'.repeat(mediaKey.length)), host],
      ['another site’s <video>, key and all', file(clip, mediaKey), { ...host, 'Sec-Fetch-Site': 'cross-site' }],
      ['the journal, with the key', file(journal(), mediaKey), host],
    ] as Array<[string, string, Record<string, string>]>) {
      for (const method of ['GET', 'HEAD']) {
        const r = await rawRequest(url, { method, headers });
        expect([what, method, r.status]).toEqual([what, method, 403]);
        expect(r.text).not.toContain('{"version"');
      }
    }
    // The page's <video>: the whole file, and a range when it seeks.
    const whole = await rawRequest(file(clip, mediaKey), { headers: { ...host, 'Sec-Fetch-Site': 'same-origin' } });
    expect(whole).toEqual({ status: 200, text: '0123456789abcdefghij' });
    expect(await rawRequest(file(clip, mediaKey), { headers: { ...host, Range: 'bytes=5-9' } })).toEqual({ status: 206, text: '56789' });
    // A request that fails is logged by its path alone, never with the key.
    expect((await rawRequest(file(join(clip, 'inside-a-file.mp4'), mediaKey), { headers: host })).status).toBe(500);
    expect(log.join('\n')).toContain('GET /api/media/file failed');
    expect(log.join('\n')).not.toContain(mediaKey);
  });
});

test('DNS rebinding: a request naming another Host is refused on every route, and nothing is changed or relayed', async () => {
  await withServer(box, real(), async ({ server }) => {
    const port = new URL(server.url).port;
    const rebound = { Host: `evil.example:${port}`, 'X-Demo-Token': server.token, 'Content-Type': 'application/json' };
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/api/config'],
      ['GET', `/api/media/file?path=${q(join(box.dataDir, 'media', 'clip.mp4'))}`],
      ['POST', `/api/fs/remove?path=${q(journal())}`],
      ['POST', '/runware/v1'],
    ]) {
      const r = await rawRequest(`${server.url}${path}`, { method, headers: rebound, body: method === 'POST' ? '[]' : undefined });
      expect([path, r.status]).toEqual([path, 421]);
    }
    // Another port on loopback is another server.
    expect((await rawRequest(`${server.url}/`, { headers: { Host: '127.0.0.1:1' } })).status).toBe(421);
    expect(existsSync(journal())).toBe(true);
    expect(seen).toHaveLength(0);
  });
});

test('another site’s <img>/<a> GETs cannot delete or truncate files: the file API is POST only', async () => {
  await withServer(box, standin(), async ({ server, page }) => {
    for (const op of ['remove', 'write']) {
      expect((await fetch(`${server.url}/api/fs/${op}?path=${q(journal())}`)).status).toBe(403);
      // Even a GET that somehow carried the token changes nothing.
      const r = await page(`/api/fs/${op}?path=${q(journal())}`);
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('POST');
    }
    expect(readFileSync(journal(), 'utf8')).toBe('{"version":1,"jobs":[]}');
  });
});

test('state changes need the page’s origin and token: other origins, cross-site fetches and token-less local processes are refused', async () => {
  const faults = new FaultScript();
  await withServer(box, standin(faults), async ({ server, page }) => {
    const remove = `/api/fs/remove?path=${q(journal())}`;
    const tries: Array<Record<string, string>> = [
      {}, // a local process that does not know the token
      { 'X-Demo-Token': 'x'.repeat(server.token.length) },
      { 'X-Demo-Token': server.token, Origin: 'https://evil.example' },
      { 'X-Demo-Token': server.token, Origin: 'http://127.0.0.1:1' },
      { 'X-Demo-Token': server.token, 'Sec-Fetch-Site': 'cross-site' },
      { 'X-Demo-Token': server.token, 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of tries) {
      for (const path of [remove, '/api/demo/reset', '/api/demo/simulate', '/runware/v1']) {
        const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"fault":"generationError"}' });
        expect([path, headers, r.status]).toEqual([path, headers, 403]);
      }
    }
    expect(existsSync(journal())).toBe(true);
    expect(faults.pending()).toEqual([]);
    expect(seen).toHaveLength(0);
    // The page itself may.
    expect((await page(remove, { method: 'POST' })).status).toBe(200);
    expect(existsSync(journal())).toBe(false);
  });
});

test('the real-Runware relay injects the key server-side, never returns or logs it, and keeps Retry-After', async () => {
  await withServer(box, real(), async ({ page, log }) => {
    const r = await page('/runware/v1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer placeholder-from-the-page' },
      body: JSON.stringify([{ taskType: 'getResponse', taskUUID: 'x' }]),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('retry-after')).toBe('3');
    const text = await r.text();
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text).data[0]).toMatchObject({ echo: 'Bearer [redacted]', raw: '[redacted]' });
    expect(seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(seen[0].body)).toEqual([{ taskType: 'getResponse', taskUUID: 'x' }]);
    expect(log.join('\n')).not.toContain(KEY);
    expect(log.join('\n')).toContain('POST /runware/v1 -> 200');
  });
});

test('a relay failure says so in a fixed sentence: nothing of the error object reaches the page', async () => {
  // Runware's address answers by dropping the connection mid-request.
  const rude = createServer((req) => req.socket.destroy());
  await new Promise<void>((ok) => rude.listen(0, '127.0.0.1', ok));
  const rudeUrl = `http://127.0.0.1:${(rude.address() as AddressInfo).port}/v1`;
  try {
    await withServer(box, { kind: 'real', apiKey: KEY, apiUrl: rudeUrl }, async ({ page }) => {
      const r = await page('/runware/v1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' });
      expect(r.status).toBe(502);
      const body = (await r.json()) as { errors: Array<{ code: string; message: string }> };
      expect(body.errors).toEqual([{ code: 'relayFailed', message: expect.stringMatching(/^The demo server could not reach Runware( \([A-Z0-9_]+\))?\.$/) }]);
    });
  } finally {
    await new Promise<void>((ok) => rude.close(() => ok()));
  }
});

test('the relay refuses non-JSON posts, bodies over the cap (413, not a dropped connection), and result URLs that are not Runware’s', async () => {
  await withServer(box, real(), async ({ page }) => {
    expect((await page('/runware/v1', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '[]' })).status).toBe(415);
    const big = await page('/runware/v1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: new Blob([new Uint8Array(64 * 1024 * 1024 + 1)]) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { errors: Array<{ code: string }> }).errors[0].code).toBe('requestTooLarge');
    expect(seen).toHaveLength(0);
    for (const url of [upstreamUrl, 'https://evil.example/video.mp4', 'http://vm.runware.ai/video.mp4', 'https://runware.ai.evil.example/x', 'https://user:pw@vm.runware.ai/x']) {
      expect((await page(`/runware/result?url=${q(url)}`)).status).toBe(403);
    }
  });
});

test('with the stand-in, the relay sends the stand-in’s key (never the page’s, never back to the page), and its own results may be fetched, with the token only', async () => {
  await withServer(box, standin(), async ({ server, page, log }) => {
    const r = await page('/runware/v1', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer page-key' }, body: '[]' });
    expect(seen[0].headers.authorization).toBe(`Bearer ${STANDIN_KEY}`);
    const text = await r.text();
    expect(text).not.toContain(STANDIN_KEY);
    expect(JSON.parse(text).data[0]).toMatchObject({ echo: 'Bearer [redacted]', token: '[redacted]' });
    expect(log.join('\n')).not.toContain(STANDIN_KEY);
    const resultPath = `/runware/result?url=${q(upstreamUrl.replace('/v1', '/results/x.mp4'))}`;
    expect((await fetch(`${server.url}${resultPath}`)).status).toBe(403);
    const result = await page(resultPath);
    expect(result.status).toBe(200);
    expect(seen[1].url).toBe('/results/x.mp4');
    expect(seen[1].headers.authorization).toBeUndefined();
    expect(seen[1].headers.origin).toBeUndefined(); // the stand-in refuses a foreign Origin
  });
});

test('a key or address that cannot be used safely stops the start, with a sentence that does not echo the key', async () => {
  const start = (apiKey: string, apiUrl: string) => startDemoServer({ dataDir: box.dataDir, publicDir: box.publicDir, runware: { kind: 'real', apiKey, apiUrl } });
  await expect(start(`${KEY}\n`, upstreamUrl)).rejects.toThrow(/RUNWARE_API_KEY.*line breaks/);
  const spaced = (await start(`${KEY} x`, upstreamUrl).catch((e: unknown) => e)) as Error;
  expect(spaced.message).toMatch(/RUNWARE_API_KEY/);
  expect(spaced.message).not.toContain(KEY);
  await expect(start(KEY, 'http://api.example.com/v1')).rejects.toThrow(/not encrypted/);
});

test('Simulate arms the stand-in’s fault in process, once per request; unknown names and the real Runware are refused', async () => {
  const faults = new FaultScript();
  await withServer(box, standin(faults), async ({ page }) => {
    const arm = (fault: string) => page('/api/demo/simulate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fault }) });
    expect(await (await arm('insufficientCredits')).json()).toEqual({ ok: true, pending: 1 });
    await arm('generationError');
    await arm('expiredResult');
    await arm('lostAcknowledgement');
    expect(faults.pending().map((f) => [f.on, f.fault.kind])).toEqual([
      ['submit', 'http'],
      ['submit', 'generationError'],
      ['download', 'resultNotFound'],
      ['submit', 'dropAck'],
    ]);
    expect((await arm('hang')).status).toBe(400);
    expect((await page('/api/demo/simulate')).status).toBe(405);
    expect(faults.pending()).toHaveLength(4);
  });
  await withServer(box, real(), async ({ page }) => {
    const r = await page('/api/demo/simulate', { method: 'POST', body: '{"fault":"generationError"}' });
    expect(r.status).toBe(409);
  });
});

test('reset archives the journal and the takes (a take may be paid for) and leaves fresh, empty folders', async () => {
  const take = join(box.dataDir, 'LTX Retakes', 'take.mp4');
  mkdirSync(join(box.dataDir, 'LTX Retakes'), { recursive: true });
  writeFileSync(take, 'paid');
  await withServer(box, standin(), async ({ page }) => {
    const r = (await (await page('/api/demo/reset', { method: 'POST' })).json()) as { archive: string };
    expect(readFileSync(join(r.archive, 'state', 'retake-journal.json'), 'utf8')).toBe('{"version":1,"jobs":[]}');
    expect(readFileSync(join(r.archive, 'LTX Retakes', 'take.mp4'), 'utf8')).toBe('paid');
    expect(existsSync(take)).toBe(false);
    expect(readdirSync(join(box.dataDir, 'state'))).toEqual([]);
    expect((await page('/api/demo/reset')).status).toBe(405);
  });
});
