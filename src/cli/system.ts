import { systemClock } from '../app/clock';
import { CancelToken } from '../app/cancel';
import type { Clock, FileStore, HostPort } from '../app/ports';
import { createNodeFileStore } from '../adapters/node/fileStore';
import { LockOwner, THIS_PROCESS } from '../adapters/node/outputLock';
import type { RequestKind } from '../adapters/runware/errors';

/**
 * What the command takes from the machine it runs on. The real CLI runs on nodeSystem(); the
 * crash-and-fault matrix runs several "processes" of it inside one test, each with its own
 * system, so that one can die at an exact point (a request, a journal write, the output write)
 * and the next run of the same command finds on disk what the dead one left.
 */
export interface CliSystem {
  fetch: typeof fetch;
  clock: Clock;
  /** The journal, the downloaded take and the scratch copy of the window. */
  files: FileStore;
  /** This process as the output lock sees it (its pid, and which other pids still run). */
  lockOwner: LockOwner;
  /** Per-request time limits of the Runware client (default: RETRY_POLICY's). */
  requestTimeoutMs?: Partial<Record<RequestKind, number>>;
  /** The video file host as the job uses it (the matrix watches the output write there). */
  host: (host: HostPort) => HostPort;
}

export function nodeSystem(): CliSystem {
  return { fetch: globalThis.fetch.bind(globalThis), clock: systemClock, files: createNodeFileStore(), lockOwner: THIS_PROCESS, host: (host) => host };
}

/** Calls `tick` every `ms` of `clock` until the returned function is called. */
export function repeatEvery(clock: Clock, ms: number, tick: () => void): () => void {
  const stopped = new CancelToken();
  void (async () => {
    while (!stopped.cancelled) {
      await clock.sleep(ms, stopped).catch(() => undefined);
      if (!stopped.cancelled) tick();
    }
  })();
  return () => stopped.cancel();
}
