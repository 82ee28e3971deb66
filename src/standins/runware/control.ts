import { IncomingMessage, ServerResponse } from 'http';
import type { StandInContext } from './context';
import { parseScriptedFault } from './faults';
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
 * Only this machine's processes may use them: no CORS headers at all (another web page cannot
 * read an answer), the Host must be the stand-in's own loopback address:port (no DNS rebinding),
 * an Origin header must be the stand-in's own (a browser always sends one cross-origin, also on
 * "simple" POSTs that skip the preflight), and only POST changes anything.
 */
export async function handleControl(ctx: StandInContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
  const { body } = await readBody(req, 1024 * 1024);
  const send = (status: number, answer: unknown): string => {
    sendJson(res, status, answer, {}, false);
    return String(status);
  };
  const refusal = refuseForeign(ctx, req);
  if (refusal) return send(403, { ok: false, error: refusal });
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

/** Why a control request does not come from a process on this machine talking to us directly. */
function refuseForeign(ctx: StandInContext, req: IncomingMessage): string | null {
  const own = new URL(ctx.origin());
  if (req.headers.host !== own.host) return 'the Host header is not this stand-in\'s own address';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== ctx.origin()) return 'cross-origin requests are refused';
  return null;
}
