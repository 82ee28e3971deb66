import { IncomingMessage, ServerResponse } from 'http';
import type { Fault } from './faults';
import { isRecord } from './validate';

/**
 * How the stand-in writes and reads HTTP, shared by every route: JSON and `errors` answers with CORS
 * headers and an exact Content-Length, body reading with a size limit, and the request-level
 * scripted faults (http / hang / malformed), which look the same on every route.
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

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
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

/** A JSON answer; `cors` false for routes no other web page may read (the control routes). */
export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, cors = true): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...(cors ? CORS_HEADERS : {}),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}

export function sendErrors(res: ServerResponse, status: number, errors: WireError[], extra: Record<string, string> = {}): void {
  sendJson(res, status, { errors }, extra);
}

function sendMalformed(res: ServerResponse): void {
  res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(MALFORMED_BODY)) });
  res.end(MALFORMED_BODY);
}

/** Reads the whole body; past `limit` bytes it keeps reading (so the answer can be sent) but drops them. */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
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
