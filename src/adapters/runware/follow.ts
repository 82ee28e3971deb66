import type { FollowOptions } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { isPastPollDeadline, nextPollDelayMs } from '../../domain/polling';
import { RunwareContext, describe, seconds } from './context';
import { PollOutcome, SuccessStatus, pollOnce } from './poll';
import { NotFoundConfirmation, RETRY_POLICY, isTransient } from './retry';

/** How often and how long to poll; fixed per client. */
export interface FollowPacing {
  /** Overrides domain/polling's cadence (the bench passes the SDK's). */
  pollDelayMs?: (elapsedMs: number, pollsSoFar: number) => number;
  /** Follow deadline, counted from the submit. */
  deadlineMs: number;
}

/**
 * Polls a submitted (paid) job until it succeeds, fails, is cancelled or passes the deadline.
 * Polls are reads, so transient failures and empty answers are tolerated for a while; every way
 * out short of success tells the user the job may still be running, so they resume, not resubmit.
 */
export async function follow(rc: RunwareContext, pacing: FollowPacing, taskUUID: string, options: FollowOptions): Promise<SuccessStatus> {
  const { clock, log } = rc;
  const { deadlineMs } = pacing;
  const { cancel } = options;
  const start = options.submittedAt ?? clock.now();
  const stopped = (): RetakeError =>
    new RetakeError(
      'cancelled',
      `Stopped waiting for job ${taskUUID}. It keeps running on Runware (and is billed): resume it later to fetch the take.`,
      { code: 'followCancelled' },
    );
  const cadence = pacing.pollDelayMs ?? ((elapsed: number, n: number) => nextPollDelayMs(elapsed, n, { expectedMs: options.expectedMs, deadlineMs }));
  let polls = 0;
  const notFound = new NotFoundConfirmation(clock);
  let troubleSince: number | null = null;
  let waitAtLeastMs = 0;

  /** A failed poll is a read: tolerated until failures persist; returns the least wait before the next. */
  const trouble = (e: RetakeError, since: number): number => {
    const lasting = clock.now() - since;
    if (lasting > RETRY_POLICY.pollTroubleToleranceMs) {
      throw new RetakeError(
        e.category,
        `Could not get the status of job ${taskUUID} from Runware for ${Math.round(lasting / 60_000)} minutes (${describe(e)}). The job is still running on Runware and is paid for: resume it later to fetch the take.`,
        { code: e.code, retryAfterSeconds: e.retryAfterSeconds, retryable: true },
      );
    }
    log(`poll ${polls}: ${describe(e)}; polling on`);
    return e.retryAfterSeconds !== undefined ? Math.min(e.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs) : 0;
  };

  for (;;) {
    const elapsed = clock.now() - start;
    if (polls > 0 && isPastPollDeadline(elapsed, deadlineMs)) {
      throw new RetakeError(
        'timeout',
        `Job ${taskUUID} is still running on Runware after ${Math.round(deadlineMs / 60_000)} minutes. It is paid for: resume it later to fetch the take, rather than submitting it again.`,
        { code: 'pollDeadline', retryable: true },
      );
    }
    const delay = Math.max(cadence(elapsed, polls), waitAtLeastMs);
    if (cancel.cancelled) throw stopped();
    if (delay > 0) {
      try {
        await clock.sleep(delay, cancel);
      } catch (e) {
        if (e instanceof RetakeError && e.category === 'cancelled') throw stopped();
        throw e;
      }
    }
    if (cancel.cancelled) throw stopped();
    polls++;

    let outcome: PollOutcome;
    try {
      outcome = await pollOnce(rc, taskUUID, cancel);
    } catch (e) {
      if (!(e instanceof RetakeError)) throw e;
      if (e.category === 'cancelled') throw stopped();
      if (!isTransient(e, true)) throw e;
      troubleSince ??= clock.now();
      waitAtLeastMs = trouble(e, troubleSince);
      continue;
    }
    troubleSince = null;
    if (outcome.kind === 'notFound') {
      // An accepted job is not given up on one "not found": only when it is confirmed over time.
      if (notFound.record()) throw lostAfterAccept(taskUUID, outcome.error);
      log(`poll ${polls}: Runware does not know job ${taskUUID} (${describe(outcome.error)}); asking again`);
      continue;
    }
    notFound.reset();
    waitAtLeastMs = 0;
    if (outcome.kind === 'success') {
      log(`poll ${polls}: job ${taskUUID} done after ${seconds(clock.now() - start)}`);
      return outcome.status;
    }
    if (outcome.kind === 'failed') {
      log(`poll ${polls}: job ${taskUUID} failed (${outcome.error.code ?? 'error'})`);
      throw outcome.error;
    }
    const progress = outcome.progress;
    log(`poll ${polls}: job ${taskUUID} running${progress === undefined ? '' : ` ${Math.round(progress)}%`}, ${seconds(clock.now() - start)} elapsed`);
    if (options.onProgress) {
      try {
        options.onProgress(progress === undefined ? { elapsedMs: clock.now() - start, polls } : { elapsedMs: clock.now() - start, polls, progress });
      } catch (e) {
        log(`poll: progress callback threw (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }
}

/** Runware said, again and again over the grace period, that it does not know a job it accepted. */
function lostAfterAccept(taskUUID: string, e: RetakeError): RetakeError {
  return new RetakeError(
    'notFound',
    `Runware reports job ${taskUUID}, which it accepted, as failed or unknown (${e.code ?? 'not found'}), so there is no take to fetch; quote job ${taskUUID} to Runware support about any charge.`,
    { code: e.code, retryable: false },
  );
}
