import { IncomingMessage, ServerResponse } from 'http';
import { StandInContext, takeFault } from './context';
import { REQUEST_FAULT_KINDS, RequestTarget } from './faults';
import { isRecord } from './validate';
import { answerWithFault, CORS_HEADERS, Outcome, readBody, sendErrors, sendJson, taskLabel, WireError } from './wire';

/**
 * POST /v1 as a whole request: the API key, the body (size, JSON, a non-empty array), the
 * request-level scripted faults, and one HTTP answer built from the outcomes of its tasks (each
 * task is answered by tasks.ts). The status rules for a mixed batch are described in server.ts.
 */

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function bearerKey(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  const key = m?.[1].trim();
  return key ? key : undefined;
}

/**
 * Returns the POST /v1 handler; it resolves to the outcome for the log line. `apiKeys` undefined:
 * any non-empty key is accepted.
 */
export function createApiHandler(
  ctx: StandInContext,
  apiKeys: ReadonlySet<string> | undefined,
  answerTask: (task: unknown) => Promise<Outcome>,
): (req: IncomingMessage, res: ServerResponse) => Promise<string> {
  return async function handleApi(req, res) {
    const { body, tooLarge } = await readBody(req, MAX_BODY_BYTES);
    const key = bearerKey(req);
    if (!key || (apiKeys && !apiKeys.has(key))) {
      ctx.stats.rejected += 1;
      sendErrors(res, 401, [{
        code: 'invalidApiKey',
        message: key ? 'Invalid API key.' : 'Missing API key: send "Authorization: Bearer <API key>".',
        parameter: 'apiKey',
      }]);
      return '401';
    }
    if (tooLarge) {
      ctx.stats.rejected += 1;
      sendErrors(res, 413, [{ code: 'requestTooLarge', message: `The request body is over ${MAX_BODY_BYTES} bytes.` }]);
      return '413';
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      ctx.stats.rejected += 1;
      sendErrors(res, 400, [{ code: 'invalidRequestBody', message: 'The body is not valid JSON.' }]);
      return '400 bad JSON';
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
      ctx.stats.rejected += 1;
      sendErrors(res, 400, [{ code: 'invalidRequestBody', message: 'The body must be a non-empty JSON array of task objects.' }]);
      return '400 not an array';
    }
    const tasks: unknown[] = parsed;
    const types = tasks.map((t) => (isRecord(t) && typeof t.taskType === 'string' ? t.taskType : '?'));
    const summary = types.join(',');

    // Which faults can fire depends on what the request does; a submit's or poll's prompts can select one.
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
        const job = isRecord(t) && typeof t.taskUUID === 'string' ? ctx.jobs.get(t.taskUUID) : undefined;
        return job ? [job.request.positivePrompt] : [];
      });
    }
    ctx.stats.polls += types.filter((t) => t === 'getResponse').length;

    const fault = target ? takeFault(ctx, target, prompts, REQUEST_FAULT_KINDS) : undefined;
    if (fault && answerWithFault(res, fault, taskLabel(tasks[0]))) return `[${summary}] fault ${fault.kind}`;

    const outcomes: Outcome[] = [];
    for (const t of tasks) outcomes.push(await answerTask(t));
    const data: Record<string, unknown>[] = [];
    const errors: WireError[] = [];
    let status = 200;
    for (const oc of outcomes) {
      if ('item' in oc) {
        data.push(oc.item);
      } else {
        if (errors.length === 0) status = oc.status;
        errors.push(oc.error);
        ctx.stats.rejected += 1;
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
  };
}
