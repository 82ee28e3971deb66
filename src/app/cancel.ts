import { cancelledError } from '../domain/errors';

/**
 * Cooperative cancel. UXP documents AbortSignal for web streams only, so the pipeline checks this
 * between steps, sleeps are interruptible, and late results are discarded.
 */
export class CancelToken {
  private listeners = new Set<() => void>();
  private _cancelled = false;

  get cancelled(): boolean {
    return this._cancelled;
  }

  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    for (const l of [...this.listeners]) l();
    this.listeners.clear();
  }

  /** Calls `listener` once on cancel (at once if already cancelled); returns an unsubscribe. */
  onCancel(listener: () => void): () => void {
    if (this._cancelled) {
      listener();
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  throwIfCancelled(): void {
    if (this._cancelled) throw cancelledError();
  }
}

/** A token that is never cancelled, for callers that offer no cancel. */
export const NEVER_CANCELLED = new CancelToken();
