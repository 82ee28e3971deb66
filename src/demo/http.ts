/**
 * Small HTTP pieces the demo server's routes share: JSON answers, bodies read with a cap (never
 * held whole in memory when they are large), and the one size cap.
 */
import type { IncomingMessage, ServerResponse } from 'http';

/** The largest body the demo server accepts (a file written by the page, a relayed upload). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is over ${Math.round(limit / (1024 * 1024))} MB.`);
  }
}

/** Answers JSON. `Connection: close` when the request body was not read to its end. */
export function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

/** True when the declared Content-Length alone is over the limit (answered before reading anything). */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? NaN);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * The body as it arrives, chunk by chunk; throws BodyTooLarge once more than `limit` bytes came
 * (the caller answers 413; nothing past the limit is kept).
 */
export async function* cappedBody(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  if (declaredTooLarge(req, limit)) throw new BodyTooLarge(limit);
  let size = 0;
  // Not destroyed on a throw: the connection must stay up to carry the 413.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(limit);
    yield chunk;
  }
}

/** A small body, whole (JSON requests); BodyTooLarge past `limit`. */
export async function readSmallBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of cappedBody(req, limit)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * 413 for a body over the cap. The rest of the body is read and dropped (not kept) so the client
 * sees the answer instead of a reset connection; then the connection is closed.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number, body: (message: string) => unknown): void {
  const message = new BodyTooLarge(limit).message;
  if (!req.readableEnded) req.resume();
  send(res, 413, body(message), { Connection: 'close' });
}
