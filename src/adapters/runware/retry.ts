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
 * |          | answer), or when resuming a submit that may have left, its taskUUID is polled; known ->
 * |          | done; "not found" confirmed (notFoundConfirmation) -> sent again with the same taskUUID;
 * |          | at most 2 sends. A conflict/duplicate refusal of the taskUUID = Runware holds it.
 * |          | validation/auth/quota/safety answers are thrown at once.                        |
 * | poll     | network, server, rateLimit, timeout, protocol: retried on the poll cadence (or
 * |          | Retry-After) until they persist for 2 minutes; "not found" until confirmed       |
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
  ackCheckDelaysMs: [1_000, 2_000, 4_000, 8_000, 16_000, 30_000] as readonly number[],
  /**
   * When "not found" (taskFailedOrNotFound, an empty answer) about a task Runware acknowledged or
   * may have received is believed: this many answers in a row, the first and the last at least
   * graceMs apart. One answer shortly after a submit proves nothing (unconfirmed how soon a new
   * task is visible to getResponse). Shared by the lost-ack check, the resume check and follow().
   */
  notFoundConfirmation: { answers: 3, graceMs: 30_000 },
  /**
   * An upload answered with a placeholder mediaUUID ("1") is still processing: getResponse with the
   * upload's taskUUID every intervalMs, at most polls times (Runware's ComfyUI nodes: 2 s, 100).
   */
  uploadPlaceholder: { intervalMs: 2_000, polls: 100 },
  /**
   * An upload's time limit grows with its body: base + bytes at a conservative rate (64 KiB/s,
   * about 0.5 Mbit/s), so a 24 MB clip (32 MB of base64) on a slow link is not cut off.
   */
  uploadTimeout: { baseMs: 60_000, bytesPerSecond: 64 * 1024 },
  /** Sends of one submit, the first included (same taskUUID). */
  maxSubmitSends: 2,
  /** How long poll failures may persist before follow() gives up (the job keeps running). */
  pollTroubleToleranceMs: 2 * 60_000,
  /** Our own limit for one request, by kind (real time, not the injected clock). */
  requestTimeoutMs: { upload: 5 * 60_000, submit: 60_000, poll: 30_000, download: 5 * 60_000 } as Record<RequestKind, number>,
} as const;

const TRANSIENT: ReadonlySet<ErrorCategory> = new Set(['network', 'server', 'rateLimit', 'timeout']);

/** The time limit for an upload whose request body is `bodyBytes` long. */
export function uploadTimeoutMs(bodyBytes: number, policy = RETRY_POLICY): number {
  return policy.uploadTimeout.baseMs + Math.ceil((bodyBytes / policy.uploadTimeout.bytesPerSecond) * 1000);
}

/**
 * Counts "not found" answers about one task until they are believed (RETRY_POLICY.notFoundConfirmation).
 * An answer that shows the task resets it; a failed request says nothing and leaves it as it is.
 */
export class NotFoundConfirmation {
  private firstAt: number | null = null;
  private answers = 0;

  constructor(private readonly clock: Clock, private readonly rule = RETRY_POLICY.notFoundConfirmation) {}

  /** Records one "not found" answer; true once the rule is met. */
  record(): boolean {
    const now = this.clock.now();
    this.firstAt ??= now;
    this.answers += 1;
    return this.answers >= this.rule.answers && now - this.firstAt >= this.rule.graceMs;
  }

  reset(): void {
    this.firstAt = null;
    this.answers = 0;
  }
}

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
