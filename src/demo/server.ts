/**
 * The demo server (Node http only, bound to 127.0.0.1): serves the page, the file system the
 * page's FileStore works on (the data folder only), the media routes the browser-side fake
 * Premiere probes and renders through, the Simulate menu's faults, and a same-origin relay to
 * Runware (the local stand-in, or the real API with the key injected here).
 *
 * What it accepts (README, "The demo"): every request must name this server's own loopback
 * address and port as Host; the page's files are public; media files for <video> need the
 * per-start media key in their URL (guard.ts says why); everything else needs the page's origin
 * and the per-start token (header X-Demo-Token) the page reads from its URL fragment; state
 * changes are POST only; bodies are capped (MAX_BODY_BYTES, 413 beyond).
 */
import { createReadStream, promises as fs } from 'fs';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import type { AddressInfo, Socket } from 'net';
import { extname, join, resolve, sep } from 'path';
import { apiKeyProblem, apiUrlProblem } from '../domain/secrets';
import { renderStillWithFfmpeg } from '../standins/premiere/ffmpegStill';
import { createFfmpegRenderer, nodeMedia } from '../standins/premiere/node';
import { ensurePrivateFolder, OutsideDataFolder, openDataFolder } from './dataFolder';
import { demoPaths, demoProjectSpec, REPO_ROOT } from './demoProject';
import type { DemoConfig } from './demoSpec';
import { FILE_OPERATIONS, FileOperation, handleFileApi } from './fileApi';
import { Access, createRequestGuard } from './guard';
import { BodyTooLarge, readSmallBody, send } from './http';
import { createRedactor, createRelay, RunwareTarget } from './relay';
import { BadRenderRequest, outputExists, parseFrameRequest, parseRenderRequest } from './renderRequest';
import { armSimulation, isSimulationId } from './simulate';

export type { RunwareTarget } from './relay';

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
  /** The origin, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The page's address with its per-start token in the fragment: the link to open. */
  pageUrl: string;
  token: string;
  close(): Promise<void>;
}

export const DEFAULT_PUBLIC_DIR = join(REPO_ROOT, 'dist', 'demo', 'public');
export const RUNWARE_API_PATH = '/runware/v1';
const RESULT_PATH = '/runware/result';
/** Render requests are small JSON. */
const MAX_JSON_BYTES = 1024 * 1024;

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
/** What /api/media/file serves (the page plays clips and takes): never the journal or other state. */
const PLAYABLE = new Set(['.mp4', '.mov', '.webm']);

/** The page talks only to this server, and no other site may frame it. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

interface Route {
  methods: readonly string[];
  access: Access;
  run: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const target = options.runware;
  if (target.kind === 'real') {
    const problem = apiKeyProblem(target.apiKey) ?? apiUrlProblem(target.apiUrl);
    if (problem) throw new Error(`RUNWARE_API_KEY / RUNWARE_API_URL: ${problem}`);
  }
  const paths = demoPaths(options.dataDir);
  ensurePrivateFolder(paths.dataDir);
  const folder = openDataFolder(paths.dataDir);
  const publicDir = resolve(options.publicDir ?? DEFAULT_PUBLIC_DIR);
  // Output paths come from the page: a render creates its file and never writes through what is there.
  const renderer = createFfmpegRenderer({ createOnly: true });
  const log = options.log ?? (() => undefined);
  const redact = createRedactor([target.apiKey]);
  const relay = createRelay(target, redact, log);
  const faults = target.kind === 'standin' ? target.faults : undefined;
  // The media key is the guard's, known once the server listens: added when the page asks.
  const config: Omit<DemoConfig, 'mediaKey'> = {
    paths,
    project: demoProjectSpec(paths.dataDir),
    runware: {
      apiPath: RUNWARE_API_PATH,
      real: target.kind === 'real',
      label: target.kind === 'real' ? 'Runware (real API, key kept on the demo server)' : 'Local Runware stand-in (no credits used)',
      canSimulate: !!faults,
    },
  };

  const pathParam = (url: URL) => url.searchParams.get('path') ?? '';
  const routes = new Map<string, Route>([
    ['/api/config', { methods: ['GET'], access: 'token', run: async (_q, res) => send(res, 200, { ...config, mediaKey: guard.mediaKey } satisfies DemoConfig) }],
    ['/api/media/exists', { methods: ['GET'], access: 'token', run: async (_q, res, url) => send(res, 200, { exists: await nodeMedia.exists(await folder.resolve(pathParam(url))) }) }],
    ['/api/media/probe', { methods: ['GET'], access: 'token', run: probe }],
    ['/api/media/file', { methods: ['GET', 'HEAD'], access: 'mediaKey', run: mediaFile }],
    ['/api/media/render', { methods: ['POST'], access: 'token', run: render }],
    ['/api/media/frame', { methods: ['POST'], access: 'token', run: renderFrame }],
    ['/api/demo/reset', { methods: ['POST'], access: 'token', run: reset }],
    ['/api/demo/simulate', { methods: ['POST'], access: 'token', run: simulate }],
    [RUNWARE_API_PATH, { methods: ['POST'], access: 'token', run: (req, res) => relay.api(req, res, RUNWARE_API_PATH) }],
    [RESULT_PATH, { methods: ['GET'], access: 'token', run: (_q, res, url) => relay.result(url.searchParams.get('url') ?? '', res, RESULT_PATH) }],
    ...FILE_OPERATIONS.map((op): [string, Route] => [
      `/api/fs/${op}`,
      { methods: ['POST'], access: 'token', run: (req, res, url) => handleFileApi(folder, op as FileOperation, pathParam(url), req, res) },
    ]),
  ]);
  const pageRoute: Route = { methods: ['GET', 'HEAD'], access: 'public', run: (req, res, url) => staticFile(url.pathname, req, res) };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const route = routes.get(url.pathname) ?? (url.pathname.startsWith('/api/') || url.pathname.startsWith('/runware/') ? null : pageRoute);
    const refusal = guard.check(req, route?.access ?? 'token');
    if (refusal) {
      req.resume();
      return send(res, refusal.status, { error: refusal.message }, { Connection: 'close' });
    }
    if (!route) return send(res, 404, { error: 'Not found.' });
    const method = req.method ?? 'GET';
    if (!route.methods.includes(method)) {
      req.resume();
      return send(res, 405, { error: `Use ${route.methods.join(' or ')} here.` }, { Allow: route.methods.join(', ') });
    }
    try {
      await route.run(req, res, url);
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      req.resume();
      if (e instanceof OutsideDataFolder) return send(res, 403, { error: e.message });
      if (e instanceof BadRenderRequest) return send(res, 400, { error: e.message });
      throw e;
    }
  };

  // ---- page ----

  async function staticFile(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await isFile(join(publicDir, 'demo.js')))) {
      const text = `The demo page is not built (no ${join(publicDir, 'demo.js')}): run npm run build, then start the demo again.\n`;
      res.writeHead(503, { 'Content-Type': MIME['.txt'], 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    let name: string;
    try {
      name = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    } catch {
      return send(res, 400, { error: 'Bad path.' });
    }
    const file = resolve(publicDir, name);
    if (!file.startsWith(publicDir + sep) || !(await isFile(file))) return send(res, 404, { error: 'Not found.' });
    await streamFile(file, req, res, { 'Cache-Control': 'no-cache', ...PAGE_HEADERS });
  }

  // ---- media for the browser-side fake Premiere ----

  async function probe(_req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const file = await folder.resolve(pathParam(url));
    if (!(await isFile(file))) return send(res, 404, { error: 'No such media file.' });
    try {
      send(res, 200, await nodeMedia.probe(file));
    } catch {
      send(res, 422, { error: 'The file could not be read as media.' });
    }
  }

  async function mediaFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const file = await folder.resolve(pathParam(url));
    if (!PLAYABLE.has(extname(file).toLowerCase())) return send(res, 403, { error: 'Only video files are served here.' });
    if (!(await isFile(file))) return send(res, 404, { error: 'No such media file.' });
    await streamFile(file, req, res, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  }

  /** The JSON body of a render request, or null once the answer (413 or 400) is sent. */
  async function renderBody(req: IncomingMessage, res: ServerResponse): Promise<{ json: unknown } | null> {
    try {
      return { json: JSON.parse((await readSmallBody(req, MAX_JSON_BYTES)).toString('utf8')) as unknown };
    } catch (e) {
      if (e instanceof BodyTooLarge) send(res, 413, { error: e.message }, { Connection: 'close' });
      else send(res, 400, { error: 'The render request is not JSON.' });
      return null;
    }
  }

  /** Runs a checked render; a failed one leaves no partial file behind, and what another made at its path alone. */
  async function runRender(res: ServerResponse, outPath: string, what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return send(res, 400, { error: outputExists(outPath) });
      await fs.rm(outPath, { force: true });
      log(`render failed: ${redact(e instanceof Error ? e.message : String(e))}`);
      return send(res, 500, { error: `ffmpeg could not render the ${what} (the demo server’s terminal has its message).` });
    }
    send(res, 200, { ok: true });
  }

  async function render(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await renderBody(req, res);
    if (!body) return;
    const { spec, outPath } = await parseRenderRequest(body.json, folder, paths.scratchDir);
    await runRender(res, outPath, 'export', () => renderer.render(spec, outPath));
  }

  /** Exporter.exportSequenceFrame in the page: the take's thumbnail, written only into the thumbnails folder. */
  async function renderFrame(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await renderBody(req, res);
    if (!body) return;
    const { spec, outPath, size } = await parseFrameRequest(body.json, folder, paths.thumbnailsDir);
    await fs.mkdir(paths.thumbnailsDir, { recursive: true });
    await runRender(res, outPath, 'frame', () => renderStillWithFfmpeg(spec, outPath, size, { createOnly: true }));
  }

  /**
   * Starts the demo over: the page has stopped its jobs first. The state (journal, preferences)
   * and the takes are moved into archive/<time>/, not deleted: a take may have been paid for.
   */
  async function reset(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    const archive = join(paths.dataDir, 'archive', new Date().toISOString().replace(/[:.]/g, '-'));
    await fs.mkdir(archive, { recursive: true });
    for (const dir of [paths.stateDir, paths.takesDir, paths.thumbnailsDir]) {
      await fs.rename(dir, join(archive, dir.slice(paths.dataDir.length + 1))).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    await fs.rm(paths.scratchDir, { recursive: true, force: true });
    for (const dir of [paths.stateDir, paths.scratchDir]) await fs.mkdir(dir, { recursive: true });
    send(res, 200, { ok: true, archive });
  }

  async function simulate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: { fault?: unknown };
    try {
      body = JSON.parse((await readSmallBody(req, 4096)).toString('utf8')) as typeof body;
    } catch {
      return send(res, 400, { error: 'Send {"fault": name}.' });
    }
    if (!faults) return send(res, 409, { error: 'Faults can be simulated only on the local stand-in, not on the real Runware.' });
    if (!isSimulationId(body?.fault)) return send(res, 400, { error: 'Unknown fault to simulate.' });
    send(res, 200, { ok: true, pending: armSimulation(faults, body.fault) });
  }

  // ---- server ----

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`${req.method ?? ''} ${(req.url ?? '').split('?')[0]} failed: ${redact(e instanceof Error ? e.message : String(e))}`);
      if (!res.headersSent) send(res, 500, { error: 'The demo server could not handle this request (its terminal has the details).' });
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
  const guard = createRequestGuard(port);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pageUrl: `${url}/#token=${guard.token}`,
    token: guard.token,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
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
