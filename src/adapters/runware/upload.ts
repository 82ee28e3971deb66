import { CancelToken } from '../../app/cancel';
import type { UploadedMedia } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { encodeBase64 } from './base64';
import { RunwareContext, describe, itemFor, seconds } from './context';
import { protocolError } from './errors';
import { answerError, postTasks, postTasksForAnswer, summarizeIssues } from './http';
import { RETRY_POLICY, isTransient, withRetries } from './retry';
import { getResponseTaskSchema, isRealMediaUUID, mediaUploadTaskSchema, uploadItemSchema } from './schemas';

/**
 * Uploads the exported clip as base64 (mediaStorage), retrying transient failures. Resolves only
 * with a real mediaUUID: a placeholder answer is waited out (waitForMedia).
 */
export async function upload(rc: RunwareContext, newUUID: () => string, bytes: Uint8Array, cancel: CancelToken): Promise<UploadedMedia> {
  if (bytes.length === 0) throw new RetakeError('invalidInput', 'The exported clip is empty: export it again.', { code: 'emptyUpload' });
  const { clock, log } = rc;
  const media = encodeBase64(bytes);
  const mb = (bytes.length / (1024 * 1024)).toFixed(1);
  const timeoutMs = rc.uploadTimeoutMs(media.length);
  const sent = await withRetries(
    async (attempt) => {
      // A fresh taskUUID per attempt: an upload is cheap to repeat, and a repeated UUID may be refused.
      const task = mediaUploadTaskSchema.parse({ taskType: 'mediaStorage', taskUUID: newUUID(), operation: 'upload', media });
      log(`upload: ${mb} MB, attempt ${attempt}/${RETRY_POLICY.transferAttempts}`);
      const envelope = await postTasks(rc, 'upload', [task], cancel, undefined, timeoutMs);
      const parsed = uploadItemSchema.safeParse(itemFor(envelope, task.taskUUID));
      if (!parsed.success) throw protocolError('upload', `no upload item: ${summarizeIssues(parsed.error)}`);
      return { taskUUID: task.taskUUID, mediaUUID: parsed.data.mediaUUID, mediaURL: parsed.data.mediaURL };
    },
    {
      attempts: RETRY_POLICY.transferAttempts,
      clock,
      cancel,
      shouldRetry: (e) => isTransient(e, true),
      onRetry: (e, next, delay) => log(`upload: ${describe(e)}; attempt ${next} in ${seconds(delay)}`),
    },
  );
  const mediaUUID = isRealMediaUUID(sent.mediaUUID) ? sent.mediaUUID : await waitForMedia(rc, sent.taskUUID, sent.mediaUUID, cancel);
  log(`upload: done, media ${mediaUUID}`);
  return sent.mediaURL === undefined ? { mediaUUID } : { mediaUUID, mediaURL: sent.mediaURL };
}

/**
 * The upload was answered with a placeholder mediaUUID ("1", or no UUID at all): Runware is still
 * processing it. As Runware's ComfyUI nodes do (modules/mediaUpload.py), getResponse is asked
 * about the upload's taskUUID until it names a real mediaUUID. Failed polls are read again.
 */
async function waitForMedia(rc: RunwareContext, uploadTaskUUID: string, placeholder: string | undefined, cancel: CancelToken): Promise<string> {
  const { intervalMs, polls } = RETRY_POLICY.uploadPlaceholder;
  rc.log(`upload: Runware answered mediaUUID ${JSON.stringify(placeholder ?? null)} (still processing); asking again`);
  const task = getResponseTaskSchema.parse({ taskType: 'getResponse', taskUUID: uploadTaskUUID });
  for (let n = 1; n <= polls; n++) {
    await rc.clock.sleep(intervalMs, cancel);
    try {
      const answer = await postTasksForAnswer(rc, 'poll', [task], cancel, uploadTaskUUID);
      const { errors } = answer.envelope;
      if (errors.length > 0) {
        const error = answerError(rc, 'poll', answer, errors, uploadTaskUUID);
        if (isTransient(error) || error.category === 'notFound') continue;
        throw error;
      }
      const item = uploadItemSchema.safeParse(itemFor(answer.envelope, uploadTaskUUID));
      if (item.success && isRealMediaUUID(item.data.mediaUUID)) return item.data.mediaUUID;
    } catch (e) {
      if (e instanceof RetakeError && isTransient(e, true)) continue;
      throw e;
    }
  }
  throw new RetakeError(
    'timeout',
    `Runware accepted the clip but did not finish processing it within ${seconds(polls * intervalMs)}; nothing was charged. Try again in a few minutes.`,
    { code: 'uploadPending' },
  );
}
