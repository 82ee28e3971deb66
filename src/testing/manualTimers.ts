import type { RefreshTimers } from '../app/liveRefresh';

/** Lets every promise chain that waits on no timer run to its end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Interval timers on a simulated clock: a minute passes in milliseconds, each tick settled before the next. */
export class ManualTimers implements RefreshTimers {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { run: () => void; every: number; due: number }>();

  now(): number {
    return this.time;
  }

  setInterval(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { run, every: Math.max(1, ms), due: this.time + Math.max(1, ms) });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.values()].filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      this.time = due.due;
      due.due += due.every;
      due.run();
      await settle();
    }
    this.time = end;
    await settle();
  }
}
