import { RetakeError, cancelledError } from '../../domain/errors';
import type { CancelToken } from '../../app/cancel';
import type { Clock } from '../../app/ports';
import { RequestKind, networkError, parseRetryAfter, protocolError, requestTimeoutError, runwareError } from './errors';
import { ApiError, Envelope, envelopeSchema } from './schemas';

/**
 * One HTTP exchange with Runware, on an injected fetch (UXP's or Node's): POST a JSON array of
 * tasks, read the answer, and turn every failure into a RetakeError. No retries here.
 */
export interface HttpContext {
  fetch: typeof fetch;
  apiUrl: string;
  apiKey: string;
  clock: Clock;
  timeoutMs: Record<RequestKind, number>;
  redact: (text: string) => string;
}

interface Answer<B> {
  status: number;
  headers: { get(name: string): string | null };
  body: B;
}

/** A readable answer to a POST of tasks: its status, its Retry-After and the normalised envelope. */
export interface TasksAnswer {
  status: number;
  retryAfterSeconds?: number;
  envelope: Envelope;
}

/**
 * POSTs `tasks` and returns the answer with its `errors` left for the caller to read per task (a
 * poll reads an error naming its task as the job's fate). A non-2xx without readable errors is
 * thrown, mapped by its status; a 2xx we cannot read is 'protocol'. `timeoutMs` overrides the
 * kind's limit (an upload's is scaled to its size).
 */
export async function postTasksForAnswer(
  ctx: HttpContext,
  kind: RequestKind,
  tasks: readonly object[],
  cancel: CancelToken,
  taskUUID?: string,
  timeoutMs: number = ctx.timeoutMs[kind],
): Promise<TasksAnswer> {
  const answer = await exchange(ctx, kind, cancel, timeoutMs, async (fetchImpl, signal) => {
    const res = await fetchImpl(ctx.apiUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Authorization: `Bearer ${ctx.apiKey}`,
      },
      body: JSON.stringify(tasks),
      signal,
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  });

  const retryAfterSeconds = parseRetryAfter(answer.headers.get('retry-after'), ctx.clock.now());
  const json = parseJson(answer.body);
  const envelope = json === undefined ? undefined : envelopeSchema.safeParse(json);
  const ok = answer.status >= 200 && answer.status < 300;
  if (envelope?.success && envelope.data.errors.length > 0) return { status: answer.status, retryAfterSeconds, envelope: envelope.data };
  if (!ok) throw runwareError({ kind, httpStatus: answer.status, retryAfterSeconds, taskUUID });
  if (json === undefined) {
    throw protocolError(kind, answer.body.trim() === '' ? 'an empty body' : 'not JSON', answer.status);
  }
  if (!envelope?.success) {
    throw protocolError(kind, `unexpected shape: ${summarizeIssues(envelope?.error)}`, answer.status);
  }
  return { status: answer.status, retryAfterSeconds, envelope: envelope.data };
}

/** The RetakeError for `errors` of an answer (the first names the code; all their parameters count). */
export function answerError(ctx: HttpContext, kind: RequestKind, answer: TasksAnswer, errors: ApiError[], taskUUID?: string): RetakeError {
  const first = errors[0];
  const parameters = errors.flatMap((e) => (e.parameter === undefined ? [] : Array.isArray(e.parameter) ? e.parameter : [e.parameter]));
  return runwareError({
    kind,
    httpStatus: answer.status,
    code: ctx.redact(first.code),
    message: ctx.redact(first.message),
    parameters: parameters.map(ctx.redact),
    retryAfterSeconds: answer.retryAfterSeconds,
    taskUUID: first.taskUUID ?? taskUUID,
    refusedTask: true,
  });
}

/** POSTs `tasks` and returns the envelope of an answer without errors; any error is thrown. */
export async function postTasks(
  ctx: HttpContext,
  kind: RequestKind,
  tasks: readonly object[],
  cancel: CancelToken,
  taskUUID?: string,
  timeoutMs?: number,
): Promise<Envelope> {
  const answer = await postTasksForAnswer(ctx, kind, tasks, cancel, taskUUID, timeoutMs);
  if (answer.envelope.errors.length > 0) throw answerError(ctx, kind, answer, answer.envelope.errors, taskUUID);
  return answer.envelope;
}

export interface Downloaded {
  status: number;
  headers: { get(name: string): string | null };
  bytes: Uint8Array;
}

/**
 * GETs a result URL. Never sends the API key (results live on other hosts, e.g. vm.runware.ai,
 * and signed URLs need no auth). Status handling is left to the caller.
 */
/** The most a body may weigh, and the error for one that weighs more (a RetakeError, passed on as it is). */
export interface BodyLimit {
  maxBytes: number;
  tooLarge: () => RetakeError;
}

export async function getBytes(ctx: HttpContext, url: string, cancel: CancelToken, limit: BodyLimit): Promise<Downloaded> {
  const answer = await exchange(ctx, 'download', cancel, ctx.timeoutMs.download, async (fetchImpl, signal) => {
    const res = await fetchImpl(url, { method: 'GET', signal });
    // An error page is small; a 200 is the take. Either way, read it all under the same time limit.
    return { status: res.status, headers: res.headers, body: await readCapped(res, limit) };
  });
  return { status: answer.status, headers: answer.headers, bytes: answer.body };
}

/**
 * The body, refused once it passes the limit: by its Content-Length before anything is read, and
 * while it streams (where the host's fetch has a body stream) so memory never holds more.
 */
async function readCapped(res: Response, { maxBytes, tooLarge }: BodyLimit): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    void res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = res.body && typeof res.body.getReader === 'function' ? res.body.getReader() : null;
  if (!reader) {
    const whole = new Uint8Array(await res.arrayBuffer());
    if (whole.length > maxBytes) throw tooLarge();
    return whole;
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    length += next.value.length;
    if (length > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}

/**
 * Runs one request and the reading of its body under our time limit and the cancel token.
 * Uses AbortController where the host has one (Node, recent UXP) and races the promise anyway,
 * so a fetch that ignores the signal cannot hold us.
 */
function exchange<B>(
  ctx: HttpContext,
  kind: RequestKind,
  cancel: CancelToken,
  timeoutMs: number,
  work: (fetchImpl: typeof fetch, signal: AbortSignal | undefined) => Promise<Answer<B>>,
): Promise<Answer<B>> {
  if (cancel.cancelled) return Promise.reject(cancelledError());
  // Called as a plain function: browsers and UXP refuse fetch invoked as a method of another object.
  const fetchImpl = ctx.fetch;
  return new Promise<Answer<B>>((resolve, reject) => {
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let settled = false;
    let unsubscribe: () => void = () => undefined;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      fn();
    };
    const timer = setTimeout(() => {
      controller?.abort();
      settle(() => reject(requestTimeoutError(kind, timeoutMs)));
    }, timeoutMs);
    unsubscribe = cancel.onCancel(() => {
      controller?.abort();
      settle(() => reject(cancelledError()));
    });
    let started: Promise<Answer<B>>;
    try {
      started = work(fetchImpl, controller?.signal);
    } catch (e) {
      started = Promise.reject(e);
    }
    started.then(
      (answer) => settle(() => resolve(answer)),
      (e: unknown) => settle(() => reject(e instanceof RetakeError ? e : networkError(kind, e, ctx.redact))),
    );
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function summarizeIssues(error: { issues: Array<{ path: Array<string | number>; message: string }> } | undefined): string {
  if (!error) return 'not an object';
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
