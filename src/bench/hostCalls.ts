/**
 * Host calls per idle minute: the panel open over a sequence nobody touches, its refresh policy
 * driving the real controller and adapter on the fake Premiere behind a call counter
 * (testing/hostCallCounter.ts), a simulated minute on manual timers. Before: everything re-read
 * every second (EVERY_SECOND). After: host events, the marks polled (FOLLOW_EVENTS).
 * Target: at most a tenth of the calls.
 */
import { EVERY_SECOND, FOLLOW_EVENTS, LiveRefresh, RefreshPolicy } from '../app/liveRefresh';
import { idleSuite } from '../testing/idleSuite';
import { ManualTimers, settle } from '../testing/manualTimers';

const MINUTE = 60_000;

export interface HostCallsRow {
  markers: number;
  before: number;
  after: number;
  /** FOLLOW_EVENTS once the panel has gone unused for longer than its presence window. */
  afterUnused: number;
}

/** Host calls the policy makes in `minutes` idle minutes, counted from `fromMs` after the panel was last used. */
export async function idleCalls(policy: RefreshPolicy, markers: number, fromMs = 0): Promise<number> {
  const suite = await idleSuite({ markers });
  await suite.controller.init();
  const timers = new ManualTimers();
  const live = new LiveRefresh(suite.controller, policy, timers);
  live.start();
  await settle(); // the listeners are in place
  await timers.advance(fromMs);
  suite.counter.reset();
  await timers.advance(MINUTE);
  const calls = suite.counter.calls(); // before stop(): removing the listeners is no idle call
  live.stop();
  return calls;
}

export async function runHostCallsBench(): Promise<HostCallsRow[]> {
  const rows: HostCallsRow[] = [];
  for (const markers of [0, 3, 12]) {
    const presence = FOLLOW_EVENTS.kind === 'events' ? FOLLOW_EVENTS.presenceMs : 0;
    rows.push({
      markers,
      before: await idleCalls(EVERY_SECOND, markers),
      after: await idleCalls(FOLLOW_EVENTS, markers),
      afterUnused: await idleCalls(FOLLOW_EVENTS, markers, presence),
    });
  }
  return rows;
}

export function formatHostCallsBench(rows: HostCallsRow[]): string {
  const lines = [
    'Host calls per idle minute, panel open on a 25 fps sequence (2 clips, in/out marked), counted on the fake Premiere.',
    'before: everything re-read every second. after: host events, in/out polled every 2.5 s, markers every 10 s.',
    'markers | before | after | ratio | after, panel unused 5 min',
  ];
  for (const r of rows) {
    lines.push(`${String(r.markers).padStart(7)} | ${String(r.before).padStart(6)} | ${String(r.after).padStart(5)} | ${(r.after / r.before).toFixed(3).padStart(5)} | ${r.afterUnused}`);
  }
  for (const r of rows) {
    const ok = r.after * 10 <= r.before;
    lines.push(`${ok ? 'PASS' : 'FAIL'} ${r.markers} markers: ${r.after} calls a minute vs ${r.before} (${(r.before / Math.max(1, r.after)).toFixed(1)}x fewer; target at least 10x)`);
  }
  return lines.join('\n');
}
