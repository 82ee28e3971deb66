/**
 * A process that can be killed at an exact point, for the crash-and-fault matrix.
 *
 * One `Life` stands for one run of the plugin (or CLI) process. Its file store and fetch count the
 * events that matter to money and data (journal writes, take writes, each request to Runware), and
 * when the chosen event is reached the life dies: from then on every file operation and request it
 * starts never settles, exactly as nothing more happens in a process after kill -9. What it had
 * written stays on disk for the next life, which loads the same journal and resumes.
 */
import type { Clock, FileStore } from '../../app/ports';
import { cancelledError } from '../../domain/errors';

/** take: the downloaded take file; output: the CLI's output file (the plugin places the take on the timeline instead). */
export type EventKind = 'journal' | 'take' | 'output' | 'upload' | 'submit' | 'poll' | 'download';
/** before: dies instead of doing it; after: does it, then dies; during: the request reaches Runware, the answer never comes back. */
export type When = 'before' | 'after' | 'during';

export interface CrashPoint {
  kind: EventKind;
  /** 1-based: the n-th event of that kind in this life. */
  nth: number;
  when: When;
}

export function describePoint(p: CrashPoint): string {
  return `${p.when} ${p.kind} #${p.nth}`;
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

export class Life {
  dead = false;
  private readonly counts = new Map<EventKind, number>();
  /** Every event seen, in order: a dry run's list is where the cells come from. */
  readonly events: Array<{ kind: EventKind; nth: number; label: string }> = [];
  private onDeath: Array<() => void> = [];

  constructor(private readonly crashAt: CrashPoint | null) {}

  /** Resolves when this life dies (never, for a life without a crash point that ends normally). */
  died(): Promise<void> {
    return this.dead ? Promise.resolve() : new Promise((resolve) => this.onDeath.push(resolve));
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    for (const f of this.onDeath) f();
    this.onDeath = [];
  }

  /** Runs `act` as event `kind`, dying before, after or during it when this is the chosen point. */
  async event<T>(kind: EventKind, act: () => Promise<T>, during?: (value: T) => Promise<void>, label = ''): Promise<T> {
    if (this.dead) return never<T>();
    const nth = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, nth);
    this.events.push({ kind, nth, label });
    const here = this.crashAt && this.crashAt.kind === kind && this.crashAt.nth === nth ? this.crashAt.when : null;
    if (here === 'before') {
      this.die();
      return never<T>();
    }
    const value = await act();
    if (here === 'during' && during) await during(value);
    if (here === 'after' || here === 'during') {
      this.die();
      return never<T>();
    }
    if (this.dead) return never<T>();
    return value;
  }

  /** A dead process does nothing at all, not even a read. */
  guard<T>(act: () => Promise<T>): Promise<T> {
    return this.dead ? never<T>() : act();
  }
}

/** The file store of one life: journal and take writes are crash points, everything stops at death. */
export function mortalFileStore(inner: FileStore, life: Life, isJournal: (path: string) => boolean, isTake: (path: string) => boolean): FileStore {
  const write = (path: string, act: () => Promise<void>, text?: string): Promise<void> => {
    if (isJournal(path)) return life.event('journal', act, undefined, text === undefined ? '' : journalState(text));
    if (isTake(path)) return life.event('take', act);
    return life.guard(act);
  };
  return {
    read: (p) => life.guard(() => inner.read(p)),
    readText: (p) => life.guard(() => inner.readText(p)),
    exists: (p) => life.guard(() => inner.exists(p)),
    size: (p) => life.guard(() => inner.size(p)),
    remove: (p) => life.guard(() => inner.remove(p)),
    ensureFolder: (p) => life.guard(() => inner.ensureFolder(p)),
    scratchFolder: () => life.guard(() => inner.scratchFolder()),
    join: (...parts) => inner.join(...parts),
    write: (p, bytes) => write(p, () => inner.write(p, bytes)),
    writeText: (p, text) => write(p, () => inner.writeText(p, text), text),
  };
}

/** The first write of a take fails with ENOSPC (a full disk); the disk has room again after. */
export function diskFullOnce(inner: FileStore, isTake: (path: string) => boolean): FileStore {
  let full = true;
  return {
    ...inner,
    write: async (path, bytes) => {
      if (full && isTake(path)) {
        full = false;
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
      }
      return inner.write(path, bytes);
    },
  };
}

/**
 * What a journal write records, as far as a crash is concerned: each job's stage and which facts it
 * holds (taskUUID, mediaUUID, result, take...). Two writes with the same state are the same crash point.
 */
function journalState(text: string): string {
  try {
    const { jobs } = JSON.parse(text) as { jobs: Array<Record<string, unknown>> };
    return jobs.map((j) => `${String(j.stage)}:${Object.keys(j).filter((k) => j[k] !== undefined && !['updatedAt', 'progress'].includes(k)).sort().join(',')}`).join(';');
  } catch {
    return text.length === 0 ? 'empty' : 'unreadable';
  }
}

/** Which Runware request a fetch is, from its body (a JSON array of tasks) or its method (downloads are GETs). */
export function requestKind(init: RequestInit | undefined): EventKind {
  if (!init?.method || init.method === 'GET') return 'download';
  const body = typeof init.body === 'string' ? init.body : '';
  if (body.includes('"mediaStorage"')) return 'upload';
  if (body.includes('"videoInference"')) return 'submit';
  return 'poll';
}

/** fetch for one life: each request is a crash point; "during" lets Runware process it, then loses the answer. */
export function mortalFetch(inner: typeof fetch, life: Life): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    life.event(
      requestKind(init),
      () => inner(input, init),
      async (res) => {
        await res.clone().arrayBuffer().catch(() => undefined); // the whole answer was sent: the work was done
      },
    )) as typeof fetch;
}

/**
 * Real time run `factor` times faster: the client's poll cadence, deadlines and grace periods keep
 * their proportions while the stand-in generates in real milliseconds.
 */
export function fastClock(factor: number, life: Life): Clock {
  const t0 = Date.now();
  return {
    now: () => t0 + (Date.now() - t0) * factor,
    sleep: (ms, cancel) =>
      life.guard(
        () =>
          new Promise<void>((resolve, reject) => {
            if (cancel?.cancelled) return reject(cancelledError());
            const timer = setTimeout(() => {
              stop?.();
              resolve();
            }, ms / factor);
            const stop = cancel?.onCancel(() => {
              clearTimeout(timer);
              reject(cancelledError());
            });
          }),
      ),
  };
}
