/**
 * While an export has set the sequence in/out to its context window, the marks Premiere reports
 * are the window, not the editor's. Every read of the marks goes through here, so a refresh, a
 * timer or a menu command running meanwhile plans from the editor's marks, never the window.
 */
import type { Ticks } from '../../domain/time';

/** In/out exactly as Premiere reported them (negative = nothing marked). */
export interface RawMarks {
  in: Ticks;
  out: Ticks;
}

export class MarkHolds {
  private readonly held = new Map<string, RawMarks>();

  /** Records the editor's marks before the export replaces them. */
  hold(sequenceId: string, editorMarks: RawMarks): void {
    this.held.set(sequenceId, editorMarks);
  }

  release(sequenceId: string): void {
    this.held.delete(sequenceId);
  }

  isHeld(sequenceId: string): boolean {
    return this.held.has(sequenceId);
  }

  /** The editor's marks: the held ones while an export has the sequence, else what Premiere reads. */
  async editorMarks(sequenceId: string, read: () => Promise<RawMarks>): Promise<RawMarks> {
    return this.held.get(sequenceId) ?? (await read());
  }
}
