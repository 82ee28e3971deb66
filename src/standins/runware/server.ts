import { randomUUID } from 'crypto';
import { createReadStream, mkdirSync, mkdtempSync, promises as fsp, rmSync } from 'fs';
import { createServer, IncomingMessage, ServerResponse } from 'http';
import type { Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { Fault, FaultKind, FaultScript, parseScriptedFault, REQUEST_FAULT_KINDS, RequestTarget } from './faults';
import { renderRetake } from './retakeRender';
import {
  checkAgainstClip, checkTaskUUID, checkVideoInference, isRecord, isUuidV4, LIMITS, OutputFormat, RetakeRequest,
  retakeCostUSD,
} from './validate';

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
 * - Missing/invalid key: 401 invalidApiKey. Bad JSON / not an array / empty array: 400
 *   invalidRequestBody. Body over 64 MB: 413 requestTooLarge. Unknown taskType: 400
 *   unsupportedTaskType.
 * - Upload: non-video bytes 400 invalidMedia; over 32 MB 400 mediaTooLarge; a URL not issued by
 *   this server 400 unsupportedMediaURL.
 * - videoInference: 400 with `parameter` for every rejection (codes in validate.ts); a taskUUID
 *   already used by an accepted task: 400 duplicateTaskUUID; inputs.video not known: 400
 *   mediaNotFound.
 * - getResponse on an unknown taskUUID: HTTP 400, code taskNotFound, parameter taskUUID. Runware's
 *   docs list 404 for "not found" resources, but an unknown task is a bad parameter of a request to
 *   an existing endpoint, and Runware reports task-level problems as 400: the client must key on
 *   the code, not the status. (TASK_NOT_FOUND_STATUS below is the one place to change.)
 * - A result not (yet) available: GET /results/... answers 404 resultNotFound.
 * - Cost is billed when a job succeeds: 0.10 USD x uploaded clip seconds (frames / fps); a job
 *   that ends in error is not billed. A job runs to the end even if nobody polls it.
 */
export const TASK_NOT_FOUND_STATUS = 400;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const RENDER_CONCURRENCY = 2;

export interface RunwareStandInOptions {
  /** Default 0 (ephemeral); binds 127.0.0.1 only. */
  port?: number;
  /** Accepted Bearer keys; default: any non-empty key is accepted. */
  apiKeys?: string[];
  /** Simulated generation time per job before success (default 1500). */
  generationMs?: number;
  /** Default false: startTime/duration must be whole seconds. */
  allowFractionalTiming?: boolean;
  /** Where uploads and results are stored (default: a new temp dir, removed by close()). */
  workDir?: string;
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
  /** videoInference tasks accepted (including those whose acknowledgement a dropAck fault lost). */
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
  faults: FaultScript;
  stats: StandInStats;
  setGenerationMs(ms: number): void;
  /** Stops everything: no timers, sockets or ffmpeg processes are left. */
  close(): Promise<void>;
}

interface WireError {
  code: string;
  message: string;
  parameter?: string | string[];
  taskType?: string;
  taskUUID?: string;
}

type Outcome = { item: Record<string, unknown> } | { status: number; error: WireError };

interface MediaRecord {
  mediaUUID: string;
  file: string;
  bytes: number;
  seconds: number;
  frames: number;
  fps: number;
  url: string;
}

interface Job {
  taskUUID: string;
  request: RetakeRequest;
  media: MediaRecord;
  status: 'processing' | 'success' | 'error';
  startedAt: number;
  timer?: NodeJS.Timeout;
  timeUp: boolean;
  rendered: boolean;
  forcedError?: { code: string; message: string };
  failure?: { code: string; message: string };
  videoUUID: string;
  ext: 'mp4' | 'mov' | 'webm';
  resultFile: string;
  cost?: number;
}

const EXT_BY_FORMAT: Record<OutputFormat, Job['ext']> = { MP4: 'mp4', MOV: 'mov', WEBM: 'webm' };
const MIME_BY_EXT: Record<string, string> = { mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, DELETE, OPTIONS',
  'Access-Control-Expose-Headers': 'Content-Length, Retry-After',
  'Access-Control-Max-Age': '600',
};

const DEFAULT_CODE_BY_STATUS: Record<number, string> = {
  400: 'invalidRequest',
  401: 'invalidApiKey',
  402: 'insufficientCredits',
  403: 'forbidden',
  404: 'notFound',
  408: 'timeout',
  429: 'rateLimitExceeded',
  500: 'internalServerError',
  502: 'badGateway',
  503: 'serviceUnavailable',
  504: 'timeoutProvider',
};

const MALFORMED_BODY = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}

function sendErrors(res: ServerResponse, status: number, errors: WireError[], extra: Record<string, string> = {}): void {
  sendJson(res, status, { errors }, extra);
}

function sendMalformed(res: ServerResponse): void {
  res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(MALFORMED_BODY)) });
  res.end(MALFORMED_BODY);
}

function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

function bearerKey(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  const key = m?.[1].trim();
  return key ? key : undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(s: string): Buffer | undefined {
  const compact = s.replace(/\s+/g, '');
  if (compact.length === 0 || !BASE64.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64');
}

function taskLabel(task: unknown): { taskType?: string; taskUUID?: string } {
  if (!isRecord(task)) return {};
  const out: { taskType?: string; taskUUID?: string } = {};
  if (typeof task.taskType === 'string') out.taskType = task.taskType;
  if (typeof task.taskUUID === 'string') out.taskUUID = task.taskUUID;
  return out;
}

export async function startRunwareStandIn(o: RunwareStandInOptions = {}): Promise<RunwareStandIn> {
  const ownWorkDir = o.workDir === undefined;
  const workDir = o.workDir ?? mkdtempSync(join(tmpdir(), 'runware-standin-'));
  const mediaDir = join(workDir, 'media');
  const resultsDir = join(workDir, 'results');
  mkdirSync(mediaDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });

  const apiKeys = o.apiKeys ? new Set(o.apiKeys) : undefined;
  const allowFractionalTiming = o.allowFractionalTiming ?? false;
  let generationMs = o.generationMs ?? 1500;
  const log = o.log;

  const faults = new FaultScript();
  const stats: StandInStats = {
    uploads: 0, submits: 0, polls: 0, downloads: 0, submittedTasks: [], uploadedBytes: 0,
    billedSeconds: 0, billedUSD: 0, rejected: 0, faultsFired: 0,
  };
  const media = new Map<string, MediaRecord>();
  const jobs = new Map<string, Job>();
  const jobsByVideo = new Map<string, Job>();
  /** taskUUIDs of accepted tasks of any type. */
  const usedTaskUUIDs = new Set<string>();
  const sockets = new Set<Socket>();
  const abort = new AbortController();
  const renders = new Set<Promise<void>>();
  const renderQueue: Array<() => Promise<void>> = [];
  let rendering = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  let origin = '';

  // ---------- faults ----------
  function takeFault(target: RequestTarget, prompts: readonly string[], kinds: readonly FaultKind[]): Fault | undefined {
    const f = faults.take(target, prompts, kinds);
    if (f) stats.faultsFired += 1;
    return f;
  }

  /** Answers a request with an http/hang/malformed fault. Returns false for other kinds. */
  function answerWithFault(res: ServerResponse, fault: Fault, label: { taskType?: string; taskUUID?: string }): boolean {
    switch (fault.kind) {
      case 'http': {
        const error: WireError = {
          code: fault.code ?? DEFAULT_CODE_BY_STATUS[fault.status] ?? `http${fault.status}`,
          message: fault.message ?? `Scripted HTTP ${fault.status}.`,
          ...label,
        };
        if (fault.parameter !== undefined) error.parameter = fault.parameter;
        const extra: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) extra['Retry-After'] = String(Math.ceil(fault.retryAfterSeconds));
        sendErrors(res, fault.status, [error], extra);
        return true;
      }
      case 'hang':
        return true; // never answered; close() destroys the socket
      case 'malformed':
        sendMalformed(res);
        return true;
      default:
        return false;
    }
  }

  // ---------- media ----------
  async function storeMedia(bytes: Buffer): Promise<MediaRecord | WireError> {
    if (bytes.length > LIMITS.maxUploadBytes) {
      return { code: 'mediaTooLarge', message: `Media is ${bytes.length} bytes; the limit is ${LIMITS.maxUploadBytes}.`, parameter: 'media' };
    }
    const mediaUUID = randomUUID();
    const file = join(mediaDir, `${mediaUUID}.mp4`);
    await fsp.writeFile(file, bytes);
    const bad: WireError = { code: 'invalidMedia', message: 'The media is not a readable video file.', parameter: 'media' };
    try {
      const info = await probe(file);
      if (!info.video) {
        await fsp.rm(file, { force: true });
        return bad;
      }
      const fps = info.video.frameRate.num / info.video.frameRate.den;
      const frames = info.video.frames ?? Math.round(info.durationSeconds * fps);
      const record: MediaRecord = {
        mediaUUID, file, bytes: bytes.length, frames, fps, seconds: frames / fps, url: `${origin}/media/${mediaUUID}.mp4`,
      };
      media.set(mediaUUID, record);
      return record;
    } catch {
      await fsp.rm(file, { force: true });
      return bad;
    }
  }

  /** A URL this server issued: /media/<uuid>.<ext> (an upload) or /results/<uuid>.<ext> (a result). */
  function ownFile(url: string): { kind: 'media'; record: MediaRecord } | { kind: 'result'; job: Job } | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const here = new URL(origin);
    const sameHost = (u.hostname === '127.0.0.1' || u.hostname === 'localhost') && u.port === here.port;
    if (!sameHost) return undefined;
    const m = /^\/(media|results)\/([0-9a-f-]{36})\.(mp4|mov|webm)$/i.exec(u.pathname);
    if (!m) return undefined;
    if (m[1] === 'media') {
      const record = media.get(m[2]);
      return record ? { kind: 'media', record } : undefined;
    }
    const job = jobsByVideo.get(m[2]);
    return job && job.status === 'success' ? { kind: 'result', job } : undefined;
  }

  async function handleUpload(task: Record<string, unknown>): Promise<Outcome> {
    const label = taskLabel(task);
    const reject = (e: WireError, status = 400): Outcome => ({ status, error: { ...e, ...label } });
    const uuidError = checkTaskUUID(task);
    if (uuidError) return reject(uuidError);
    if (jobs.has(task.taskUUID as string)) {
      return reject({ code: 'duplicateTaskUUID', message: 'This taskUUID was already used by a videoInference task.', parameter: 'taskUUID' });
    }
    if (task.operation !== 'upload') {
      return reject({ code: 'invalidOperation', message: 'operation must be "upload".', parameter: 'operation' });
    }
    const m = task.media;
    if (typeof m !== 'string' || m.trim() === '') {
      return reject({ code: 'invalidMedia', message: 'media must be base64, a data URI or a URL.', parameter: 'media' });
    }
    let bytes: Buffer | undefined;
    if (/^data:/i.test(m)) {
      const dm = /^data:[^,;]*(?:;[^,;]*)*?;base64,([\s\S]*)$/i.exec(m);
      bytes = dm ? decodeBase64(dm[1]) : undefined;
      if (!bytes) return reject({ code: 'invalidMedia', message: 'The data URI is not base64-encoded media.', parameter: 'media' });
    } else if (/^https?:\/\//i.test(m)) {
      const own = ownFile(m.trim());
      if (!own) {
        return reject({
          code: 'unsupportedMediaURL',
          message: 'This stand-in only accepts media URLs it issued itself; send the file as base64 instead.',
          parameter: 'media',
        });
      }
      bytes = await fsp.readFile(own.kind === 'media' ? own.record.file : own.job.resultFile);
    } else {
      bytes = decodeBase64(m);
      if (!bytes) return reject({ code: 'invalidMedia', message: 'media is neither base64, a data URI nor a URL.', parameter: 'media' });
    }
    const stored = await storeMedia(bytes);
    if ('code' in stored) return reject(stored);
    stats.uploads += 1;
    stats.uploadedBytes += stored.bytes;
    usedTaskUUIDs.add(task.taskUUID as string);
    return {
      item: { taskType: 'mediaStorage', taskUUID: task.taskUUID, operation: 'upload', mediaUUID: stored.mediaUUID, mediaURL: stored.url },
    };
  }

  // ---------- jobs ----------
  function pumpRenders(): void {
    while (!closed && rendering < RENDER_CONCURRENCY && renderQueue.length > 0) {
      const next = renderQueue.shift() as () => Promise<void>;
      rendering += 1;
      const p = next().finally(() => {
        rendering -= 1;
        renders.delete(p);
        pumpRenders();
      });
      renders.add(p);
    }
  }

  function armTimer(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    const remaining = Math.max(0, job.startedAt + generationMs - Date.now());
    job.timer = setTimeout(() => {
      job.timer = undefined;
      job.timeUp = true;
      settle(job);
    }, remaining);
  }

  function settle(job: Job): void {
    if (closed || job.status !== 'processing' || !job.timeUp) return;
    if (job.forcedError) {
      job.status = 'error';
      job.failure = job.forcedError;
      return;
    }
    if (!job.rendered) return;
    if (job.failure) {
      job.status = 'error';
      return;
    }
    job.status = 'success';
    job.cost = retakeCostUSD(job.media.seconds);
    stats.billedSeconds += job.media.seconds;
    stats.billedUSD = Math.round((stats.billedUSD + job.cost) * 10000) / 10000;
  }

  function startJob(job: Job): void {
    armTimer(job);
    if (job.forcedError) return;
    renderQueue.push(async () => {
      try {
        await renderRetake(job.media.file, job.resultFile, job.request.mode, job.request.startTime, job.request.duration, {
          signal: abort.signal,
        });
      } catch (e) {
        job.failure = { code: 'inferenceError', message: `Generation failed: ${(e as Error).message}` };
      }
      job.rendered = true;
      settle(job);
    });
    pumpRenders();
  }

  function handleVideoInference(task: Record<string, unknown>): Outcome {
    const label = taskLabel(task);
    const reject = (e: WireError, status = 400): Outcome => ({ status, error: { ...e, ...label } });
    if (isUuidV4(task.taskUUID) && usedTaskUUIDs.has(task.taskUUID)) {
      return reject({ code: 'duplicateTaskUUID', message: 'This taskUUID was already submitted; use a new UUID for a new task.', parameter: 'taskUUID' });
    }
    const checked = checkVideoInference(task, { allowFractionalTiming });
    if (!checked.ok) return reject(checked.error);
    const r = checked.value;
    const ref = r.video.trim();
    let record = media.get(ref);
    if (!record && /^https?:\/\//i.test(ref)) {
      const own = ownFile(ref);
      if (own?.kind === 'media') record = own.record;
    }
    if (!record) {
      return reject({
        code: 'mediaNotFound',
        message: 'inputs.video is neither a mediaUUID nor a media URL issued by this server.',
        parameter: 'inputs.video',
      });
    }
    const clipError = checkAgainstClip(r, { seconds: record.seconds, frames: record.frames, fps: record.fps });
    if (clipError) return reject(clipError);

    const videoUUID = randomUUID();
    const ext = EXT_BY_FORMAT[r.outputFormat];
    const job: Job = {
      taskUUID: r.taskUUID, request: r, media: record, status: 'processing', startedAt: Date.now(), timeUp: false,
      rendered: false, videoUUID, ext, resultFile: join(resultsDir, `${videoUUID}.${ext}`),
    };
    const fault = takeFault('submit', [r.positivePrompt], ['generationError']);
    if (fault?.kind === 'generationError') {
      job.forcedError = {
        code: fault.code ?? 'inferenceError',
        message: fault.message ?? 'The provider failed to generate the video (scripted).',
      };
    }
    jobs.set(job.taskUUID, job);
    jobsByVideo.set(videoUUID, job);
    usedTaskUUIDs.add(job.taskUUID);
    stats.submits += 1;
    stats.submittedTasks.push({ taskUUID: job.taskUUID, body: JSON.parse(JSON.stringify(task)) as Record<string, unknown> });
    startJob(job);
    return { item: { taskType: 'videoInference', taskUUID: job.taskUUID } };
  }

  function pollItem(job: Job): Record<string, unknown> {
    const base = { taskType: 'videoInference', taskUUID: job.taskUUID };
    if (job.status === 'processing') {
      const elapsed = Date.now() - job.startedAt;
      const progress = job.timeUp ? 99 : Math.min(99, Math.floor((elapsed / Math.max(1, generationMs)) * 100));
      return { ...base, status: 'processing', progress };
    }
    if (job.status === 'error') {
      const failure = job.failure ?? { code: 'inferenceError', message: 'Generation failed.' };
      return { ...base, status: 'error', error: { code: failure.code, message: failure.message } };
    }
    const item: Record<string, unknown> = {
      ...base, status: 'success', videoUUID: job.videoUUID, videoURL: `${origin}/results/${job.videoUUID}.${job.ext}`,
    };
    if (job.request.includeCost && job.cost !== undefined) item.cost = job.cost;
    return item;
  }

  function handleGetResponse(task: Record<string, unknown>): Outcome {
    const label = taskLabel(task);
    if (typeof task.taskUUID !== 'string' || task.taskUUID === '') {
      return { status: 400, error: { code: 'invalidTaskUUID', message: 'taskUUID is required.', parameter: 'taskUUID', ...label } };
    }
    const job = jobs.get(task.taskUUID);
    if (!job) {
      return {
        status: TASK_NOT_FOUND_STATUS,
        error: { code: 'taskNotFound', message: 'No task with this taskUUID was submitted.', parameter: 'taskUUID', ...label },
      };
    }
    return { item: pollItem(job) };
  }

  // ---------- POST /v1 ----------
  async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const { body, tooLarge } = await readBody(req, MAX_BODY_BYTES);
    const key = bearerKey(req);
    if (!key || (apiKeys && !apiKeys.has(key))) {
      stats.rejected += 1;
      sendErrors(res, 401, [{
        code: 'invalidApiKey',
        message: key ? 'Invalid API key.' : 'Missing API key: send "Authorization: Bearer <API key>".',
        parameter: 'apiKey',
      }]);
      return '401';
    }
    if (tooLarge) {
      stats.rejected += 1;
      sendErrors(res, 413, [{ code: 'requestTooLarge', message: `The request body is over ${MAX_BODY_BYTES} bytes.` }]);
      return '413';
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      stats.rejected += 1;
      sendErrors(res, 400, [{ code: 'invalidRequestBody', message: 'The body is not valid JSON.' }]);
      return '400 bad JSON';
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
      stats.rejected += 1;
      sendErrors(res, 400, [{ code: 'invalidRequestBody', message: 'The body must be a non-empty JSON array of task objects.' }]);
      return '400 not an array';
    }
    const tasks: unknown[] = parsed;
    const types = tasks.map((t) => (isRecord(t) && typeof t.taskType === 'string' ? t.taskType : '?'));
    const summary = types.join(',');

    let target: RequestTarget | undefined;
    let prompts: string[] = [];
    if (types.includes('videoInference')) {
      target = 'submit';
      prompts = tasks.flatMap((t) => (isRecord(t) && t.taskType === 'videoInference' && typeof t.positivePrompt === 'string' ? [t.positivePrompt] : []));
    } else if (types.includes('mediaStorage')) {
      target = 'upload';
    } else if (types.includes('getResponse')) {
      target = 'poll';
      prompts = tasks.flatMap((t) => {
        const job = isRecord(t) && typeof t.taskUUID === 'string' ? jobs.get(t.taskUUID) : undefined;
        return job ? [job.request.positivePrompt] : [];
      });
    }
    stats.polls += types.filter((t) => t === 'getResponse').length;

    const fault = target ? takeFault(target, prompts, REQUEST_FAULT_KINDS) : undefined;
    if (fault && answerWithFault(res, fault, taskLabel(tasks[0]))) return `[${summary}] fault ${fault.kind}`;

    const outcomes: Outcome[] = [];
    for (const t of tasks) {
      if (!isRecord(t)) {
        outcomes.push({ status: 400, error: { code: 'invalidTask', message: 'Each task must be an object.' } });
        continue;
      }
      switch (t.taskType) {
        case 'mediaStorage':
          outcomes.push(await handleUpload(t));
          break;
        case 'videoInference':
          outcomes.push(handleVideoInference(t));
          break;
        case 'getResponse':
          outcomes.push(handleGetResponse(t));
          break;
        default:
          outcomes.push({
            status: 400,
            error: {
              code: 'unsupportedTaskType',
              message: `taskType ${JSON.stringify(t.taskType)} is not served by this stand-in (mediaStorage, videoInference, getResponse).`,
              parameter: 'taskType',
              ...taskLabel(t),
            },
          });
      }
    }
    const data: Record<string, unknown>[] = [];
    const errors: WireError[] = [];
    let status = 200;
    for (const oc of outcomes) {
      if ('item' in oc) {
        data.push(oc.item);
      } else {
        if (errors.length === 0) status = oc.status;
        errors.push(oc.error);
        stats.rejected += 1;
      }
    }

    if (fault?.kind === 'dropAck') {
      res.writeHead(502, { ...CORS_HEADERS, 'Content-Length': '0' });
      res.end();
      return `[${summary}] fault dropAck (processed, answered 502)`;
    }
    const out: { data?: unknown; errors?: WireError[] } = {};
    if (errors.length > 0) out.errors = errors;
    if (data.length > 0 || errors.length === 0) out.data = fault?.kind === 'dataAsObject' ? data[0] ?? {} : data;
    sendJson(res, status, out);
    return `[${summary}] ${status}${fault ? ` fault ${fault.kind}` : ''}`;
  }

  // ---------- GET files ----------
  async function serveFile(req: IncomingMessage, res: ServerResponse, file: string, ext: string, truncate: boolean): Promise<void> {
    const size = (await fsp.stat(file)).size;
    res.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': MIME_BY_EXT[ext] ?? 'application/octet-stream',
      'Content-Length': String(size),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (truncate) {
      const half = Math.floor(size / 2);
      const handle = await fsp.open(file, 'r');
      try {
        const buf = Buffer.alloc(half);
        await handle.read(buf, 0, half, 0);
        res.write(buf, () => res.socket?.destroy());
      } finally {
        await handle.close();
      }
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handleResult(req: IncomingMessage, res: ServerResponse, videoUUID: string, ext: string): Promise<string> {
    stats.downloads += 1;
    const job = jobsByVideo.get(videoUUID);
    const fault = takeFault('download', job ? [job.request.positivePrompt] : [], REQUEST_FAULT_KINDS);
    if (fault && answerWithFault(res, fault, {})) return `fault ${fault.kind}`;
    if (fault?.kind === 'resultNotFound' || !job || job.status !== 'success' || job.ext !== ext) {
      sendErrors(res, 404, [{ code: 'resultNotFound', message: 'No result at this URL.' }]);
      return `404${fault ? ' fault resultNotFound' : ''}`;
    }
    await serveFile(req, res, job.resultFile, job.ext, fault?.kind === 'truncatedDownload');
    return fault ? `200 fault ${fault.kind}` : '200';
  }

  // ---------- control ----------
  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    const { body } = await readBody(req, 1024 * 1024);
    const json = (): unknown => JSON.parse(body.toString('utf8') || 'null');
    if (path === '/__control/faults' && req.method === 'POST') {
      try {
        const v = json();
        const list = Array.isArray(v) ? v : [v];
        const checked = list.map((x) => parseScriptedFault(x));
        checked.forEach((f) => faults.add(f));
        sendJson(res, 200, { ok: true, pending: faults.pending() });
        return '200';
      } catch (e) {
        sendJson(res, 400, { ok: false, error: (e as Error).message });
        return '400';
      }
    }
    if (path === '/__control/faults' && req.method === 'DELETE') {
      faults.clear();
      sendJson(res, 200, { ok: true, pending: [] });
      return '200';
    }
    if (path === '/__control/faults' && req.method === 'GET') {
      sendJson(res, 200, { pending: faults.pending() });
      return '200';
    }
    if (path === '/__control/stats' && req.method === 'GET') {
      sendJson(res, 200, stats);
      return '200';
    }
    if (path === '/__control/generation-ms' && req.method === 'POST') {
      try {
        const v = json();
        const ms = isRecord(v) ? v.ms : undefined;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('body must be {"ms": number >= 0}');
        setGenerationMs(ms);
        sendJson(res, 200, { ok: true, generationMs });
        return '200';
      } catch (e) {
        sendJson(res, 400, { ok: false, error: (e as Error).message });
        return '400';
      }
    }
    sendJson(res, 404, { ok: false, error: 'unknown control endpoint' });
    return '404';
  }

  function setGenerationMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('generationMs must be a number >= 0');
    generationMs = ms;
    for (const job of jobs.values()) if (job.timer) armTimer(job);
  }

  // ---------- routing ----------
  async function route(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS_HEADERS, 'Content-Length': '0' });
      res.end();
      return '204';
    }
    if (path === '/v1' || path === '/v1/') {
      if (req.method !== 'POST') {
        req.resume();
        sendErrors(res, 405, [{ code: 'methodNotAllowed', message: 'Use POST with a JSON array of tasks.' }], { Allow: 'POST, OPTIONS' });
        return '405';
      }
      return handleApi(req, res);
    }
    if (path.startsWith('/__control/')) return handleControl(req, res, path);
    req.resume();
    if (req.method === 'GET' || req.method === 'HEAD') {
      const r = /^\/results\/([0-9a-f-]{36})\.(mp4|mov|webm)$/i.exec(path);
      if (r) return handleResult(req, res, r[1].toLowerCase(), r[2].toLowerCase());
      const m = /^\/media\/([0-9a-f-]{36})\.mp4$/i.exec(path);
      if (m) {
        const record = media.get(m[1].toLowerCase());
        if (record) {
          await serveFile(req, res, record.file, 'mp4', false);
          return '200';
        }
      }
    }
    sendErrors(res, 404, [{ code: 'notFound', message: `Nothing at ${req.method ?? ''} ${path}.` }]);
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
    closed = true;
    closing = (async () => {
      for (const job of jobs.values()) {
        if (job.timer) clearTimeout(job.timer);
        job.timer = undefined;
      }
      renderQueue.length = 0;
      abort.abort();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await stopped;
      await Promise.allSettled([...renders]);
      // A killed child's process handle is released by libuv a loop turn after its 'close' event:
      // yield so that nothing is left active when close() resolves.
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
    })();
    return closing;
  }

  return { url: `${origin}/v1`, origin, faults, stats, setGenerationMs, close };
}
