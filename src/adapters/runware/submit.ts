import { CancelToken } from '../../app/cancel';
import type { RetakeRequest } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { MODEL_ID } from '../../domain/limits';
import { RunwareContext, describe, itemFor } from './context';
import { protocolError } from './errors';
import { postTasks, summarizeIssues } from './http';
import { pollOnce } from './poll';
import { RETRY_POLICY, isTransient } from './retry';
import { ackItemSchema, videoInferenceTaskSchema } from './schemas';

/**
 * How a resend of a submit whose first send did arrive is refused, if Runware refuses a repeated
 * taskUUID at all (unconfirmed): such a refusal proves the task is held, so the submit succeeded.
 */
export const DUPLICATE_TASK_CODE = /duplicate|alreadyexists/i;

function buildSubmitTask(request: RetakeRequest) {
  const parsed = videoInferenceTaskSchema.safeParse({
    taskType: 'videoInference',
    taskUUID: request.taskUUID,
    model: MODEL_ID,
    deliveryMethod: 'async',
    includeCost: true,
    outputFormat: 'MP4',
    positivePrompt: request.prompt,
    providerSettings: { lightricks: { startTime: request.startTime, duration: request.duration, mode: request.mode } },
    inputs: { video: request.video },
  });
  if (!parsed.success) {
    throw new RetakeError('invalidInput', `The retake request is not valid (${summarizeIssues(parsed.error)}). Nothing was sent.`, {
      code: 'badRequest',
    });
  }
  return parsed.data;
}

/**
 * Submits the (billed) job. A submit whose acknowledgement may have been lost is never blindly
 * resent: Runware is asked first whether it holds the taskUUID, and only a confirmed "not found"
 * allows another send, with the same taskUUID.
 */
export async function submit(rc: RunwareContext, request: RetakeRequest, cancel: CancelToken): Promise<void> {
  const { log } = rc;
  const task = buildSubmitTask(request);
  const id = task.taskUUID;
  for (let send = 1; ; send++) {
    cancel.throwIfCancelled();
    log(`submit: job ${id}, send ${send}/${RETRY_POLICY.maxSubmitSends}`);
    let lost: RetakeError;
    try {
      const envelope = await postTasks(rc, 'submit', [task], cancel, id);
      if (!ackItemSchema.safeParse(itemFor(envelope, id)).success) {
        throw protocolError('submit', 'no acknowledgement for the task');
      }
      log(`submit: job ${id} acknowledged`);
      return;
    } catch (e) {
      if (!(e instanceof RetakeError)) throw e;
      if (e.category === 'cancelled') throw cancelledDuringSubmit(id);
      if (send > 1 && e.category === 'validation' && DUPLICATE_TASK_CODE.test(e.code ?? '')) {
        log(`submit: job ${id} refused as a duplicate: the first send had arrived`);
        return;
      }
      if (!ackMayBeLost(e)) throw e; // a definite refusal: nothing was started
      lost = e;
    }
    log(`submit: acknowledgement lost (${describe(lost)}); asking Runware whether job ${id} arrived`);
    let found: 'known' | 'notFound' | 'unknown';
    try {
      found = await findSubmitted(rc, id, lost, cancel);
    } catch (e) {
      if (e instanceof RetakeError && e.category === 'cancelled') throw cancelledDuringSubmit(id);
      throw e;
    }
    if (found === 'known') {
      log(`submit: Runware holds job ${id}`);
      return;
    }
    if (found === 'unknown') {
      throw new RetakeError(
        lost.category,
        `Could not confirm that Runware received job ${id} (${describe(lost)}). It may be running and billed: resume it later to check, rather than submitting it again.`,
        { code: 'submitUnconfirmed', retryable: false },
      );
    }
    if (send >= RETRY_POLICY.maxSubmitSends) {
      throw new RetakeError(
        lost.category,
        `Runware did not receive the retake after ${send} tries (${describe(lost)}). Nothing was started or charged: retry in a few minutes.`,
        { code: lost.code, retryAfterSeconds: lost.retryAfterSeconds, retryable: true },
      );
    }
    log(`submit: job ${id} never arrived; sending it again with the same taskUUID`);
  }
}

function cancelledDuringSubmit(id: string): RetakeError {
  return new RetakeError(
    'cancelled',
    `Cancelled while submitting job ${id}: it may have reached Runware (and be billed). Resume it to check before submitting again.`,
    { code: 'cancelledDuringSubmit' },
  );
}

/** Whether a failed submit may nonetheless have started the job (so it must be checked). */
function ackMayBeLost(e: RetakeError): boolean {
  return isTransient(e, true);
}

/**
 * After a lost acknowledgement: poll the taskUUID a few times. Any status means Runware holds it;
 * `ackNotFoundConfirmations` consecutive "not found" mean it never arrived; anything else leaves
 * us unsure, and an unsure submit is never sent again.
 */
async function findSubmitted(rc: RunwareContext, id: string, lost: RetakeError, cancel: CancelToken): Promise<'known' | 'notFound' | 'unknown'> {
  let notFoundInARow = 0;
  let waitFirst = lost.retryAfterSeconds !== undefined ? Math.min(lost.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs) : 0;
  for (const delay of RETRY_POLICY.ackCheckDelaysMs) {
    await rc.clock.sleep(Math.max(delay, waitFirst), cancel);
    waitFirst = 0;
    try {
      const outcome = await pollOnce(rc, id, cancel);
      if (outcome.kind !== 'empty') return 'known';
      notFoundInARow = 0;
    } catch (e) {
      if (!(e instanceof RetakeError) || e.category === 'cancelled') throw e;
      if (e.category === 'notFound') {
        notFoundInARow++;
        if (notFoundInARow >= RETRY_POLICY.ackNotFoundConfirmations) return 'notFound';
        continue;
      }
      // A job-level failure reported through errors[] still proves the task exists.
      if (e.category === 'provider' || e.category === 'safety') return 'known';
      if (isTransient(e, true)) {
        if (e.retryAfterSeconds !== undefined) waitFirst = Math.min(e.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs);
        continue;
      }
      throw e; // auth, quota, validation of the poll itself
    }
  }
  return 'unknown';
}
