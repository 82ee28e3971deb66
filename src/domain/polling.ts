/**
 * When to ask Runware again whether a retake is done. Pure: no clock, no I/O.
 *
 * Runware's own SDK polls after 1 s, then +0.5 s, then x1.5 up to a 10 s cap, for 20 minutes: tuned
 * for images that finish in seconds. Retakes take minutes (other hosts report 5-15 min), so:
 * - a first poll a few seconds in, and 5 s steps early on, to catch fast failures (bad input,
 *   refused content) quickly;
 * - then a spacing proportional to the time already waited (1/8 of it), so the detection lag stays a
 *   bounded share of the wait the editor already sat through;
 * - capped at 20 s, reached after about 160 s.
 *
 * The trade-off, measured by src/bench/polling.ts with the real client: for 5 and 15 minute jobs
 * about 25% and 40% fewer polls than the SDK cadence, for a tail detection lag of at most 20 s
 * (mean about 10 s) instead of at most 10 s (mean about 5 s). For 1 minute jobs slightly fewer
 * polls at a lower lag. Change the numbers here, and only here.
 */
export const POLL_CADENCE = {
  /** Delay from the submit to the first poll. */
  firstPollMs: 3_000,
  /** Shortest spacing between polls. */
  minIntervalMs: 5_000,
  /** Spacing as a share of the time elapsed since the submit. */
  intervalRatio: 1 / 8,
  /** Longest spacing between polls (the worst-case detection lag in the tail). */
  maxIntervalMs: 20_000,
} as const;

export type PollCadence = { readonly [K in keyof typeof POLL_CADENCE]: number };

/**
 * How long we keep following a job before telling the editor to come back later: 30 minutes from
 * the submit (the SDK gives up after 20; retakes reported at up to 15 min, with queueing on top).
 * The job is not lost at the deadline: it keeps running on Runware, is billed, and can be resumed.
 */
export const POLL_DEADLINE_MS = 30 * 60_000;

/**
 * Milliseconds to wait before the next poll.
 * @param elapsedMs time since the submit (from the submit time, so a resumed job keeps its cadence)
 * @param pollsSoFar polls already made by this follower (0 before the first)
 * Never waits past the deadline, so the last poll lands on it. A resumed follower whose first poll
 * is already overdue polls at once.
 */
export function nextPollDelayMs(
  elapsedMs: number,
  pollsSoFar: number,
  cadence: PollCadence = POLL_CADENCE,
  deadlineMs: number = POLL_DEADLINE_MS,
): number {
  const elapsed = Math.max(0, elapsedMs);
  const untilDeadline = Math.max(0, deadlineMs - elapsed);
  const wanted =
    pollsSoFar <= 0
      ? Math.max(0, cadence.firstPollMs - elapsed)
      : clamp(elapsed * cadence.intervalRatio, cadence.minIntervalMs, cadence.maxIntervalMs);
  return Math.min(Math.round(wanted), untilDeadline);
}

/** Whether the follower should stop: the deadline measured from the submit has passed. */
export function isPastPollDeadline(elapsedMs: number, deadlineMs: number = POLL_DEADLINE_MS): boolean {
  return elapsedMs >= deadlineMs;
}

/**
 * The times (ms after the submit) at which a follower starting at `startElapsedMs` polls, up to and
 * including the first poll at or after `untilMs`. For tests, docs and the bench.
 */
export function pollTimesMs(
  untilMs: number,
  startElapsedMs = 0,
  cadence: PollCadence = POLL_CADENCE,
  deadlineMs: number = POLL_DEADLINE_MS,
): number[] {
  const times: number[] = [];
  let t = startElapsedMs;
  while (times.length === 0 || times[times.length - 1] < untilMs) {
    if (times.length > 0 && isPastPollDeadline(t, deadlineMs)) break;
    t += nextPollDelayMs(t, times.length, cadence, deadlineMs);
    times.push(t);
  }
  return times;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
