import { IncomingMessage, ServerResponse } from 'http';
import { StandInContext, countRequest, takeFault } from './context';
import { REQUEST_FAULT_KINDS, RequestTarget } from './faults';
import { PLACEHOLDER_MEDIA_UUID } from './media';
import { TASK_NOT_FOUND_CODE } from './tasks';
import { isRecord } from './validate';
import { answerWithFault, Outcome, readBody, refuseAndClose, sendErrors, sendJson, taskLabel, WireError } from './wire';

/**
 * POST /v1 as a whole request: the API key (checked before a byte of the body is read), a slot
 * for the body (slots.ts), the body (size, JSON, a non-empty array), the request-level scripted
 * faults, and one HTTP answer built from the outcomes of its tasks (each task is answered by
 * tasks.ts). The status rules for a mixed batch are described in server.ts.
 */

/** Ours (Runware documents no request size): far above a 32 MB upload sent as base64. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Ours: how long a client told "busy" (503) should wait before trying again. */
const BUSY_RETRY_AFTER_SECONDS = 1;

function bearerKey(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  const key = m?.[1].trim();
  return key ? key : undefined;
}

/** Returns the POST /v1 handler, which accepts only `apiKeys`; it resolves to the outcome for the log line. */
export function createApiHandler(
  ctx: StandInContext,
  apiKeys: ReadonlySet<string>,
  answerTask: (task: unknown) => Promise<Outcome>,
): (req: IncomingMessage, res: ServerResponse) => Promise<string> {
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const { body, tooLarge } = await readBody(req, MAX_BODY_BYTES);
    if (tooLarge) {
      ctx.stats.rejected += 1;
      refuseAndClose(res, 413, [{ code: 'requestTooLarge', message: `The request body is over ${MAX_BODY_BYTES} bytes.` }]);
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
    if (target) countRequest(ctx, target);

    const fault = target ? takeFault(ctx, target, prompts, REQUEST_FAULT_KINDS) : undefined;
    if (fault && answerWithFault(res, fault, taskLabel(tasks[0]))) return `[${summary}] fault ${fault.kind}`;
    if (fault?.kind === 'mediaExpired' || fault?.kind === 'taskNotFound') {
      ctx.stats.rejected += 1;
      sendJson(res, 400, { data: [], errors: tasks.map((t) => refusalByFault(ctx, fault.kind, t)) });
      return `[${summary}] fault ${fault.kind}`;
    }

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
      res.writeHead(502, { 'Content-Length': '0' });
      res.end();
      return `[${summary}] fault dropAck (processed, answered 502)`;
    }
    if (fault?.kind === 'hungAck') return `[${summary}] fault hungAck (processed, never answered)`;
    if (fault?.kind === 'placeholderUpload') {
      for (const item of data) {
        if (typeof item.taskUUID !== 'string' || typeof item.mediaUUID !== 'string') continue;
        ctx.media.recordUploadTask(item.taskUUID, item.mediaUUID, fault.polls ?? 1);
        item.mediaUUID = PLACEHOLDER_MEDIA_UUID;
        delete item.mediaURL;
      }
    }
    // `data` is always there, empty when every task failed: Runware answers a repeated taskUUID
    // `{"data": [], "errors": [...]}` (runware-api.md).
    const out: { data: unknown; errors?: WireError[] } = { data: fault?.kind === 'dataAsObject' ? data[0] ?? {} : data };
    if (errors.length > 0) out.errors = errors;
    sendJson(res, status, out);
    return `[${summary}] ${status}${fault ? ` fault ${fault.kind}` : ''}`;
  }

  return async function handleApi(req, res) {
    const key = bearerKey(req);
    if (!key || !apiKeys.has(key)) {
      ctx.stats.rejected += 1;
      refuseAndClose(res, 401, [{
        code: 'invalidApiKey',
        message: key ? 'Invalid API key.' : 'Missing API key: send "Authorization: Bearer <API key>".',
        parameter: 'apiKey',
      }]);
      return '401';
    }
    const release = await ctx.bodies.take(req);
    if (release === 'gone') return 'client left while waiting';
    if (release === 'full') {
      ctx.stats.rejected += 1;
      refuseAndClose(res, 503, [{ code: 'serviceUnavailable', message: 'The stand-in is busy; try again shortly.' }], {
        'Retry-After': String(BUSY_RETRY_AFTER_SECONDS),
      });
      return '503 busy';
    }
    try {
      return await answer(req, res);
    } finally {
      release();
    }
  };
}

/** The error a mediaExpired or taskNotFound fault answers for one task (and what it does first). */
function refusalByFault(ctx: StandInContext, kind: 'mediaExpired' | 'taskNotFound', task: unknown): WireError {
  const label = taskLabel(task);
  if (kind === 'taskNotFound') {
    return { code: TASK_NOT_FOUND_CODE, message: 'No task with this taskUUID was found.', parameter: 'taskUUID', ...label };
  }
  const inputs = isRecord(task) && isRecord(task.inputs) ? task.inputs : {};
  if (typeof inputs.video === 'string') ctx.media.forget(inputs.video.trim());
  return { code: 'mediaExpired', message: 'The media referenced by inputs.video has expired.', parameter: 'inputs.video', ...label };
}
