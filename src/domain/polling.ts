/**
 * When to ask Runware again whether a retake is done. Pure: no clock, no I/O.
 *
 * Runware's own SDK polls after 1 s, then +0.5 s, then x1.5 up to a 10 s cap, for 20 minutes: tuned
 * for images that finish in seconds. Retakes take minutes, and how many depends on the clip, so:
 * - a first poll a few seconds in, and 5 s steps early on, to catch fast failures (bad input,
 *   refused content) quickly;
 * - when past jobs tell how long this one should take (`expectedMs`, see estimateGenerationMs), a
 *   quiet phase with sparse polls (a quarter of the time waited, at most 30 s) until 75% of the
 *   expected time, then a poll every 8 s until it is done;
 * - with no history, a spacing proportional to the time waited (1/8 of it), capped at 10 s: the
 *   SDK's tail lag, with fewer polls early on.
 *
 * Measured by src/bench/polling.ts with the real client. Change the numbers here, and only here.
 */
export const POLL_CADENCE = {
  /** Delay from the submit to the first poll. */
  firstPollMs: 3_000,
  /** Shortest spacing between polls. */
  minIntervalMs: 5_000,
  /** Spacing as a share of the time elapsed since the submit (no history). */
  intervalRatio: 1 / 8,
  /** Longest spacing between polls with no history (the worst-case detection lag in the tail). */
  maxIntervalMs: 10_000,
  /** With history: the quiet phase lasts until this share of the expected time... */
  quietUntilShare: 0.75,
  /** ...polling every (time waited x this), at most quietMaxIntervalMs... */
  quietIntervalRatio: 1 / 4,
  quietMaxIntervalMs: 30_000,
  /** ...then this often until the job ends. */
  expectedIntervalMs: 8_000,
} as const;

export type PollCadence = { readonly [K in keyof typeof POLL_CADENCE]: number };

/**
 * How long we keep following a job before telling the editor to come back later: 30 minutes from
 * the submit (the SDK gives up after 20; retakes reported at up to 15 min, with queueing on top).
 * The job is not lost at the deadline: it keeps running on Runware, is billed, and can be resumed.
 */
export const POLL_DEADLINE_MS = 30 * 60_000;

export interface PollSchedule {
  /** How long this job is expected to take, from past jobs; null when there is no history. */
  expectedMs?: number | null;
  cadence?: PollCadence;
  deadlineMs?: number;
}

/**
 * Milliseconds to wait before the next poll.
 * @param elapsedMs time since the submit (from the submit time, so a resumed job keeps its cadence)
 * @param pollsSoFar polls already made by this follower (0 before the first)
 * Never waits past the deadline, so the last poll lands on it. A resumed follower whose first poll
 * is already overdue polls at once.
 */
export function nextPollDelayMs(elapsedMs: number, pollsSoFar: number, schedule: PollSchedule = {}): number {
  const c = schedule.cadence ?? POLL_CADENCE;
  const deadlineMs = schedule.deadlineMs ?? POLL_DEADLINE_MS;
  const elapsed = Math.max(0, elapsedMs);
  const untilDeadline = Math.max(0, deadlineMs - elapsed);
  return Math.min(Math.round(wantedDelay(elapsed, pollsSoFar, c, schedule.expectedMs ?? null)), untilDeadline);
}

function wantedDelay(elapsed: number, pollsSoFar: number, c: PollCadence, expectedMs: number | null): number {
  if (pollsSoFar <= 0) return Math.max(0, c.firstPollMs - elapsed);
  if (expectedMs === null || expectedMs <= 0) return clamp(elapsed * c.intervalRatio, c.minIntervalMs, c.maxIntervalMs);
  const quietEnds = expectedMs * c.quietUntilShare;
  if (elapsed >= quietEnds) return c.expectedIntervalMs;
  const quiet = clamp(elapsed * c.quietIntervalRatio, c.minIntervalMs, c.quietMaxIntervalMs);
  // Never sleep through the start of the expected window.
  return Math.min(quiet, Math.max(quietEnds - elapsed, 1_000));
}

/**
 * How long a new job should take, from past ones: the median seconds of generation per second of
 * uploaded clip over the last few successful jobs, times this clip's seconds. Null with no history.
 */
export function estimateGenerationMs(history: Array<{ clipSeconds: number; generationMs: number }>, clipSeconds: number): number | null {
  const rates = history
    // A job resumed the next day says nothing about generation time: keep those within the deadline.
    .filter((h) => h.clipSeconds > 0 && h.generationMs > 0 && h.generationMs <= POLL_DEADLINE_MS)
    .slice(-10)
    .map((h) => h.generationMs / h.clipSeconds)
    .sort((a, b) => a - b);
  if (rates.length === 0) return null;
  const mid = Math.floor(rates.length / 2);
  const median = rates.length % 2 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
  return Math.round(median * clipSeconds);
}

/** Whether the follower should stop: the deadline measured from the submit has passed. */
export function isPastPollDeadline(elapsedMs: number, deadlineMs: number = POLL_DEADLINE_MS): boolean {
  return elapsedMs >= deadlineMs;
}

/**
 * The times (ms after the submit) at which a follower starting at `startElapsedMs` polls, up to and
 * including the first poll at or after `untilMs`. For tests, docs and the bench.
 */
export function pollTimesMs(untilMs: number, startElapsedMs = 0, schedule: PollSchedule = {}): number[] {
  const deadlineMs = schedule.deadlineMs ?? POLL_DEADLINE_MS;
  const times: number[] = [];
  let t = startElapsedMs;
  while (times.length === 0 || times[times.length - 1] < untilMs) {
    if (times.length > 0 && isPastPollDeadline(t, deadlineMs)) break;
    t += nextPollDelayMs(t, times.length, schedule);
    times.push(t);
  }
  return times;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
