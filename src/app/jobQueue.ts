import { CancelToken } from './cancel';

/**
 * Runs jobs with a bounded number at once (remote generation is the long part and runs in
 * parallel). Cancelling a queued job drops it before it costs anything; cancelling a running one
 * asks it to stop at its next step.
 */
export class JobQueue {
  private waiting: string[] = [];
  private running = new Map<string, CancelToken>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly run: (jobId: string, cancel: CancelToken) => Promise<unknown>,
    private readonly onDropped: (jobId: string) => Promise<void>,
    public concurrency = 3,
  ) {}

  enqueue(jobId: string): void {
    if (this.running.has(jobId) || this.waiting.includes(jobId)) return;
    this.waiting.push(jobId);
    this.pump();
  }

  isBusy(jobId: string): boolean {
    return this.running.has(jobId) || this.waiting.includes(jobId);
  }

  async cancel(jobId: string): Promise<void> {
    const i = this.waiting.indexOf(jobId);
    if (i >= 0) {
      this.waiting.splice(i, 1);
      await this.onDropped(jobId);
      this.settleIdle();
    }
    this.running.get(jobId)?.cancel();
  }

  async cancelAll(): Promise<void> {
    for (const id of [...this.waiting]) await this.cancel(id);
    for (const token of this.running.values()) token.cancel();
  }

  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift() as string;
      const token = new CancelToken();
      this.running.set(id, token);
      void this.run(id, token)
        .catch(() => undefined) // the job records its own failure
        .finally(() => {
          this.running.delete(id);
          this.pump();
          this.settleIdle();
        });
    }
  }

  private settleIdle(): void {
    if (this.waiting.length > 0 || this.running.size > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}

/** Makes async calls take turns: exports and placements touch the one timeline, one at a time. */
export function createMutex(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}
