import { IncomingMessage, ServerResponse } from 'http';
import type { Fault } from './faults';
import { isRecord } from './validate';

/**
 * How the stand-in writes and reads HTTP, shared by every route: JSON and `errors` answers with an
 * exact Content-Length (and no CORS headers: no other web page may read an answer), refusals that
 * close the connection, body reading with a size limit, and the request-level scripted faults
 * (http / hang / malformed), which look the same on every route.
 */

/** One entry of a Runware `errors` array. */
export interface WireError {
  code: string;
  message: string;
  parameter?: string | string[];
  taskType?: string;
  taskUUID?: string;
  /** The provider's account of a failed job (what Runware's ComfyUI nodes read). */
  responseContent?: string;
}

/** How one task of a POST /v1 batch is answered: an item of `data`, or an error and its HTTP status. */
export type Outcome = { item: Record<string, unknown> } | { status: number; error: WireError };

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

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}

export function sendErrors(res: ServerResponse, status: number, errors: WireError[], extra: Record<string, string> = {}): void {
  sendJson(res, status, { errors }, extra);
}

/**
 * A refusal sent before (or instead of) reading the body: `Connection: close` makes Node close the
 * connection once the answer is out, so the rest of the body is dropped unread, never kept.
 */
export function refuseAndClose(res: ServerResponse, status: number, errors: WireError[], extra: Record<string, string> = {}): void {
  sendErrors(res, status, errors, { ...extra, Connection: 'close' });
}

function sendMalformed(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(MALFORMED_BODY)) });
  res.end(MALFORMED_BODY);
}

/**
 * Reads the whole body, or stops as soon as it is known to be over `limit` bytes (declared or
 * sent): then `tooLarge`, nothing kept, and the caller answers with refuseAndClose. Rejects when
 * the client goes away before the end.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ body: Buffer.alloc(0), tooLarge: true });
  return new Promise((resolve, reject) => {
    if (req.destroyed) {
      reject(new Error('the client went away before sending the body'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', reject);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.pause();
      resolve({ body: Buffer.alloc(0), tooLarge: true });
    };
    const onEnd = (): void => {
      stop();
      resolve({ body: Buffer.concat(chunks), tooLarge: false });
    };
    const onClose = (): void => {
      stop();
      reject(new Error('the client went away before the end of the body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', reject);
  });
}

/** The taskType and taskUUID an error about this task echoes, when the task has them. */
export function taskLabel(task: unknown): { taskType?: string; taskUUID?: string } {
  if (!isRecord(task)) return {};
  const out: { taskType?: string; taskUUID?: string } = {};
  if (typeof task.taskType === 'string') out.taskType = task.taskType;
  if (typeof task.taskUUID === 'string') out.taskUUID = task.taskUUID;
  return out;
}

/** Answers a request with an http/hang/malformed fault. Returns false for other kinds. */
export function answerWithFault(res: ServerResponse, fault: Fault, label: { taskType?: string; taskUUID?: string }): boolean {
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
