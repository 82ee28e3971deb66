import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import type { RemoteStatus } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { RunwareContext } from './context';
import { jobFailedError, protocolError, runwareError } from './errors';
import { postTasks, summarizeIssues } from './http';
import { getResponseTaskSchema, pollItemSchema, successItemSchema } from './schemas';

export type SuccessStatus = Extract<RemoteStatus, { state: 'success' }>;

/** What one getResponse said about our task. */
export type PollOutcome =
  | { kind: 'running'; progress?: number }
  | { kind: 'success'; status: SuccessStatus }
  | { kind: 'failed'; error: RetakeError }
  /** A 2xx with no item for our task: Runware said nothing either way (meaning unconfirmed). */
  | { kind: 'empty' };

/**
 * One getResponse for `id`, read into an outcome. Shared by status, follow and the submit's
 * lost-acknowledgement check, which each treat 'empty' and errors their own way.
 */
export async function pollOnce(rc: RunwareContext, id: string, cancel: CancelToken): Promise<PollOutcome> {
  const task = getResponseTaskSchema.parse({ taskType: 'getResponse', taskUUID: id });
  const envelope = await postTasks(rc, 'poll', [task], cancel, id);
  const items = envelope.data.filter((i) => i.taskUUID === undefined || i.taskUUID === id);
  if (items.length === 0) return { kind: 'empty' };
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

/** A single status read (InferencePort.status): no retries, an empty answer is a 404. */
export async function status(rc: RunwareContext, taskUUID: string): Promise<RemoteStatus> {
  const outcome = await pollOnce(rc, taskUUID, NEVER_CANCELLED);
  switch (outcome.kind) {
    case 'success':
      return outcome.status;
    case 'failed':
      throw outcome.error;
    case 'empty':
      throw emptyAnswerError(taskUUID);
    case 'running':
      return outcome.progress === undefined ? { state: 'processing' } : { state: 'processing', progress: outcome.progress };
  }
}

export function emptyAnswerError(id: string): RetakeError {
  return runwareError({ kind: 'poll', httpStatus: 404, code: 'emptyResponse', taskUUID: id });
}
