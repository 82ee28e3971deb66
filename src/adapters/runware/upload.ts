import { CancelToken } from '../../app/cancel';
import type { UploadedMedia } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { encodeBase64 } from './base64';
import { RunwareContext, describe, itemFor, seconds } from './context';
import { protocolError } from './errors';
import { postTasks, summarizeIssues } from './http';
import { RETRY_POLICY, isTransient, withRetries } from './retry';
import { mediaUploadTaskSchema, uploadItemSchema } from './schemas';

/** Uploads the exported clip as base64 (mediaStorage), retrying transient failures. */
export async function upload(rc: RunwareContext, newUUID: () => string, bytes: Uint8Array, cancel: CancelToken): Promise<UploadedMedia> {
  if (bytes.length === 0) throw new RetakeError('invalidInput', 'The exported clip is empty: export it again.', { code: 'emptyUpload' });
  const { clock, log } = rc;
  const media = encodeBase64(bytes);
  const mb = (bytes.length / (1024 * 1024)).toFixed(1);
  return withRetries(
    async (attempt) => {
      // A fresh taskUUID per attempt: an upload is cheap to repeat, and a repeated UUID may be refused.
      const task = mediaUploadTaskSchema.parse({ taskType: 'mediaStorage', taskUUID: newUUID(), operation: 'upload', media });
      log(`upload: ${mb} MB, attempt ${attempt}/${RETRY_POLICY.transferAttempts}`);
      const envelope = await postTasks(rc, 'upload', [task], cancel);
      const item = itemFor(envelope, task.taskUUID);
      const parsed = uploadItemSchema.safeParse(item);
      if (!parsed.success) throw protocolError('upload', `no mediaUUID: ${summarizeIssues(parsed.error)}`);
      log(`upload: done, media ${parsed.data.mediaUUID}`);
      return parsed.data.mediaURL === undefined
        ? { mediaUUID: parsed.data.mediaUUID }
        : { mediaUUID: parsed.data.mediaUUID, mediaURL: parsed.data.mediaURL };
    },
    {
      attempts: RETRY_POLICY.transferAttempts,
      clock,
      cancel,
      shouldRetry: (e) => isTransient(e, true),
      onRetry: (e, next, delay) => log(`upload: ${describe(e)}; attempt ${next} in ${seconds(delay)}`),
    },
  );
}
