import type { Clock } from '../../app/ports';

/**
 * An in-process fake of `fetch` speaking Runware's protocol, for the client's tests and the polling
 * bench (it takes no time on a simulated clock). Not a stand-in server: src/standins/runware is the
 * real-HTTP one. Records every request; replies are scripted per request kind, with a small stateful
 * default (uploads stored, jobs that finish `jobDurationMs` after their submit).
 */

export type FakeKind = 'upload' | 'submit' | 'poll' | 'download' | 'other';

export interface FakeRequest {
  kind: FakeKind;
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The parsed JSON body of a POST (an array of tasks). */
  tasks: Array<Record<string, unknown>>;
  /** The raw body text of a POST. */
  bodyText: string;
  /** Clock time when the request was made. */
  at: number;
}

export type FakeReply =
  | { status?: number; json?: unknown; text?: string; bytes?: Uint8Array; headers?: Record<string, string>; cutBodyAt?: number }
  /** fetch rejects, as it does when the connection fails. */
  | { networkError: string }
  /** Handled by the default behaviour (so a script can let one request through). */
  | 'default'
  /** The request is processed by the default behaviour, but the answer is replaced (a lost ack). */
  | { processThen: FakeReply };

export interface FakeJob {
  taskUUID: string;
  submittedAt: number;
  finishAt: number;
  task: Record<string, unknown>;
  outcome: { status: 'success'; cost?: number } | { status: 'error'; code: string; message: string };
}

export interface FakeRunwareOptions {
  clock: Clock;
  /** How long a submitted job runs. */
  jobDurationMs?: number;
  /** Bytes served for every finished job's result. */
  resultBytes?: Uint8Array;
  /** Host of result URLs. */
  resultHost?: string;
}

export function createFakeRunware(options: FakeRunwareOptions) {
  const { clock } = options;
  const requests: FakeRequest[] = [];
  const scripts: Record<FakeKind, FakeReply[]> = { upload: [], submit: [], poll: [], download: [], other: [] };
  const jobs = new Map<string, FakeJob>();
  const media = new Map<string, number>();
  let jobDurationMs = options.jobDurationMs ?? 60_000;
  let nextOutcome: FakeJob['outcome'] = { status: 'success', cost: 0.605 };
  const resultBytes = options.resultBytes ?? new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]);
  const resultHost = options.resultHost ?? 'https://vm.runware.ai';
  let counter = 0;

  const resultUrl = (id: string) => `${resultHost}/video/${id}.mp4`;

  function defaultReply(req: FakeRequest): FakeReply {
    if (req.kind === 'download') {
      const found = [...jobs.values()].find((j) => resultUrl(j.taskUUID) === req.url);
      if (!found) return { status: 404, text: 'Not Found' };
      return { status: 200, bytes: resultBytes, headers: { 'content-type': 'video/mp4' } };
    }
    const task = req.tasks[0] ?? {};
    const id = String(task.taskUUID ?? '');
    switch (req.kind) {
      case 'upload': {
        const mediaUUID = `0000000${++counter}-0000-4000-8000-000000000000`.slice(-36);
        media.set(mediaUUID, String(task.media ?? '').length);
        return { json: { data: [{ taskType: 'mediaStorage', taskUUID: id, operation: 'upload', mediaUUID, mediaURL: `https://im.runware.ai/media/${mediaUUID}` }] } };
      }
      case 'submit':
        // A taskUUID Runware holds is refused so (runware-api.md), never accepted twice.
        if (jobs.has(id)) {
          return { status: 400, json: { data: [], errors: [{ code: 'conflictTaskUUID', message: 'taskUUID already exists.', parameter: 'taskUUID', taskType: 'videoInference', taskUUID: id }] } };
        }
        jobs.set(id, { taskUUID: id, submittedAt: req.at, finishAt: req.at + jobDurationMs, task, outcome: nextOutcome });
        return { json: { data: [{ taskType: 'videoInference', taskUUID: id }] } };
      case 'poll': {
        const job = jobs.get(id);
        if (!job) {
          // The notFound code of the official SDK's catalogue (src/errors.ts); the status is unconfirmed.
          return { status: 400, json: { errors: [{ code: 'taskFailedOrNotFound', message: `Task ${id} not found.`, taskType: 'getResponse', taskUUID: id }] } };
        }
        if (req.at < job.finishAt) {
          const progress = Math.floor((100 * (req.at - job.submittedAt)) / (job.finishAt - job.submittedAt));
          return { json: { data: [{ taskType: 'videoInference', taskUUID: id, status: 'processing', progress }] } };
        }
        if (job.outcome.status === 'error') {
          return { json: { data: [{ taskType: 'videoInference', taskUUID: id, status: 'error', error: { code: job.outcome.code, message: job.outcome.message } }] } };
        }
        return {
          json: {
            data: [
              { taskType: 'videoInference', taskUUID: id, status: 'success', videoUUID: `v-${id}`, videoURL: resultUrl(id), cost: job.outcome.cost },
            ],
          },
        };
      }
      default:
        return { status: 400, json: { errors: [{ code: 'unsupportedTaskType', message: 'unknown task' }] } };
    }
  }

  const fetchImpl = async (input: unknown, init?: { method?: string; headers?: unknown; body?: unknown; signal?: unknown }): Promise<Response> => {
    const url = String(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = normaliseHeaders(init?.headers);
    const bodyText = typeof init?.body === 'string' ? init.body : '';
    let tasks: Array<Record<string, unknown>> = [];
    if (bodyText) {
      try {
        const parsed = JSON.parse(bodyText) as unknown;
        tasks = Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [];
      } catch {
        tasks = [];
      }
    }
    const req: FakeRequest = { kind: kindOf(method, tasks), url, method, headers, tasks, bodyText, at: clock.now() };
    requests.push(req);
    await Promise.resolve();
    let reply = scripts[req.kind].shift() ?? 'default';
    if (reply === 'default') reply = defaultReply(req);
    if (typeof reply === 'object' && 'processThen' in reply) {
      defaultReply(req);
      reply = reply.processThen === 'default' ? defaultReply(req) : reply.processThen;
    }
    return toResponse(reply as Exclude<FakeReply, 'default' | { processThen: FakeReply }>);
  };

  return {
    fetch: fetchImpl as unknown as typeof fetch,
    requests,
    jobs,
    media,
    resultUrl,
    /** Scripts the next answers to requests of `kind`, in order. */
    script(kind: FakeKind, ...replies: FakeReply[]): void {
      scripts[kind].push(...replies);
    },
    pendingScripts(kind: FakeKind): number {
      return scripts[kind].length;
    },
    setJobDuration(ms: number): void {
      jobDurationMs = ms;
    },
    /** The outcome of jobs submitted from now on. */
    setOutcome(outcome: FakeJob['outcome']): void {
      nextOutcome = outcome;
    },
    of(kind: FakeKind): FakeRequest[] {
      return requests.filter((r) => r.kind === kind);
    },
  };
}

export type FakeRunware = ReturnType<typeof createFakeRunware>;

function kindOf(method: string, tasks: Array<Record<string, unknown>>): FakeKind {
  if (method === 'GET') return 'download';
  switch (tasks[0]?.taskType) {
    case 'mediaStorage':
      return 'upload';
    case 'videoInference':
      return 'submit';
    case 'getResponse':
      return 'poll';
    default:
      return 'other';
  }
}

function normaliseHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (typeof (h as Headers).forEach === 'function' && !(h instanceof Array)) {
    (h as Headers).forEach((v, k) => {
      out[k.toLowerCase()] = v;
    });
    return out;
  }
  for (const [k, v] of Object.entries(h as Record<string, string>)) out[k.toLowerCase()] = String(v);
  return out;
}

function toResponse(reply: Exclude<FakeReply, 'default' | { processThen: FakeReply }>): Response {
  if ('networkError' in reply) {
    throw new TypeError(reply.networkError);
  }
  const status = reply.status ?? 200;
  const headers = new Headers(reply.headers ?? {});
  let bytes: Uint8Array;
  if (reply.bytes) bytes = reply.bytes;
  else if (reply.json !== undefined) {
    bytes = new TextEncoder().encode(JSON.stringify(reply.json));
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else bytes = new TextEncoder().encode(reply.text ?? '');
  if (!headers.has('content-length')) headers.set('content-length', String(bytes.length));
  const cut = reply.cutBodyAt;
  const body = cut === undefined ? bytes : bytes.subarray(0, cut);
  const res = {
    status,
    ok: status >= 200 && status < 300,
    headers,
    text: async () => new TextDecoder().decode(body),
    arrayBuffer: async () => body.slice().buffer,
  };
  return res as unknown as Response;
}
