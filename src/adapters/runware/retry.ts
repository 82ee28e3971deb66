import { ErrorCategory, RetakeError } from '../../domain/errors';
import type { CancelToken } from '../../app/cancel';
import type { Clock } from '../../app/ports';
import type { RequestKind } from './errors';

/**
 * The whole retry policy of the Runware client, on one screen.
 *
 * | request  | retried on                                   | how                                   |
 * | upload   | network, server, rateLimit, timeout, protocol | 4 attempts, 1-2-4 s (or Retry-After)  |
 * | download | network (incl. truncated), server, rateLimit, timeout | same                          |
 * | submit   | never re-sent blindly: after a lost acknowledgement (network, timeout, 5xx, 429, unreadable
 * |          | answer) its taskUUID is polled; known -> done; not found twice -> sent again with the same
 * |          | taskUUID; at most 2 sends. validation/auth/quota/safety answers are thrown at once. |
 * | poll     | network, server, rateLimit, timeout, protocol, empty answers: retried on the poll cadence |
 * |          | (or Retry-After) until they persist for 2 minutes                                  |
 *
 * No jitter: one editor runs one or a few jobs, so there is no herd to spread, and deterministic
 * delays keep the tests exact.
 */
export const RETRY_POLICY = {
  /** Attempts for an upload or a download, the first included. */
  transferAttempts: 4,
  /** Backoff before retry n (1-based): base * factor^(n-1), capped. */
  backoffBaseMs: 1_000,
  backoffFactor: 2,
  backoffMaxMs: 15_000,
  /** A Retry-After longer than this is not waited out: the error goes to the editor with it. */
  maxRetryAfterMs: 60_000,
  /** Waits before each poll that checks whether a submit with a lost acknowledgement arrived. */
  ackCheckDelaysMs: [1_000, 2_000, 4_000, 8_000] as readonly number[],
  /** Consecutive "not found" answers needed before a submit is considered lost and sent again. */
  ackNotFoundConfirmations: 2,
  /** Sends of one submit, the first included (same taskUUID). */
  maxSubmitSends: 2,
  /** How long poll failures may persist before follow() gives up (the job keeps running). */
  pollTroubleToleranceMs: 2 * 60_000,
  /** Our own limit for one request, by kind (real time, not the injected clock). */
  requestTimeoutMs: { upload: 5 * 60_000, submit: 60_000, poll: 30_000, download: 5 * 60_000 } as Record<RequestKind, number>,
} as const;

const TRANSIENT: ReadonlySet<ErrorCategory> = new Set(['network', 'server', 'rateLimit', 'timeout']);

/** Failures worth repeating an idempotent request for. */
export function isTransient(e: RetakeError, alsoProtocol = false): boolean {
  return TRANSIENT.has(e.category) || (alsoProtocol && e.category === 'protocol');
}

/**
 * Delay before retry number `retry` (1 = the first retry). Retry-After wins when the server sent
 * one; null when it asks for longer than we are willing to wait.
 */
export function retryDelayMs(retry: number, error: RetakeError, policy = RETRY_POLICY): number | null {
  if (error.retryAfterSeconds !== undefined) {
    const asked = Math.ceil(error.retryAfterSeconds * 1000);
    return asked > policy.maxRetryAfterMs ? null : asked;
  }
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * Math.pow(policy.backoffFactor, retry - 1));
}

export interface RetryOptions {
  attempts: number;
  clock: Clock;
  cancel: CancelToken;
  shouldRetry: (e: RetakeError) => boolean;
  onRetry?: (e: RetakeError, nextAttempt: number, delayMs: number) => void;
  policy?: typeof RETRY_POLICY;
}

/** Runs `op` until it succeeds, fails for good, or runs out of attempts. Sleeps are cancellable. */
export async function withRetries<T>(op: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    o.cancel.throwIfCancelled();
    try {
      return await op(attempt);
    } catch (e) {
      if (!(e instanceof RetakeError) || e.category === 'cancelled') throw e;
      if (attempt >= o.attempts || !o.shouldRetry(e)) throw e;
      const delay = retryDelayMs(attempt, e, o.policy);
      if (delay === null) throw e;
      o.onRetry?.(e, attempt + 1, delay);
      await o.clock.sleep(delay, o.cancel);
    }
  }
}
