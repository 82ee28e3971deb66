/**
 * When the panel re-reads Premiere, as a policy with no DOM and no React in it, so the benchmark
 * and the tests run it on a simulated timer.
 *
 * - 'interval' re-reads everything every `intervalMs` (0: never) and on focus: what the panel did
 *   before it followed events (about 16 host calls a second, forever). Kept for hosts without
 *   events and as the benchmark's baseline.
 * - 'events' re-reads everything when the host reports a change and on focus; between those it
 *   polls only what no event reports: the in/out every `marksPollMs`, the ranged markers every
 *   `markersEvery`-th poll. The poll runs only while the panel may be seen (a sign of use within
 *   `presenceMs`, and the page not reported hidden) and never while an export or placement holds
 *   the timeline; a change reported meanwhile is read as soon as the timeline is free.
 */
import type { RangedMarker } from './ports';

export type RefreshPolicy =
  | { kind: 'interval'; intervalMs: number }
  | { kind: 'events'; marksPollMs: number; markersEvery: number; presenceMs: number };

/** What the panel did before: everything, every second. */
export const EVERY_SECOND: RefreshPolicy = { kind: 'interval', intervalMs: 1000 };

/** No live refresh at all (tests that drive refreshes themselves). */
export const NO_LIVE_REFRESH: RefreshPolicy = { kind: 'interval', intervalMs: 0 };

/**
 * Events, the in/out polled every 2.5 s and the markers every 10 s, for 5 minutes after the panel
 * was last used. The markers' slower poll keeps a sequence with many markers under a tenth of the
 * calls of a re-read every second (each marker costs five calls); a batch re-reads them anyway
 * before it starts.
 */
export const FOLLOW_EVENTS: RefreshPolicy = { kind: 'events', marksPollMs: 2500, markersEvery: 4, presenceMs: 5 * 60_000 };

/** What the policy drives: the controller. */
export interface RefreshTarget {
  refresh(): Promise<void>;
  pollMarks(o: { markers: boolean }): Promise<void>;
  hostBusy(): boolean;
  watchHost(onChange: () => void): (() => void) | null;
}

export interface RefreshTimers {
  now(): number;
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export class LiveRefresh {
  private timer: unknown = null;
  private unwatch: (() => void) | null = null;
  private running = false;
  /** A full read was asked for while another read ran or the timeline was held. */
  private fullDue = false;
  private polls = 0;
  private lastUse: number;
  private hidden = false;

  constructor(
    private readonly target: RefreshTarget,
    private readonly policy: RefreshPolicy,
    private readonly timers: RefreshTimers,
  ) {
    this.lastUse = timers.now();
  }

  start(): void {
    if (this.policy.kind === 'interval') {
      if (this.policy.intervalMs > 0) this.timer = this.timers.setInterval(() => this.read('full'), this.policy.intervalMs);
      return;
    }
    this.lastUse = this.timers.now();
    this.unwatch = this.target.watchHost(() => this.read('full'));
    this.timer = this.timers.setInterval(() => this.tick(), this.policy.marksPollMs);
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearInterval(this.timer);
    this.timer = null;
    this.unwatch?.();
    this.unwatch = null;
  }

  /** The panel got focus (or was shown): re-read everything now. */
  focused(): void {
    this.hidden = false;
    this.lastUse = this.timers.now();
    this.read('full');
  }

  /** A sign the panel is in use (pointer, keys); after a quiet spell it re-reads everything. */
  used(): void {
    const wasAsleep = this.asleep();
    this.hidden = false;
    this.lastUse = this.timers.now();
    if (wasAsleep) this.read('full');
  }

  /** The host says the panel cannot be seen (where it says so at all). */
  hide(): void {
    this.hidden = true;
  }

  private asleep(): boolean {
    return this.policy.kind === 'events' && (this.hidden || this.timers.now() - this.lastUse > this.policy.presenceMs);
  }

  private tick(): void {
    if (this.policy.kind !== 'events') return;
    if (this.fullDue) return this.read('full');
    if (this.asleep()) return;
    const markers = this.polls % this.policy.markersEvery === 0;
    this.polls++;
    // A host with no events tells us of no switched sequence: there the poll reads everything.
    this.read(this.unwatch ? (markers ? 'marksAndMarkers' : 'marks') : 'full');
  }

  private read(kind: 'full' | 'marks' | 'marksAndMarkers'): void {
    if (this.running || (kind === 'full' && this.policy.kind === 'events' && this.target.hostBusy())) {
      if (kind === 'full') this.fullDue = true;
      return;
    }
    if (kind === 'full') this.fullDue = false;
    this.running = true;
    const work = kind === 'full' ? this.target.refresh() : this.target.pollMarks({ markers: kind === 'marksAndMarkers' });
    work
      .catch(() => undefined) // refresh records host problems in the state itself
      .finally(() => {
        this.running = false;
        if (this.fullDue && this.timer !== null && !this.target.hostBusy()) this.read('full');
      });
  }
}

/** Whether a poll saw the same in/out as the panel shows (null: nothing marked). */
export function sameRange(a: { start: bigint; end: bigint } | null, b: { start: bigint; end: bigint } | null): boolean {
  return a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end);
}

/** Whether a poll saw the same ranged markers, in the same order, as the panel shows. */
export function sameMarkers(a: RangedMarker[], b: RangedMarker[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.id === b[i].id && m.name === b[i].name && m.comments === b[i].comments && m.colorIndex === b[i].colorIndex && sameRange(m.range, b[i].range))
  );
}
