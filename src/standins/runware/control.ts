import { IncomingMessage, ServerResponse } from 'http';
import type { StandInContext } from './context';
import { parseScriptedFault } from './faults';
import { isRecord } from './validate';
import { readBody, sendJson } from './wire';

/**
 * /__control/...: not part of Runware's API. Lets a process that only has the URL (a stand-in
 * started by main.ts, the bench) arm faults, read stats and change the generation time, as code in
 * the same process does through the RunwareStandIn object.
 *
 * - POST /__control/faults: one ScriptedFault or an array; DELETE clears them; GET lists them.
 * - GET /__control/stats
 * - POST /__control/generation-ms `{"ms": number >= 0}`
 */
export async function handleControl(ctx: StandInContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
  const { body } = await readBody(req, 1024 * 1024);
  const json = (): unknown => JSON.parse(body.toString('utf8') || 'null');
  if (path === '/__control/faults' && req.method === 'POST') {
    try {
      const v = json();
      const list = Array.isArray(v) ? v : [v];
      const checked = list.map((x) => parseScriptedFault(x));
      checked.forEach((f) => ctx.faults.add(f));
      sendJson(res, 200, { ok: true, pending: ctx.faults.pending() });
      return '200';
    } catch (e) {
      sendJson(res, 400, { ok: false, error: (e as Error).message });
      return '400';
    }
  }
  if (path === '/__control/faults' && req.method === 'DELETE') {
    ctx.faults.clear();
    sendJson(res, 200, { ok: true, pending: [] });
    return '200';
  }
  if (path === '/__control/faults' && req.method === 'GET') {
    sendJson(res, 200, { pending: ctx.faults.pending() });
    return '200';
  }
  if (path === '/__control/stats' && req.method === 'GET') {
    sendJson(res, 200, ctx.stats);
    return '200';
  }
  if (path === '/__control/generation-ms' && req.method === 'POST') {
    try {
      const v = json();
      const ms = isRecord(v) ? v.ms : undefined;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('body must be {"ms": number >= 0}');
      ctx.jobs.setGenerationMs(ms);
      sendJson(res, 200, { ok: true, generationMs: ctx.jobs.generationMs });
      return '200';
    } catch (e) {
      sendJson(res, 400, { ok: false, error: (e as Error).message });
      return '400';
    }
  }
  sendJson(res, 404, { ok: false, error: 'unknown control endpoint' });
  return '404';
}
