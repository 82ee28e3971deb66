/**
 * The same-origin relay between the page's Runware client and Runware (the local stand-in or the
 * real API, with its key added here: the key never reaches the page, and the page's own
 * Authorization is never passed on). Everything sent back is redacted; nothing from an error
 * object is passed through as it is.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { FaultScript } from '../standins/runware/faults';
import { BodyTooLarge, cappedBody, MAX_BODY_BYTES, refuseTooLarge, send } from './http';

/** Where the relay sends: the stand-in started with the demo (its URL and key) or the real API. */
export type RunwareTarget = { kind: 'standin'; url: string; apiKey: string; faults?: FaultScript } | { kind: 'real'; apiKey: string; apiUrl: string };

export type Redact = (text: string) => string;

/** Removes the key wherever it appears, and any bearer credential, from text bound for the page. */
export function createRedactor(secrets: string[]): Redact {
  const kept = secrets.filter((s) => s.length > 0);
  return (text) => {
    let out = text;
    for (const s of kept) out = out.split(s).join('[redacted]');
    return out.replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]').replace(/(authorization["']?\s*[:=]\s*["']?)[^"',;\r\n]+/gi, '$1[redacted]');
  };
}

const runwareErrors = (code: string, message: string) => ({ errors: [{ code, message }] });

export function createRelay(target: RunwareTarget, redact: Redact, log: (line: string) => void) {
  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    // A JSON content type forces a CORS preflight from other sites, which this server never grants.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return send(res, 415, runwareErrors('unsupportedMediaType', 'The relay takes JSON only.'));
    }
    const upstream = target.kind === 'real' ? target.apiUrl : target.url;
    let tooLarge = false;
    async function* body() {
      try {
        yield* cappedBody(req, MAX_BODY_BYTES);
      } catch (e) {
        tooLarge = e instanceof BodyTooLarge;
        throw e;
      }
    }
    const abort = abortWhenClosed(res);
    try {
      const r = await fetch(upstream, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${target.apiKey}` },
        body: body() as unknown as ReadableStream<Uint8Array>,
        signal: abort.signal,
        duplex: 'half',
      } as RequestInit);
      const text = redact(await r.text());
      log(`POST ${path} -> ${r.status}`);
      const headers: Record<string, string> = { 'Content-Type': r.headers.get('content-type') ?? 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' };
      copyRetryAfter(r, headers);
      res.writeHead(r.status, headers);
      res.end(text);
    } catch (e) {
      if (tooLarge) return refuseTooLarge(req, res, MAX_BODY_BYTES, (message) => runwareErrors('requestTooLarge', message));
      if (abort.signal.aborted) return;
      log(`POST ${path} -> relay error`);
      relayFailure(res, e);
    }
  }

  /**
   * Downloads a result for the page (results are signed URLs: no key is sent), streamed. Redirects
   * are followed here, hop by hop, each checked as the first URL was (at most MAX_RESULT_REDIRECTS).
   */
  async function result(wanted: string, res: ServerResponse, path: string): Promise<void> {
    if (!allowedResultUrl(target, wanted)) return send(res, 403, { error: 'The demo only fetches Runware results.' });
    const abort = abortWhenClosed(res);
    try {
      const r = await fetchResult(target, wanted, abort.signal);
      if (typeof r === 'string') {
        log(`GET ${path} -> redirect refused`);
        return send(res, 502, { error: r });
      }
      log(`GET ${path} -> ${r.status}`);
      const headers: Record<string, string> = { 'Content-Type': r.headers.get('content-type') ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      const length = r.headers.get('content-length');
      if (length && /^\d+$/.test(length)) headers['Content-Length'] = length;
      copyRetryAfter(r, headers);
      res.writeHead(r.status, headers);
      if (!r.body) return void res.end();
      await pipeline(Readable.fromWeb(r.body as Parameters<typeof Readable.fromWeb>[0]), res);
    } catch (e) {
      if (abort.signal.aborted && res.headersSent) return;
      log(`GET ${path} -> relay error`);
      relayFailure(res, e);
    }
  }

  return { api, result };
}

/** Redirects a result download may follow (a signed URL handed on to storage, say) before it is refused. */
export const MAX_RESULT_REDIRECTS = 3;

/**
 * The result's answer, or a sentence when a redirect leads where the first URL could not have
 * (another host, plain http, an address such as 127.0.0.1 or 10.0.0.1: none is *.runware.ai, and
 * only the stand-in's own origin is allowed on loopback) or there are too many. The sentence names
 * the host, never the signed URL.
 */
async function fetchResult(target: RunwareTarget, first: string, signal: AbortSignal): Promise<Response | string> {
  let url = first;
  for (let redirects = 0; ; redirects++) {
    const r = await fetch(url, { signal, redirect: 'manual' });
    const location = r.status >= 300 && r.status < 400 ? r.headers.get('location') : null;
    if (location === null) return r;
    await r.body?.cancel();
    if (redirects === MAX_RESULT_REDIRECTS) return `Runware's result redirected more than ${MAX_RESULT_REDIRECTS} times; the demo stopped following it.`;
    const next = redirectTarget(url, location);
    if (!next || !allowedResultUrl(target, next.href)) {
      return `Runware's result redirected to ${next ? `${next.protocol}//${next.host}` : 'an unreadable address'}, which the demo does not fetch results from.`;
    }
    url = next.href;
  }
}

function redirectTarget(from: string, location: string): URL | null {
  try {
    return new URL(location, from);
  } catch {
    return null;
  }
}

/** Where a result may be fetched from, the first URL and every redirect alike. */
function allowedResultUrl(target: RunwareTarget, text: string): boolean {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  if (target.kind === 'standin') return u.origin === new URL(target.url).origin;
  return u.protocol === 'https:' && (u.hostname === 'runware.ai' || u.hostname.endsWith('.runware.ai'));
}

function copyRetryAfter(r: Response, headers: Record<string, string>): void {
  const retryAfter = r.headers.get('retry-after');
  if (retryAfter && /^[\w ,:+-]{1,64}$/.test(retryAfter)) headers['Retry-After'] = retryAfter;
}

function abortWhenClosed(res: ServerResponse): AbortController {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort;
}

/**
 * Runware unreachable from the demo server: a 502 the client treats as a network problem. The
 * sentence is fixed; only a system error code (ECONNREFUSED, ENOTFOUND...) is added to it.
 */
function relayFailure(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  const code = typeof cause === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(cause) ? ` (${cause})` : '';
  send(res, 502, runwareErrors('relayFailed', `The demo server could not reach Runware${code}.`));
}
