/**
 * The demo server without a browser: the data folder is the only place it reads, writes, probes
 * or renders; video is served in ranges; the Runware relay injects the real key server-side, never
 * hands it back, and only fetches Runware results.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, IncomingHttpHeaders, Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { DemoServer, startDemoServer } from './server';

const KEY = 'rw_real_secret_key_0123456789';
let dataDir: string;
let publicDir: string;
let upstream: Server;
let upstreamUrl: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'demo-server-'));
  dataDir = join(root, 'data');
  publicDir = join(root, 'public');
  mkdirSync(join(dataDir, 'media'), { recursive: true });
  mkdirSync(publicDir, { recursive: true });
  writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(publicDir, 'demo.js'), '/* page */');
  writeFileSync(join(dataDir, 'media', 'clip.mp4'), Buffer.from('0123456789abcdefghij'));
  writeFileSync(join(root, 'outside.txt'), 'secret');
  // A stand-in for Runware that records what reaches it and, rudely, echoes the key it got.
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const text = JSON.stringify({ data: [{ taskType: 'getResponse', echo: req.headers.authorization ?? '' }] });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Retry-After': '3' });
      res.end(text);
    });
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise<void>((ok) => upstream.close(() => ok()));
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

async function withServer(kind: 'real' | 'standin', run: (s: DemoServer, log: string[]) => Promise<void>): Promise<void> {
  const log: string[] = [];
  const server = await startDemoServer({
    dataDir,
    publicDir,
    runware: kind === 'real' ? { kind: 'real', apiKey: KEY, apiUrl: upstreamUrl } : { kind: 'standin', url: upstreamUrl },
    log: (line) => log.push(line),
  });
  try {
    await run(server, log);
  } finally {
    await server.close();
  }
}

const q = (p: string) => encodeURIComponent(p);

test('serves the page and the config, with no key in either', async () => {
  await withServer('real', async (s) => {
    expect(await (await fetch(`${s.url}/`)).text()).toContain('<title>demo</title>');
    const config = await (await fetch(`${s.url}/api/config`)).text();
    expect(config).not.toContain(KEY);
    expect(JSON.parse(config)).toMatchObject({ runware: { apiPath: '/runware/v1', real: true }, paths: { dataDir } });
    expect((await fetch(`${s.url}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

test('reads, writes, probes and serves files only inside the data folder', async () => {
  await withServer('standin', async (s) => {
    const inside = join(dataDir, 'state', 'note.txt');
    expect((await fetch(`${s.url}/api/fs/write?path=${q(inside)}`, { method: 'POST', body: 'hello' })).status).toBe(200);
    expect(await (await fetch(`${s.url}/api/fs/read?path=${q(inside)}`, { method: 'POST' })).text()).toBe('hello');
    const outside = join(dataDir, '..', 'outside.txt');
    expect((await fetch(`${s.url}/api/fs/read?path=${q(outside)}`, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${s.url}/api/fs/write?path=${q('/tmp/escape.txt')}`, { method: 'POST', body: 'x' })).status).toBe(403);
    expect((await fetch(`${s.url}/api/media/exists?path=${q(outside)}`)).status).toBe(403);
    expect((await fetch(`${s.url}/api/media/file?path=${q(outside)}`)).status).toBe(403);
    expect(await (await fetch(`${s.url}/api/media/exists?path=${q(join(dataDir, 'media', 'clip.mp4'))}`)).json()).toEqual({ exists: true });
    const render = await fetch(`${s.url}/api/media/render`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ spec: { video: [{ trackIndex: 0, clips: [{ mediaPath: outside }] }], audio: [] }, outPath: join(dataDir, 'scratch', 'x.mp4') }),
    });
    expect(render.status).toBe(403);
  });
});

test('serves media in byte ranges for <video> seeking', async () => {
  await withServer('standin', async (s) => {
    const url = `${s.url}/api/media/file?path=${q(join(dataDir, 'media', 'clip.mp4'))}`;
    const whole = await fetch(url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(await whole.text()).toBe('0123456789abcdefghij');
    const part = await fetch(url, { headers: { Range: 'bytes=5-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 5-9/20');
    expect(await part.text()).toBe('56789');
    const tail = await fetch(url, { headers: { Range: 'bytes=-3' } });
    expect(await tail.text()).toBe('hij');
    expect((await fetch(url, { headers: { Range: 'bytes=40-' } })).status).toBe(416);
  });
});

test('the real-Runware relay injects the key server-side, never returns or logs it, and keeps Retry-After', async () => {
  seen.length = 0;
  await withServer('real', async (s, log) => {
    const r = await fetch(`${s.url}/runware/v1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer placeholder-from-the-page' },
      body: JSON.stringify([{ taskType: 'getResponse', taskUUID: 'x' }]),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('retry-after')).toBe('3');
    const text = await r.text();
    expect(text).not.toContain(KEY);
    expect(text).toContain('[redacted]');
    expect(seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(seen[0].body)).toEqual([{ taskType: 'getResponse', taskUUID: 'x' }]);
    expect(log.join('\n')).not.toContain(KEY);
    expect(log.join('\n')).toContain('POST /runware/v1 -> 200');
  });
});

test('the relay refuses other sites, non-JSON posts, and result URLs that are not Runware’s', async () => {
  seen.length = 0;
  await withServer('real', async (s) => {
    const post = (headers: Record<string, string>) => fetch(`${s.url}/runware/v1`, { method: 'POST', headers, body: '[]' });
    expect((await post({ 'Content-Type': 'application/json', Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ 'Content-Type': 'text/plain' })).status).toBe(415);
    expect(seen).toHaveLength(0);
    for (const url of [upstreamUrl, 'https://evil.example/video.mp4', 'http://vm.runware.ai/video.mp4', 'https://runware.ai.evil.example/x']) {
      expect((await fetch(`${s.url}/runware/result?url=${q(url)}`)).status).toBe(403);
    }
  });
});

test('with the stand-in, the page’s placeholder key passes through and the stand-in’s own results may be fetched', async () => {
  seen.length = 0;
  await withServer('standin', async (s) => {
    await fetch(`${s.url}/runware/v1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer page-key' }, body: '[]' });
    expect(seen[0].headers.authorization).toBe('Bearer page-key');
    const result = await fetch(`${s.url}/runware/result?url=${q(upstreamUrl.replace('/v1', '/results/x.mp4'))}`);
    expect(result.status).toBe(200);
    expect(seen[1].url).toBe('/results/x.mp4');
    expect(seen[1].headers.authorization).toBeUndefined();
  });
});
