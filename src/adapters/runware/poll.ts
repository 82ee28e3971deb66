import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import type { RemoteStatus } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { RunwareContext } from './context';
import { categorize, jobFailedError, protocolError, runwareError } from './errors';
import { answerError, postTasksForAnswer, summarizeIssues } from './http';
import { isTransient } from './retry';
import { ApiError, getResponseTaskSchema, pollItemSchema, successItemSchema } from './schemas';

export type SuccessStatus = Extract<RemoteStatus, { state: 'success' }>;

/** What one getResponse said about our task. */
export type PollOutcome =
  | { kind: 'running'; progress?: number }
  | { kind: 'success'; status: SuccessStatus }
  | { kind: 'failed'; error: RetakeError }
  /**
   * Runware does not (or not yet) know the task: a notFound-family error naming it, or a 2xx with
   * no item for it. Believed only when confirmed over time (NotFoundConfirmation).
   */
  | { kind: 'notFound'; error: RetakeError };

/**
 * One getResponse for `id`, read into an outcome. Shared by status, follow, the upload's
 * placeholder wait and the submit's check of a lost acknowledgement.
 */
export async function pollOnce(rc: RunwareContext, id: string, cancel: CancelToken): Promise<PollOutcome> {
  const task = getResponseTaskSchema.parse({ taskType: 'getResponse', taskUUID: id });
  const answer = await postTasksForAnswer(rc, 'poll', [task], cancel, id);
  const { errors } = answer.envelope;
  if (errors.length > 0) {
    const ours = errors.filter((e) => e.taskUUID === id);
    if (ours.length > 0) return taskErrorOutcome(rc, id, answer.status, ours[0], () => answerError(rc, 'poll', answer, ours, id));
    // Naming no task: about the request (key, balance...), except "not found" of the one task asked about.
    const error = answerError(rc, 'poll', answer, errors, id);
    if (error.category === 'notFound') return { kind: 'notFound', error };
    throw error;
  }
  const items = answer.envelope.data.filter((i) => i.taskUUID === undefined || i.taskUUID === id);
  if (items.length === 0) return { kind: 'notFound', error: emptyAnswerError(id) };
  const parsed = items.map((i) => pollItemSchema.safeParse(i));
  const bad = parsed.find((p) => !p.success);
  if (bad && !bad.success) throw protocolError('poll', summarizeIssues(bad.error));
  const polled = parsed.flatMap((p) => (p.success ? [p.data] : []));

  const failed = polled.find((p) => p.status === 'error');
  if (failed) return { kind: 'failed', error: jobFailedError(id, failed.error?.code ?? undefined, failed.error?.message ?? undefined) };

  const done = polled.find((p) => p.status === 'success');
  if (done) {
    const ok = successItemSchema.safeParse(done);
    if (!ok.success) throw protocolError('poll', `a finished job without a usable result: ${summarizeIssues(ok.error)}`);
    const status: SuccessStatus = { state: 'success', videoURL: ok.data.videoURL };
    if (ok.data.videoUUID !== undefined) status.videoUUID = ok.data.videoUUID;
    if (ok.data.cost !== undefined) status.costUsd = ok.data.cost;
    rc.jobByResultUrl.set(status.videoURL, id);
    return { kind: 'success', status };
  }
  const progresses = polled.map((p) => p.progress).filter((p): p is number => typeof p === 'number' && Number.isFinite(p));
  return progresses.length > 0
    ? { kind: 'running', progress: Math.min(100, Math.max(0, Math.max(...progresses))) }
    : { kind: 'running' };
}

/**
 * An errors[] entry naming our task. A transient code (5xx, rateLimit, timeout) says nothing about
 * the job: thrown, so the caller polls on. The notFound family is "not found". Account problems
 * (key, balance) are about the request. Anything else is the job failing, with Runware's words
 * and, when present, the provider's `responseContent` (Runware's ComfyUI nodes read it so).
 */
function taskErrorOutcome(rc: RunwareContext, id: string, status: number, e: ApiError, asRequestError: () => RetakeError): PollOutcome {
  const code = rc.redact(e.code);
  const category = categorize(code, status, 'poll');
  const error = asRequestError();
  if (isTransient(error) || category === 'auth' || category === 'quota') throw error;
  if (category === 'notFound') return { kind: 'notFound', error };
  const message = [e.message, responseContentText(e.responseContent)].filter(Boolean).join(' / ');
  return { kind: 'failed', error: jobFailedError(id, code, rc.redact(message)) };
}

function responseContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content && typeof content === 'object') {
    const message = (content as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(content);
    } catch {
      return '';
    }
  }
  return '';
}

/** A single status read (InferencePort.status): no retries, "not found" is thrown as such. */
export async function status(rc: RunwareContext, taskUUID: string): Promise<RemoteStatus> {
  const outcome = await pollOnce(rc, taskUUID, NEVER_CANCELLED);
  switch (outcome.kind) {
    case 'success':
      return outcome.status;
    case 'failed':
    case 'notFound':
      throw outcome.error;
    case 'running':
      return outcome.progress === undefined ? { state: 'processing' } : { state: 'processing', progress: outcome.progress };
  }
}

export function emptyAnswerError(id: string): RetakeError {
  return runwareError({ kind: 'poll', httpStatus: 404, code: 'emptyResponse', taskUUID: id });
}
