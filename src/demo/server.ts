/**
 * The demo server (Node http only, bound to 127.0.0.1): serves the page, the file system the
 * page's FileStore works on (restricted to the data folder), the media routes the browser-side
 * fake Premiere probes and renders through, and a same-origin relay to Runware (the local
 * stand-in, or the real API with the key injected here, so the key never reaches the browser).
 */
import { createReadStream, existsSync, promises as fs } from 'fs';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import { dirname, extname, join, resolve, sep } from 'path';
import { createFfmpegRenderer, nodeMedia } from '../standins/premiere/node';
import type { RenderSpec } from '../standins/premiere/types';
import { demoPaths, demoProjectSpec, REPO_ROOT } from './demoProject';
import type { DemoConfig } from './demoSpec';
import { handleFileApi, readBody, send } from './fileApi';

export type RunwareTarget = { kind: 'standin'; url: string } | { kind: 'real'; apiKey: string; apiUrl: string };

export interface DemoServerOptions {
  /** Default 0 (a free port). */
  port?: number;
  dataDir: string;
  runware: RunwareTarget;
  /** The built page (demo.js, panel.css, index.html); default <repo>/dist/demo/public. */
  publicDir?: string;
  /** One line per relayed Runware request (method, path, status); never headers, bodies or keys. */
  log?: (line: string) => void;
}

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PUBLIC_DIR = join(REPO_ROOT, 'dist', 'demo', 'public');
export const RUNWARE_API_PATH = '/runware/v1';
const RESULT_PATH = '/runware/result';
const MAX_RELAY_BODY = 80 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const dataDir = resolve(options.dataDir);
  const publicDir = resolve(options.publicDir ?? DEFAULT_PUBLIC_DIR);
  const paths = demoPaths(dataDir);
  const renderer = createFfmpegRenderer();
  const log = options.log ?? (() => undefined);
  const target = options.runware;
  const config: DemoConfig = {
    paths,
    project: demoProjectSpec(dataDir),
    runware: {
      apiPath: RUNWARE_API_PATH,
      real: target.kind === 'real',
      label: target.kind === 'real' ? 'Runware (real API, key kept on the demo server)' : 'Local Runware stand-in (no credits used)',
    },
  };
  const inside = (path: string) => {
    const p = resolve(path);
    return p === dataDir || p.startsWith(dataDir + sep);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const method = req.method ?? 'GET';
    // Anything that changes state or spends credits must come from this page, not another site.
    if (method !== 'GET' && method !== 'HEAD' && !sameOrigin(req)) return send(res, 403, { error: 'Cross-origin request refused.' });

    if (url.pathname.startsWith('/api/fs/')) {
      await handleFileApi(dataDir, req, res, url);
      return;
    }
    if (url.pathname === '/api/config') return send(res, 200, config);
    if (url.pathname.startsWith('/api/media/')) return media(url, method, req, res);
    if (url.pathname === '/api/demo/reset' && method === 'POST') return reset(res);
    if (url.pathname === RUNWARE_API_PATH && method === 'POST') return relayApi(req, res);
    if (url.pathname === RESULT_PATH && method === 'GET') return relayResult(url, res);
    if (method === 'GET' || method === 'HEAD') return staticFile(url.pathname, req, res);
    send(res, 404, { error: 'Not found.' });
  };

  // ---- page ----

  async function staticFile(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!existsSync(join(publicDir, 'demo.js'))) {
      const text = `The demo page is not built (no ${join(publicDir, 'demo.js')}): run npm run build, then start the demo again.\n`;
      res.writeHead(503, { 'Content-Type': MIME['.txt'], 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const name = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    const file = resolve(publicDir, name);
    if (!file.startsWith(publicDir + sep) || !(await isFile(file))) return send(res, 404, { error: 'Not found.' });
    await streamFile(file, req, res, { 'Cache-Control': 'no-cache' });
  }

  // ---- media for the browser-side fake Premiere ----

  async function media(url: URL, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const op = url.pathname.slice('/api/media/'.length);
    if (op === 'render' && method === 'POST') {
      let body: { spec?: RenderSpec; outPath?: string };
      try {
        body = JSON.parse((await readBody(req, 4 * 1024 * 1024)).toString('utf8')) as typeof body;
      } catch {
        return send(res, 400, { error: 'The render request is not JSON.' });
      }
      const { spec, outPath } = body;
      if (!spec || typeof outPath !== 'string') return send(res, 400, { error: 'A render needs { spec, outPath }.' });
      const sources = [...spec.video, ...spec.audio].flatMap((t) => t.clips.map((c) => c.mediaPath));
      const outside = [outPath, ...sources].find((p) => !inside(p));
      if (outside) return send(res, 403, { error: `The demo only renders inside ${dataDir} (not ${outside}).` });
      try {
        await fs.mkdir(dirname(resolve(outPath)), { recursive: true });
        await renderer.render(spec, resolve(outPath));
        return send(res, 200, { ok: true });
      } catch (e) {
        return send(res, 500, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    const path = url.searchParams.get('path') ?? '';
    if (!inside(path)) return send(res, 403, { error: `The demo only reads media inside ${dataDir}.` });
    if (op === 'exists') return send(res, 200, { exists: await nodeMedia.exists(resolve(path)) });
    if (op === 'probe') {
      try {
        return send(res, 200, await nodeMedia.probe(resolve(path)));
      } catch (e) {
        return send(res, 404, { error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (op === 'file' && (method === 'GET' || method === 'HEAD')) {
      if (!(await isFile(resolve(path)))) return send(res, 404, { error: 'No such media file.' });
      return streamFile(resolve(path), req, res, { 'Cache-Control': 'no-store' });
    }
    send(res, 404, { error: `Unknown media route ${op}.` });
  }

  /** Forgets the demo's jobs, takes and exports; the media and preset stay. */
  async function reset(res: ServerResponse): Promise<void> {
    for (const dir of [paths.stateDir, paths.takesDir, paths.scratchDir]) await fs.rm(dir, { recursive: true, force: true });
    for (const dir of [paths.stateDir, paths.scratchDir]) await fs.mkdir(dir, { recursive: true });
    send(res, 200, { ok: true });
  }

  // ---- Runware relay ----

  async function relayApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A JSON content type forces a CORS preflight from other sites, which this server never grants.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return send(res, 415, { error: 'JSON only.' });
    if (target.kind === 'real' && !loopbackHost(req)) return send(res, 403, { error: 'The key-holding relay answers on 127.0.0.1 only.' });
    let body: Buffer;
    try {
      body = await readBody(req, MAX_RELAY_BODY);
    } catch {
      return send(res, 413, { errors: [{ code: 'requestTooLarge', message: 'Request body too large.' }] });
    }
    const upstream = target.kind === 'real' ? target.apiUrl : target.url;
    const authorization = target.kind === 'real' ? `Bearer ${target.apiKey}` : req.headers.authorization ?? '';
    const abort = abortWhenClosed(res);
    try {
      const r = await fetch(upstream, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: authorization },
        body: new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer>,
        signal: abort.signal,
      });
      let text = await r.text();
      if (target.kind === 'real' && target.apiKey && text.includes(target.apiKey)) text = text.split(target.apiKey).join('[redacted]');
      log(`POST ${RUNWARE_API_PATH} -> ${r.status}`);
      const headers: Record<string, string> = { 'Content-Type': r.headers.get('content-type') ?? 'application/json', 'Content-Length': String(Buffer.byteLength(text)) };
      const retryAfter = r.headers.get('retry-after');
      if (retryAfter) headers['Retry-After'] = retryAfter;
      res.writeHead(r.status, headers);
      res.end(text);
    } catch (e) {
      if (abort.signal.aborted) return;
      log(`POST ${RUNWARE_API_PATH} -> relay error`);
      relayFailure(res, e);
    }
  }

  async function relayResult(url: URL, res: ServerResponse): Promise<void> {
    const wanted = url.searchParams.get('url') ?? '';
    if (!allowedResultUrl(wanted)) return send(res, 403, { error: 'The demo only fetches Runware results.' });
    const abort = abortWhenClosed(res);
    try {
      // Results need no key (signed URLs); none is sent.
      const r = await fetch(wanted, { signal: abort.signal });
      const bytes = Buffer.from(await r.arrayBuffer());
      log(`GET ${RESULT_PATH} -> ${r.status} (${bytes.length} bytes)`);
      const headers: Record<string, string> = { 'Content-Type': r.headers.get('content-type') ?? 'application/octet-stream', 'Content-Length': String(bytes.length) };
      const retryAfter = r.headers.get('retry-after');
      if (retryAfter) headers['Retry-After'] = retryAfter;
      res.writeHead(r.status, headers);
      res.end(bytes);
    } catch (e) {
      if (abort.signal.aborted) return;
      log(`GET ${RESULT_PATH} -> relay error`);
      relayFailure(res, e);
    }
  }

  function allowedResultUrl(text: string): boolean {
    let u: URL;
    try {
      u = new URL(text);
    } catch {
      return false;
    }
    if (target.kind === 'standin') return u.origin === new URL(target.url).origin;
    return u.protocol === 'https:' && (u.hostname === 'runware.ai' || u.hostname.endsWith('.runware.ai'));
  }

  // ---- server ----

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host}`;
}

function loopbackHost(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

function abortWhenClosed(res: ServerResponse): AbortController {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort;
}

/** Runware unreachable from the demo server: a 502 the client treats as a network problem. */
function relayFailure(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const cause = e instanceof Error ? ((e as Error & { cause?: Error }).cause?.message ?? e.message) : String(e);
  send(res, 502, { errors: [{ code: 'relayFailed', message: `The demo server could not reach Runware (${cause}).` }] });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Sends a file, honouring a single `Range: bytes=a-b` (video seeking). */
async function streamFile(file: string, req: IncomingMessage, res: ServerResponse, extra: Record<string, string> = {}): Promise<void> {
  const size = (await fs.stat(file)).size;
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? '').trim());
  let start = 0;
  let end = size - 1;
  let status = 200;
  if (range && (range[1] !== '' || range[2] !== '')) {
    if (range[1] === '') {
      start = Math.max(0, size - Number(range[2]));
    } else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(size - 1, Number(range[2]));
    }
    if (start > end || start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      res.end();
      return;
    }
    status = 206;
  }
  const headers: Record<string, string> = { 'Content-Type': type, 'Content-Length': String(end - start + 1), 'Accept-Ranges': 'bytes', ...extra };
  if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
}
