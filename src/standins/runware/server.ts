import { randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import type { Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { refuseForeign } from './access';
import { createApiHandler } from './api';
import type { StandInContext } from './context';
import { handleControl } from './control';
import { FaultScript } from './faults';
import { JobEngine } from './jobs';
import { MediaStore, serveFile, serveResult } from './media';
import type { renderRetake } from './retakeRender';
import { BodySlots } from './slots';
import { createTaskAnswerer } from './tasks';
import { refuseAndClose, sendErrors } from './wire';

/**
 * A local stand-in for Runware's REST API, limited to what LTX-2 Retake needs
 * (see /work/shared/docs/runware-api.md): `mediaStorage` upload, `videoInference` with
 * `lightricks:3@1`, `getResponse` polling, and result downloads, plus scripted faults.
 *
 * Wire choices (where Runware's behaviour is not documented, the choice is noted):
 * - POST /v1 takes a JSON array of tasks. All-success answers 200 `{"data":[...]}`. When any task
 *   fails the HTTP status is that of the first failing task (400 for parameter problems) and the
 *   body is `{"errors":[...]}` plus `data` for the tasks that succeeded (Runware scopes errors to
 *   tasks; the status of a mixed batch is undocumented).
 * - Only this machine, talking to it directly, is answered (access.ts: own Host, no foreign
 *   Origin; else 403 forbidden, our own rule), and no answer carries CORS headers.
 * - Missing/invalid key: 401 invalidApiKey, before the body is read. Bad JSON / not an array / empty array: 400
 *   invalidRequestBody. Body over 64 MB: 413 requestTooLarge. Unknown taskType: 400
 *   unsupportedTaskType.
 * - Upload: not MP4/MOV or MKV/WebM by its first bytes, or no video, 400 invalidMedia
 *   (containers.ts); over 32 MB 400 mediaTooLarge; a URL not issued by this server 400
 *   unsupportedMediaURL. Past the uploads kept (media.ts) the oldest is dropped: mediaNotFound.
 * - Too many bodies at once: they wait their turn; past the queue 503 serviceUnavailable with
 *   Retry-After (slots.ts; our own limits).
 * - videoInference: 400 with `parameter` for every rejection (codes in validate.ts); a taskUUID
 *   already used by any accepted task: 400 `{"data": [], "errors": [{code: "conflictTaskUUID"}]}`
 *   (runware-api.md); inputs.video not known: 400 mediaNotFound (the SDK's notFound family);
 *   an https URL not issued here is accepted and the job then fails (UNFETCHABLE_INPUT_FAILURE).
 *   Every field of the Python SDK's LightricksLtx2RetakeParams is accepted; the model page's
 *   examples (no deliveryMethod, includeCost or outputFormat) are accepted verbatim. `ttl` is
 *   honoured: the result URL answers 404 once ttl seconds have passed since it was ready.
 * - getResponse on an unknown taskUUID: HTTP 400, code taskFailedOrNotFound, parameter taskUUID. Runware's
 *   docs list 404 for "not found" resources, but an unknown task is a bad parameter of a request to
 *   an existing endpoint, and Runware reports task-level problems as 400: the client must key on
 *   the code, not the status. (TASK_NOT_FOUND_STATUS in tasks.ts is the one place to change.)
 * - getResponse with an upload's taskUUID answers the upload item (mediaUUID), as Runware's ComfyUI
 *   nodes expect when an upload is answered with the placeholder mediaUUID "1".
 * - A result not (yet) available: GET /results/... answers 404 resultNotFound.
 * - Cost is billed when a job succeeds: 0.10 USD x uploaded clip seconds (frames / fps); a job
 *   that ends in error is not billed. A job runs to the end even if nobody polls it.
 */

export { TASK_NOT_FOUND_STATUS } from './tasks';

export interface RunwareStandInOptions {
  /** Default 0 (ephemeral); binds 127.0.0.1 only. */
  port?: number;
  /** Accepted Bearer keys; default: one fresh random key per start (RunwareStandIn.apiKey). */
  apiKeys?: string[];
  /** Simulated generation time per job before success (default 1500). */
  generationMs?: number;
  /** Default false: startTime/duration must be whole seconds. */
  allowFractionalTiming?: boolean;
  /** Where uploads and results are stored (default: a new temp dir, removed by close()). */
  workDir?: string;
  /** Renders a retake result; default renderRetake (ffmpeg). Tests that run many identical jobs pass a caching one. */
  renderRetake?: typeof renderRetake;
  /** One line per request (method, path, task types, status); never headers or keys. */
  log?: (line: string) => void;
}

export interface SubmittedTask {
  taskUUID: string;
  body: Record<string, unknown>;
}

export interface StandInStats {
  /** Uploads stored. */
  uploads: number;
  /**
   * videoInference tasks accepted, each a billed task on the real Runware (including those whose
   * acknowledgement a dropAck or hungAck fault lost). "At most one per job" is checked on this.
   */
  submits: number;
  /** getResponse tasks received (including those answered by a fault). */
  polls: number;
  /** Result download requests received (including those answered by a fault). */
  downloads: number;
  submittedTasks: SubmittedTask[];
  /** Decoded bytes of stored uploads. */
  uploadedBytes: number;
  /** Uploaded-clip seconds billed for successful jobs. */
  billedSeconds: number;
  /** Sum of the cost of successful jobs, USD. */
  billedUSD: number;
  /** Tasks rejected with an error (validation, auth, unknown task...). */
  rejected: number;
  /** Scripted faults fired. */
  faultsFired: number;
}

export interface RunwareStandIn {
  /** e.g. "http://127.0.0.1:PORT/v1" (the POST endpoint). */
  url: string;
  /** "http://127.0.0.1:PORT" */
  origin: string;
  /** A key it accepts: the first of `apiKeys`, or the random one made for this start. */
  apiKey: string;
  faults: FaultScript;
  stats: StandInStats;
  setGenerationMs(ms: number): void;
  /** Requests whose body is in memory now, and those waiting for their turn (slots.ts). */
  load(): { bodiesInMemory: number; waitingForBody: number };
  /** Stops everything: no timers, sockets or ffmpeg processes are left. */
  close(): Promise<void>;
}

/**
 * Starts a stand-in on 127.0.0.1. This file holds the HTTP server, the routing and close(); the
 * routes live in api.ts (POST /v1) with tasks.ts (each task), media.ts (uploads, /media, /results),
 * jobs.ts (generation, rendering, billing) and control.ts (/__control/...).
 */
export async function startRunwareStandIn(o: RunwareStandInOptions = {}): Promise<RunwareStandIn> {
  const ownWorkDir = o.workDir === undefined;
  const workDir = o.workDir ?? mkdtempSync(join(tmpdir(), 'runware-standin-'));
  const mediaDir = join(workDir, 'media');
  const resultsDir = join(workDir, 'results');
  mkdirSync(mediaDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const log = o.log;

  const stats: StandInStats = {
    uploads: 0, submits: 0, polls: 0, downloads: 0, submittedTasks: [], uploadedBytes: 0,
    billedSeconds: 0, billedUSD: 0, rejected: 0, faultsFired: 0,
  };
  let origin = '';
  const ctx: StandInContext = {
    stats,
    faults: new FaultScript(),
    media: new MediaStore(mediaDir, () => origin, (mediaUUID) => ctx.jobs.needsMedia(mediaUUID)),
    jobs: new JobEngine(resultsDir, o.generationMs ?? 1500, stats, o.renderRetake),
    bodies: new BodySlots(),
    origin: () => origin,
    requestCounts: { upload: 0, submit: 0, poll: 0, download: 0 },
  };
  const answerTask = createTaskAnswerer(ctx, o.allowFractionalTiming ?? false);
  // 128 random bits: no other process or page can guess the key of a stand-in started without one.
  const apiKeys = o.apiKeys && o.apiKeys.length > 0 ? o.apiKeys : [`standin-${randomBytes(16).toString('hex')}`];
  const handleApi = createApiHandler(ctx, new Set(apiKeys), answerTask);
  const sockets = new Set<Socket>();
  let closing: Promise<void> | undefined;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/__control/')) return handleControl(ctx, req, res, path);
    const refusal = refuseForeign(ctx, req);
    if (refusal) {
      ctx.stats.rejected += 1;
      refuseAndClose(res, 403, [{ code: 'forbidden', message: `Refused: ${refusal}.` }]);
      return `403 ${refusal}`;
    }
    if (path === '/v1' || path === '/v1/') {
      if (req.method !== 'POST') {
        refuseAndClose(res, 405, [{ code: 'methodNotAllowed', message: 'Use POST with a JSON array of tasks.' }], { Allow: 'POST' });
        return '405';
      }
      return handleApi(req, res);
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      req.resume();
      const r = /^\/results\/([0-9a-f-]{36})\.(mp4|mov|webm)$/i.exec(path);
      if (r) return serveResult(ctx, req, res, r[1].toLowerCase(), r[2].toLowerCase());
      const m = /^\/media\/([0-9a-f-]{36})\.(mp4|mkv)$/i.exec(path);
      if (m) {
        const record = ctx.media.get(m[1].toLowerCase());
        if (record && record.container === m[2].toLowerCase()) {
          await serveFile(req, res, record.file, record.container, false);
          return '200';
        }
      }
    }
    refuseAndClose(res, 404, [{ code: 'notFound', message: `Nothing at ${req.method ?? ''} ${path}.` }]);
    return '404';
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    route(req, res).then(
      (outcome) => log?.(`${req.method ?? ''} ${path} ${outcome}`),
      (e: unknown) => {
        log?.(`${req.method ?? ''} ${path} 500 ${(e as Error).message}`);
        if (!res.headersSent && !res.destroyed) {
          sendErrors(res, 500, [{ code: 'internalServerError', message: 'The stand-in failed to handle the request.' }]);
        } else {
          res.destroy();
        }
      },
    );
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the stand-in has no TCP address');
  origin = `http://127.0.0.1:${address.port}`;

  async function close(): Promise<void> {
    if (closing) return closing;
    closing = (async () => {
      ctx.jobs.stop();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await stopped;
      await ctx.jobs.idle();
      // A killed child's process handle is released by libuv a loop turn after its 'close' event:
      // yield so that nothing is left active when close() resolves.
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
    })();
    return closing;
  }

  return {
    url: `${origin}/v1`, origin, apiKey: apiKeys[0], faults: ctx.faults, stats, setGenerationMs: (ms) => ctx.jobs.setGenerationMs(ms), load: () => ctx.bodies.load(), close,
  };
}
