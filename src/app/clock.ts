import { cancelledError } from '../domain/errors';
import type { Clock } from './ports';

/** The real clock, for every host (UXP has setTimeout and Date). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, cancel) =>
    new Promise<void>((resolve, reject) => {
      if (cancel?.cancelled) return reject(cancelledError());
      const timer = setTimeout(() => {
        unsubscribe?.();
        resolve();
      }, ms);
      const unsubscribe = cancel?.onCancel(() => {
        clearTimeout(timer);
        reject(cancelledError());
      });
    }),
};

/**
 * A simulated clock for tests and benchmarks: sleeping advances time instantly, so a 15-minute
 * job is followed in milliseconds with the real polling code.
 */
export function createSimulatedClock(start = 0): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, cancel) => {
      cancel?.throwIfCancelled();
      now += ms;
      await Promise.resolve();
      cancel?.throwIfCancelled();
    },
  };
}
