import { CancelToken, NEVER_CANCELLED } from '../app/cancel';
import { createSimulatedClock } from '../app/clock';
import { createRunwareClient } from '../adapters/runware/client';
import { createFakeRunware } from '../adapters/runware/fakeFetch';
import { RetakeError } from '../domain/errors';
import { POLL_CADENCE } from '../domain/polling';

/**
 * Polls per job and detection lag (job finished -> client noticed) of our cadence against the
 * Runware SDK's, both running through the REAL follow() of the Runware client, on a fake fetch
 * whose job finishes at a set time and a simulated clock (so 15 minutes take milliseconds).
 *
 * A single finish time flatters whichever cadence happens to poll just after it, so besides the
 * exact 1/5/15 min figures every job length is also swept over finish times from -20% to +20%
 * (41 runs each), and the verdicts use the sweep.
 */

/** Runware's SDK (src/client.ts, REST and WebSocket polling): +1 s, +0.5 s, then x1.5 up to 10 s. */
export function sdkPollDelayMs(_elapsedMs: number, pollsSoFar: number): number {
  if (pollsSoFar === 0) return 1000;
  if (pollsSoFar === 1) return 500;
  return Math.min(500 * Math.pow(1.5, pollsSoFar - 1), 10_000);
}
/** The SDK's polling deadline. */
export const SDK_DEADLINE_MS = 20 * 60_000;

/** The SDK's cadence; ours with no history of past jobs; ours told how long the job should take. */
export type Cadence = 'sdk' | 'ours' | 'learned';
const CADENCES: Cadence[] = ['sdk', 'ours', 'learned'];

export interface FollowRun {
  polls: number;
  lagMs: number;
}

export interface SweepFigures {
  meanPolls: number;
  meanLagMs: number;
  maxLagMs: number;
}

export interface PollingBenchRow {
  jobMinutes: number;
  sweep: Record<Cadence, SweepFigures>;
}

export interface PollingBenchResult {
  rows: PollingBenchRow[];
  /** A job failing 10 s in: how soon each cadence reports it. */
  fastFailure: Record<Cadence, FollowRun>;
  /** A 5-minute estimate for jobs that end at half or twice that. */
  misestimate: Array<{ finishMs: number; learned: FollowRun; sdk: FollowRun }>;
  verdicts: string[];
}

const JOB_MINUTES = [1, 5, 15] as const;
const SWEEP_STEPS = 40;

/** Follows one job that ends `finishMs` after its submit, with the real client. */
export async function followOnce(cadence: Cadence, finishMs: number, expectedMs: number | null, outcome: 'success' | 'error' = 'success'): Promise<FollowRun> {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const clock = createSimulatedClock(start);
  const fake = createFakeRunware({ clock, jobDurationMs: finishMs });
  if (outcome === 'error') fake.setOutcome({ status: 'error', code: 'inferenceError', message: 'bench failure' });
  const client = createRunwareClient({
    apiKey: 'bench-key',
    fetch: fake.fetch,
    clock,
    newUUID: () => '00000000-0000-4000-8000-000000000000',
    ...(cadence === 'sdk' ? { pollDelayMs: sdkPollDelayMs, pollDeadlineMs: SDK_DEADLINE_MS } : {}),
  });
  const taskUUID = '11111111-1111-4111-8111-111111111111';
  await client.submit({ taskUUID, video: 'media', prompt: 'bench', mode: 'replace_video', startTime: 2, duration: 3 }, NEVER_CANCELLED);
  try {
    await client.follow(taskUUID, { cancel: new CancelToken(), submittedAt: start, expectedMs: cadence === 'learned' ? expectedMs : null });
    if (outcome === 'error') throw new Error('bench: a failing job was reported done');
  } catch (e) {
    if (!(outcome === 'error' && e instanceof RetakeError && e.category === 'provider')) throw e;
  }
  return { polls: fake.of('poll').length, lagMs: clock.now() - (start + finishMs) };
}

/** Jobs expected to take `centreMs` that actually end anywhere from -20% to +20% of it. */
async function sweep(cadence: Cadence, centreMs: number): Promise<SweepFigures> {
  const runs: FollowRun[] = [];
  for (let i = 0; i <= SWEEP_STEPS; i++) {
    runs.push(await followOnce(cadence, Math.round(centreMs * (0.8 + (0.4 * i) / SWEEP_STEPS)), centreMs));
  }
  return {
    meanPolls: runs.reduce((sum, r) => sum + r.polls, 0) / runs.length,
    meanLagMs: runs.reduce((sum, r) => sum + r.lagMs, 0) / runs.length,
    maxLagMs: Math.max(...runs.map((r) => r.lagMs)),
  };
}

export async function runPollingBench(): Promise<PollingBenchResult> {
  const rows: PollingBenchRow[] = [];
  for (const jobMinutes of JOB_MINUTES) {
    const ms = jobMinutes * 60_000;
    const entries = await Promise.all(CADENCES.map(async (c) => [c, await sweep(c, ms)] as const));
    rows.push({ jobMinutes, sweep: Object.fromEntries(entries) as Record<Cadence, SweepFigures> });
  }
  const fastFailure = Object.fromEntries(await Promise.all(CADENCES.map(async (c) => [c, await followOnce(c, 10_000, 60_000, 'error')] as const))) as Record<Cadence, FollowRun>;
  const misestimate = [];
  for (const finishMs of [150_000, 600_000]) {
    misestimate.push({ finishMs, learned: await followOnce('learned', finishMs, 300_000), sdk: await followOnce('sdk', finishMs, null) });
  }

  const verdicts: string[] = [];
  for (const r of rows) {
    for (const c of ['ours', 'learned'] as const) {
      const o = r.sweep[c];
      const b = r.sweep.sdk;
      const fewer = o.meanPolls < b.meanPolls;
      const noWorse = o.meanLagMs <= b.meanLagMs && o.maxLagMs <= b.maxLagMs;
      const name = c === 'ours' ? 'no history' : 'with history';
      verdicts.push(
        `${fewer && noWorse ? 'PASS' : 'FAIL'} ${r.jobMinutes} min, ${name}: ${o.meanPolls.toFixed(1)} polls vs ${b.meanPolls.toFixed(1)} (${pct(1 - o.meanPolls / b.meanPolls)} fewer), ` +
          `lag mean ${s(o.meanLagMs)} vs ${s(b.meanLagMs)}, max ${s(o.maxLagMs)} vs ${s(b.maxLagMs)}`,
      );
    }
  }
  verdicts.push(
    `INFO fast failure at 10 s: noticed after ${s(fastFailure.ours.lagMs)} (${fastFailure.ours.polls} polls) vs ${s(fastFailure.sdk.lagMs)} (${fastFailure.sdk.polls} polls) with the SDK cadence`,
  );
  for (const m of misestimate) {
    verdicts.push(
      `INFO a 5 min estimate, job done at ${s(m.finishMs)}: ${m.learned.polls} polls, lag ${s(m.learned.lagMs)} (SDK: ${m.sdk.polls} polls, lag ${s(m.sdk.lagMs)})`,
    );
  }
  return { rows, fastFailure, misestimate, verdicts };
}

export function formatPollingBench(result: PollingBenchResult): string {
  const c = POLL_CADENCE;
  const lines = [
    'Polling: the real follow() on a fake Runware with a simulated clock; 41 jobs per length, ending -20%..+20% around it.',
    `SDK: +1 s, +0.5 s, then x1.5 up to 10 s. Ours, no history: first poll ${s(c.firstPollMs)}, then elapsed/${Math.round(1 / c.intervalRatio)} within ${s(c.minIntervalMs)}..${s(c.maxIntervalMs)}.`,
    `Ours, with history (expected time E from past jobs): quiet polls (elapsed/${Math.round(1 / c.quietIntervalRatio)}, at most ${s(c.quietMaxIntervalMs)}) until ${c.quietUntilShare * 100}% of E, then every ${s(c.expectedIntervalMs)}.`,
    'job    | mean polls sdk / no history / history | mean lag sdk / no history / history | max lag sdk / no history / history',
  ];
  for (const r of result.rows) {
    const col = (f: (x: SweepFigures) => string) => CADENCES.map((k) => f(r.sweep[k])).join(' / ');
    lines.push(`${String(r.jobMinutes).padStart(2)} min | ${col((x) => x.meanPolls.toFixed(1)).padStart(37)} | ${col((x) => s(x.meanLagMs)).padStart(35)} | ${col((x) => s(x.maxLagMs))}`);
  }
  lines.push(...result.verdicts);
  return lines.join('\n');
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
}
