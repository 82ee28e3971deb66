import type { Fault, FaultKind, FaultScript, RequestTarget } from './faults';
import type { JobEngine } from './jobs';
import type { MediaStore } from './media';
import type { StandInStats } from './server';
import type { BodySlots } from './slots';

/**
 * The state one stand-in's routes share. startRunwareStandIn builds it once and passes it to the
 * handlers in api.ts, tasks.ts, media.ts and control.ts, so they need no closure over server.ts.
 */
export interface StandInContext {
  readonly stats: StandInStats;
  readonly faults: FaultScript;
  readonly media: MediaStore;
  readonly jobs: JobEngine;
  /** Requests that may hold a body in memory at once (slots.ts). */
  readonly bodies: BodySlots;
  /** "http://127.0.0.1:PORT", known once the server listens (before any request arrives). */
  origin(): string;
  /** Requests received so far, by target (for faults scripted `onRequest`). */
  readonly requestCounts: Record<RequestTarget, number>;
}

/** Counts one more request to `target` and returns its number (1-based). */
export function countRequest(ctx: StandInContext, target: RequestTarget): number {
  ctx.requestCounts[target] += 1;
  return ctx.requestCounts[target];
}

/** Takes the next matching scripted fault and counts it in stats.faultsFired. */
export function takeFault(
  ctx: StandInContext, target: RequestTarget, prompts: readonly string[], kinds: readonly FaultKind[],
): Fault | undefined {
  const f = ctx.faults.take(target, prompts, kinds, ctx.requestCounts[target]);
  if (f) ctx.stats.faultsFired += 1;
  return f;
}
