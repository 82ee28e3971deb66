import { CancelToken } from '../../app/cancel';
import type { RetakeRequest } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { MODEL_ID } from '../../domain/limits';
import { RunwareContext, describe, itemFor } from './context';
import { TaskHeldError, protocolError } from './errors';
import { postTasks, summarizeIssues } from './http';
import { pollOnce } from './poll';
import { NotFoundConfirmation, RETRY_POLICY, isTransient } from './retry';
import { ackItemSchema, videoInferenceTaskSchema } from './schemas';

/**
 * How long Runware keeps the finished take (seconds): a week, so a slow link or a resume the next
 * day still finds it; the take is fetched as soon as it is ready anyway. `ttl` is in the Python
 * SDK's parameter list for lightricks:3@1; a week is the default of Runware's ComfyUI video node
 * (range 60 s to 30 days there). Whether Runware caps it per account is unconfirmed.
 */
export const RESULT_TTL_SECONDS = 7 * 24 * 3600;

function buildSubmitTask(request: RetakeRequest) {
  const parsed = videoInferenceTaskSchema.safeParse({
    taskType: 'videoInference',
    taskUUID: request.taskUUID,
    model: MODEL_ID,
    deliveryMethod: 'async',
    includeCost: true,
    outputType: 'URL',
    outputFormat: 'MP4',
    ttl: RESULT_TTL_SECONDS,
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
 * Submits the (billed) job. A submit whose acknowledgement may have been lost, or that a resumed
 * job may already have sent (`request.mayBeHeld`), is never blindly sent: Runware is asked first
 * whether it holds the taskUUID, and only a confirmed "not found" allows a send, with the same
 * taskUUID. A refusal saying Runware already holds the taskUUID (conflict) means it has the job.
 */
export async function submit(rc: RunwareContext, request: RetakeRequest, cancel: CancelToken): Promise<void> {
  const { log } = rc;
  const task = buildSubmitTask(request);
  const id = task.taskUUID;
  if (request.mayBeHeld) {
    log(`submit: job ${id} may have been sent before; asking Runware first`);
    if ((await checkHeld(rc, id, undefined, cancel, 1)) === 'held') return;
  }
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
      if (e instanceof TaskHeldError) {
        log(`submit: Runware already holds job ${id} (${e.code ?? 'conflict'}): following it`);
        return;
      }
      if (!ackMayBeLost(e)) throw e; // a definite refusal: nothing was started
      lost = e;
    }
    log(`submit: acknowledgement lost (${describe(lost)}); asking Runware whether job ${id} arrived`);
    if ((await checkHeld(rc, id, lost, cancel, send)) === 'held') return;
    if (send >= RETRY_POLICY.maxSubmitSends) {
      throw new RetakeError(
        lost.category,
        `Runware has no record of job ${id} after ${send} tries (${describe(lost)}). Retry in a few minutes: job ${id} is checked first, so it is never paid twice.`,
        { code: lost.code, retryAfterSeconds: lost.retryAfterSeconds, retryable: true },
      );
    }
    log(`submit: job ${id} never arrived; sending it again with the same taskUUID`);
  }
}

/** 'held' when Runware has the task; 'absent' once "not found" is confirmed; throws when unsure. */
async function checkHeld(rc: RunwareContext, id: string, lost: RetakeError | undefined, cancel: CancelToken, sends: number): Promise<'held' | 'absent'> {
  let found: 'known' | 'notFound' | 'unknown';
  try {
    found = await findSubmitted(rc, id, lost, cancel);
  } catch (e) {
    if (e instanceof RetakeError && e.category === 'cancelled') throw cancelledDuringSubmit(id);
    throw e;
  }
  if (found === 'known') {
    rc.log(`submit: Runware holds job ${id}`);
    return 'held';
  }
  if (found === 'unknown') {
    const why = lost ? ` (${describe(lost)})` : '';
    throw new RetakeError(
      lost?.category ?? 'network',
      `Could not confirm whether Runware received job ${id}${why}. It may be running and billed: resume it later to check, rather than submitting it again.`,
      { code: 'submitUnconfirmed', retryable: false },
    );
  }
  rc.log(`submit: Runware confirms it has no job ${id} (${sends} send${sends === 1 ? '' : 's'} so far)`);
  return 'absent';
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
 * Polls the taskUUID a few times. Any status means Runware holds it; "not found" confirmed over
 * time (RETRY_POLICY.notFoundConfirmation) means it never arrived; anything else leaves us unsure,
 * and an unsure submit is never sent again.
 */
async function findSubmitted(rc: RunwareContext, id: string, lost: RetakeError | undefined, cancel: CancelToken): Promise<'known' | 'notFound' | 'unknown'> {
  const notFound = new NotFoundConfirmation(rc.clock);
  let waitFirst = lost?.retryAfterSeconds !== undefined ? Math.min(lost.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs) : 0;
  for (const delay of RETRY_POLICY.ackCheckDelaysMs) {
    await rc.clock.sleep(Math.max(delay, waitFirst), cancel);
    waitFirst = 0;
    try {
      const outcome = await pollOnce(rc, id, cancel);
      if (outcome.kind !== 'notFound') return 'known'; // running, success, or a job failure: it exists
      if (notFound.record()) return 'notFound';
    } catch (e) {
      if (!(e instanceof RetakeError) || e.category === 'cancelled') throw e;
      if (isTransient(e, true)) {
        if (e.retryAfterSeconds !== undefined) waitFirst = Math.min(e.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs);
        continue;
      }
      throw e; // auth, quota, validation of the poll itself
    }
  }
  return 'unknown';
}
