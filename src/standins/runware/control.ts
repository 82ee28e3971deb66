import { IncomingMessage, ServerResponse } from 'http';
import type { StandInContext } from './context';
import { parseScriptedFault } from './faults';
import { refuseForeign } from './access';
import { isRecord } from './validate';
import { readBody, sendJson } from './wire';

/**
 * /__control/...: not part of Runware's API. Lets a process that only has the URL (a stand-in
 * started by main.ts, the bench, a crash test) arm faults, read stats and change the generation
 * time, as code in the same process does through the RunwareStandIn object.
 *
 * - POST /__control/faults: one ScriptedFault or an array; POST /__control/faults/clear clears
 *   them; GET /__control/faults lists them.
 * - GET /__control/stats (uploads, billed submits, polls, downloads, request counts...)
 * - POST /__control/generation-ms `{"ms": number >= 0}`
 *
 * Only this machine's processes may use them, as every route (access.ts): no CORS headers, the
 * Host must be the stand-in's own loopback address:port, a foreign Origin is refused, and this
 * before the body is read. Only POST changes anything.
 */
export async function handleControl(ctx: StandInContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
  const send = (status: number, answer: unknown, extra: Record<string, string> = {}): string => {
    sendJson(res, status, answer, extra);
    return String(status);
  };
  const refusal = refuseForeign(ctx, req);
  if (refusal) return send(403, { ok: false, error: refusal }, { Connection: 'close' });
  const release = await ctx.bodies.take(req);
  if (release === 'gone') return 'client left while waiting';
  if (release === 'full') return send(503, { ok: false, error: 'busy, try again shortly' }, { Connection: 'close', 'Retry-After': '1' });
  try {
    const { body, tooLarge } = await readBody(req, CONTROL_BODY_LIMIT);
    if (tooLarge) return send(413, { ok: false, error: `the body is over ${CONTROL_BODY_LIMIT} bytes` }, { Connection: 'close' });
    return answer(ctx, req, path, body, send);
  } finally {
    release();
  }
}

/** A fault script or a number: a megabyte is far more than either needs. */
const CONTROL_BODY_LIMIT = 1024 * 1024;

function answer(
  ctx: StandInContext, req: IncomingMessage, path: string, body: Buffer, send: (status: number, answer: unknown) => string,
): string {
  const json = (): unknown => JSON.parse(body.toString('utf8') || 'null');
  const route = `${req.method ?? ''} ${path}`;
  switch (route) {
    case 'POST /__control/faults':
      try {
        const v = json();
        const checked = (Array.isArray(v) ? v : [v]).map((x) => parseScriptedFault(x));
        checked.forEach((f) => ctx.faults.add(f));
        return send(200, { ok: true, pending: ctx.faults.pending() });
      } catch (e) {
        return send(400, { ok: false, error: (e as Error).message });
      }
    case 'POST /__control/faults/clear':
      ctx.faults.clear();
      return send(200, { ok: true, pending: [] });
    case 'GET /__control/faults':
      return send(200, { pending: ctx.faults.pending() });
    case 'GET /__control/stats':
      return send(200, { ...ctx.stats, requestCounts: { ...ctx.requestCounts } });
    case 'POST /__control/generation-ms':
      try {
        const v = json();
        const ms = isRecord(v) ? v.ms : undefined;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('body must be {"ms": number >= 0}');
        ctx.jobs.setGenerationMs(ms);
        return send(200, { ok: true, generationMs: ctx.jobs.generationMs });
      } catch (e) {
        return send(400, { ok: false, error: (e as Error).message });
      }
    default:
      return send(404, { ok: false, error: 'unknown control endpoint (reads are GET, changes are POST)' });
  }
}
