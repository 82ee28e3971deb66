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

export type Cadence = 'ours' | 'sdk';

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
  exact: Record<Cadence, FollowRun>;
  sweep: Record<Cadence, SweepFigures>;
  fewerPolls: boolean;
  lagNoWorse: boolean;
}

export interface PollingBenchResult {
  rows: PollingBenchRow[];
  /** A job failing 10 s in: how soon each cadence reports it. */
  fastFailure: Record<Cadence, FollowRun>;
  verdicts: string[];
  table: string;
}

const JOB_MINUTES = [1, 5, 15] as const;
const SWEEP_STEPS = 40;

/** Follows one job that ends `finishMs` after its submit, with the real client. */
export async function followOnce(cadence: Cadence, finishMs: number, outcome: 'success' | 'error' = 'success'): Promise<FollowRun> {
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
    await client.follow(taskUUID, { cancel: new CancelToken(), submittedAt: start });
    if (outcome === 'error') throw new Error('bench: a failing job was reported done');
  } catch (e) {
    if (!(outcome === 'error' && e instanceof RetakeError && e.category === 'provider')) throw e;
  }
  return { polls: fake.of('poll').length, lagMs: clock.now() - (start + finishMs) };
}

async function sweep(cadence: Cadence, centreMs: number): Promise<SweepFigures> {
  const runs: FollowRun[] = [];
  for (let i = 0; i <= SWEEP_STEPS; i++) {
    runs.push(await followOnce(cadence, Math.round(centreMs * (0.8 + (0.4 * i) / SWEEP_STEPS))));
  }
  return {
    meanPolls: runs.reduce((s, r) => s + r.polls, 0) / runs.length,
    meanLagMs: runs.reduce((s, r) => s + r.lagMs, 0) / runs.length,
    maxLagMs: Math.max(...runs.map((r) => r.lagMs)),
  };
}

export async function runPollingBench(): Promise<PollingBenchResult> {
  const rows: PollingBenchRow[] = [];
  for (const jobMinutes of JOB_MINUTES) {
    const ms = jobMinutes * 60_000;
    const exact = { ours: await followOnce('ours', ms), sdk: await followOnce('sdk', ms) };
    const sw = { ours: await sweep('ours', ms), sdk: await sweep('sdk', ms) };
    rows.push({
      jobMinutes,
      exact,
      sweep: sw,
      fewerPolls: sw.ours.meanPolls < sw.sdk.meanPolls && exact.ours.polls < exact.sdk.polls,
      lagNoWorse: sw.ours.meanLagMs <= sw.sdk.meanLagMs && sw.ours.maxLagMs <= sw.sdk.maxLagMs,
    });
  }
  const fastFailure = { ours: await followOnce('ours', 10_000, 'error'), sdk: await followOnce('sdk', 10_000, 'error') };

  const verdicts: string[] = [];
  for (const r of rows) {
    const saved = 1 - r.sweep.ours.meanPolls / r.sweep.sdk.meanPolls;
    const extraLag = (r.sweep.ours.meanLagMs - r.sweep.sdk.meanLagMs) / 1000;
    verdicts.push(
      `${r.fewerPolls ? 'PASS' : 'FAIL'} ${r.jobMinutes} min: fewer polls than the SDK (${r.sweep.ours.meanPolls.toFixed(1)} vs ${r.sweep.sdk.meanPolls.toFixed(1)}, ${pct(saved)} fewer)`,
    );
    verdicts.push(
      `${r.lagNoWorse ? 'PASS' : 'FAIL'} ${r.jobMinutes} min: detection lag no worse than the SDK (mean ${s(r.sweep.ours.meanLagMs)} vs ${s(r.sweep.sdk.meanLagMs)}, max ${s(r.sweep.ours.maxLagMs)} vs ${s(r.sweep.sdk.maxLagMs)})` +
        (r.lagNoWorse
          ? ''
          : `: the trade is ${extraLag.toFixed(1)} s more mean lag (${pct(r.sweep.ours.meanLagMs / (r.jobMinutes * 60_000))} of the job vs ${pct(r.sweep.sdk.meanLagMs / (r.jobMinutes * 60_000))}) for ${pct(saved)} fewer polls`),
    );
  }
  verdicts.push(
    `INFO fast failure at 10 s: noticed after ${s(fastFailure.ours.lagMs)} (${fastFailure.ours.polls} polls) vs ${s(fastFailure.sdk.lagMs)} (${fastFailure.sdk.polls} polls) with the SDK cadence`,
  );

  const result: PollingBenchResult = { rows, fastFailure, verdicts, table: '' };
  result.table = formatPollingBench(result);
  return result;
}

export function formatPollingBench(result: Omit<PollingBenchResult, 'table'>): string {
  const c = POLL_CADENCE;
  const lines = [
    `Polling: real follow() on a fake Runware, simulated clock. Ours: first poll ${s(c.firstPollMs)}, then elapsed/${Math.round(1 / c.intervalRatio)} within ${s(c.minIntervalMs)}..${s(c.maxIntervalMs)}, 30 min deadline.`,
    'SDK: +1 s, +0.5 s, then x1.5 up to 10 s, 20 min deadline. Sweep = 41 finish times from -20% to +20% of the job length.',
    'job    | exact: polls ours/sdk | lag ours/sdk     | sweep: mean polls ours/sdk | mean lag ours/sdk | max lag ours/sdk',
  ];
  for (const r of result.rows) {
    lines.push(
      [
        `${String(r.jobMinutes).padStart(2)} min`,
        `${String(r.exact.ours.polls).padStart(14)} / ${String(r.exact.sdk.polls).padEnd(4)}`,
        `${s(r.exact.ours.lagMs).padStart(7)} / ${s(r.exact.sdk.lagMs).padEnd(7)}`,
        `${r.sweep.ours.meanPolls.toFixed(1).padStart(19)} / ${r.sweep.sdk.meanPolls.toFixed(1).padEnd(5)}`,
        `${s(r.sweep.ours.meanLagMs).padStart(9)} / ${s(r.sweep.sdk.meanLagMs).padEnd(6)}`,
        `${s(r.sweep.ours.maxLagMs).padStart(8)} / ${s(r.sweep.sdk.maxLagMs)}`,
      ].join(' | '),
    );
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
