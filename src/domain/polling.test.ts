import { POLL_CADENCE, POLL_DEADLINE_MS, estimateGenerationMs, isPastPollDeadline, nextPollDelayMs, pollTimesMs } from './polling';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('nextPollDelayMs', () => {
  it('polls first a few seconds after the submit', () => {
    expect(nextPollDelayMs(0, 0)).toBe(POLL_CADENCE.firstPollMs);
    expect(POLL_CADENCE.firstPollMs).toBeGreaterThanOrEqual(2 * SECOND);
    expect(POLL_CADENCE.firstPollMs).toBeLessThanOrEqual(5 * SECOND);
  });

  it('keeps early polls quick (fast failures are seen within seconds)', () => {
    const early = pollTimesMs(30 * SECOND);
    expect(early[0]).toBe(3 * SECOND);
    for (let i = 1; i < early.length; i++) expect(early[i] - early[i - 1]).toBe(POLL_CADENCE.minIntervalMs);
  });

  it('spaces polls in proportion to the time waited, up to the cap', () => {
    expect(nextPollDelayMs(56 * SECOND, 10)).toBe(7 * SECOND);
    expect(nextPollDelayMs(80 * SECOND, 10)).toBe(10 * SECOND);
    expect(nextPollDelayMs(10 * MINUTE, 40)).toBe(POLL_CADENCE.maxIntervalMs);
    expect(nextPollDelayMs(10 * SECOND, 3)).toBe(POLL_CADENCE.minIntervalMs);
  });

  it('never shrinks as time passes (monotone after the first poll)', () => {
    let previous = 0;
    for (let t = 0; t < POLL_DEADLINE_MS - MINUTE; t += 1234) {
      const d = nextPollDelayMs(t, 5);
      expect(d).toBeGreaterThanOrEqual(previous);
      previous = d;
    }
  });

  it('polls at once when a resumed follower is past its first poll', () => {
    expect(nextPollDelayMs(7 * MINUTE, 0)).toBe(0);
    expect(nextPollDelayMs(1 * SECOND, 0)).toBe(2 * SECOND);
  });

  it('never sleeps past the deadline, so the last poll lands on it', () => {
    expect(nextPollDelayMs(POLL_DEADLINE_MS - 3 * SECOND, 50)).toBe(3 * SECOND);
    expect(nextPollDelayMs(POLL_DEADLINE_MS, 50)).toBe(0);
    expect(nextPollDelayMs(POLL_DEADLINE_MS + MINUTE, 50)).toBe(0);
  });

  it('treats a negative elapsed time (clock skew) as zero', () => {
    expect(nextPollDelayMs(-5 * SECOND, 0)).toBe(POLL_CADENCE.firstPollMs);
  });
});

describe('deadline', () => {
  it('is 30 minutes from the submit', () => {
    expect(POLL_DEADLINE_MS).toBe(30 * MINUTE);
    expect(isPastPollDeadline(30 * MINUTE - 1)).toBe(false);
    expect(isPastPollDeadline(30 * MINUTE)).toBe(true);
  });

  it('the schedule ends at the deadline', () => {
    const all = pollTimesMs(Number.POSITIVE_INFINITY);
    expect(all[all.length - 1]).toBe(POLL_DEADLINE_MS);
    // A whole 30 minutes without history: about one poll every 10 s, as the SDK's tail.
    expect(all.length).toBeLessThanOrEqual(190);
  });
});

describe('pollTimesMs', () => {
  /** Runware's SDK cadence: +1 s, +0.5 s, then x1.5 up to 10 s. */
  function sdkTimes(until: number): number[] {
    const times: number[] = [];
    let t = 0;
    let delay = 1000;
    while (times.length === 0 || times[times.length - 1] < until) {
      t += delay;
      times.push(t);
      delay = times.length === 1 ? 500 : Math.min(delay * 1.5, 10_000);
    }
    return times;
  }

  it.each([1, 5, 15])('polls no more than the SDK cadence for a %i minute job, and far less with history', (minutes) => {
    const until = minutes * MINUTE;
    expect(pollTimesMs(until).length).toBeLessThanOrEqual(sdkTimes(until).length);
    const learned = pollTimesMs(until, 0, { expectedMs: until }).length;
    if (minutes > 1) expect(learned).toBeLessThan(0.75 * sdkTimes(until).length);
  });

  it('with history: sparse until 75% of the expected time, then every 8 s, never sleeping past that point', () => {
    const expectedMs = 10 * MINUTE;
    const times = pollTimesMs(12 * MINUTE, 0, { expectedMs });
    const quiet = times.filter((t) => t < 0.75 * expectedMs);
    for (let i = 1; i < quiet.length; i++) expect(quiet[i] - quiet[i - 1]).toBeLessThanOrEqual(POLL_CADENCE.quietMaxIntervalMs);
    expect(times).toContain(0.75 * expectedMs);
    const dense = times.filter((t) => t >= 0.75 * expectedMs);
    for (let i = 1; i < dense.length; i++) expect(dense[i] - dense[i - 1]).toBe(POLL_CADENCE.expectedIntervalMs);
  });

  it('keeps the detection lag within 1/8 of the time waited once past the first minute', () => {
    const times = pollTimesMs(POLL_DEADLINE_MS);
    for (let i = 1; i < times.length; i++) {
      if (times[i - 1] < MINUTE) continue;
      const gap = times[i] - times[i - 1];
      expect(gap).toBeLessThanOrEqual(Math.max(POLL_CADENCE.minIntervalMs, times[i - 1] * POLL_CADENCE.intervalRatio) + 1);
      expect(gap).toBeLessThanOrEqual(POLL_CADENCE.maxIntervalMs);
    }
  });

  it('continues the cadence of a resumed job from its submit time', () => {
    const fresh = pollTimesMs(10 * MINUTE);
    const resumed = pollTimesMs(10 * MINUTE, 5 * MINUTE);
    expect(resumed[0]).toBe(5 * MINUTE); // overdue: at once
    // Spacing after the resume is the spacing a fresh follower has at the same elapsed time.
    const gapResumed = resumed[2] - resumed[1];
    const freshAfter = fresh.filter((t) => t >= 5 * MINUTE);
    expect(gapResumed).toBe(freshAfter[1] - freshAfter[0]);
  });
});

describe('estimateGenerationMs', () => {
  it('scales the median rate of past jobs to this clip; none without history', () => {
    expect(estimateGenerationMs([], 5)).toBeNull();
    const history = [
      { clipSeconds: 5, generationMs: 5 * MINUTE }, // 60 s per clip second
      { clipSeconds: 10, generationMs: 8 * MINUTE }, // 48
      { clipSeconds: 4, generationMs: 6 * MINUTE }, // 90
      { clipSeconds: 4, generationMs: 26 * 60 * MINUTE }, // resumed a day later: ignored
    ];
    expect(estimateGenerationMs(history, 6)).toBe(6 * 60 * SECOND);
  });
});
