/**
 * One run of the `ltx-retake` command inside the test process, as a Life that can die at an exact
 * point: its requests, its journal and take writes and its output write are the life's events.
 * The runs of one cell share a process table: each run has its own pid, and a dead run's pid no
 * longer runs, so the next run finds the dead one's output lock stale exactly as after kill -9
 * (the lock is never deleted by the test).
 */
import { createHash } from 'crypto';
import { copyFile, readFile, rename } from 'fs/promises';
import { dirname, extname, join } from 'path';
import type { FileStore, HostPort } from '../../app/ports';
import { createNodeFileStore } from '../../adapters/node/fileStore';
import type { LockOwner } from '../../adapters/node/outputLock';
import { runCli } from '../../cli/main';
import { journalPathFor } from '../../cli/outputFiles';
import type { CliSystem } from '../../cli/system';
import { Life, diskFullOnce, fastClock, mortalFetch, mortalFileStore } from './mortal';

/** The pids of the command's runs in one cell; a pid runs until its life dies or its run returns. */
export class ProcessTable {
  private readonly running = new Set<number>();
  private nextPid = 1_000_001;

  /** A new process: its lock owner says which other pids of this table still run. */
  spawn(life: Life): LockOwner & { exited: () => void } {
    const pid = this.nextPid++;
    this.running.add(pid);
    void life.died().then(() => this.running.delete(pid));
    return {
      pid,
      isRunning: (other) => this.running.has(other),
      // A run that returns releases its lock itself (main.ts); a dead one never exits cleanly.
      onExit: () => () => undefined,
      exited: () => this.running.delete(pid),
    };
  }
}

export interface CliLifeOptions {
  life: Life;
  processes: ProcessTable;
  output: string;
  /** Client time runs this many times faster than real time. */
  speed: number;
  /** The first write of the take fails with ENOSPC. */
  diskFull: boolean;
  /** Every request of every run passes here first (the cell watches the order of uploads and submits). */
  fetch: typeof fetch;
  /** Exports of a window, and splices of a take into the input, made once by the real host and copied after. */
  made: MadeOnce;
  /** Counts each output write that completed. */
  onOutputWritten: () => void;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command once as `life`; the promise never settles if the life dies first. */
export async function runCliLife(argv: string[], env: Record<string, string>, o: CliLifeOptions): Promise<CliRun> {
  const folder = dirname(o.output);
  const journal = journalPathFor(o.output);
  const isTake = (p: string) => dirname(p) === folder && p.endsWith('.mp4');
  let files: FileStore = mortalFileStore(createNodeFileStore(folder), o.life, (p) => p === journal, isTake);
  if (o.diskFull) files = diskFullOnce(files, isTake);
  const owner = o.processes.spawn(o.life);
  const system: CliSystem = {
    fetch: mortalFetch(o.fetch, o.life),
    clock: fastClock(o.speed, o.life),
    files,
    lockOwner: owner,
    // Short, as the clock is fast: a hung acknowledgement is given up on in under a second.
    requestTimeoutMs: { submit: 800, poll: 800, upload: 5000, download: 5000 },
    host: (host) => mortalHost(host, o),
  };
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(argv, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, system);
    return { code, stdout, stderr };
  } finally {
    owner.exited();
  }
}

/**
 * Files that are the same for the same request, made by the real code the first time and copied
 * after: the export of a window of the input, and the output spliced from the same take at the
 * same place (keyed by the take's bytes, so a wrong take is spliced for real and shows). The
 * splice is most of a run's time; its own tests, and the matrix's reference run checked frame by
 * frame, prove what it writes, while the matrix proves when and how often it is written.
 */
export class MadeOnce {
  private readonly made = new Map<string, Promise<{ kept: string; value: unknown }>>();

  constructor(private readonly folder: string) {}

  /** `make` writes `path` (the first time for `key`); later calls copy that file to theirs, through a temp file renamed over it. */
  async write<T>(key: string, path: string, make: () => Promise<T>): Promise<T> {
    const first = this.made.get(key);
    if (!first) {
      const kept = join(this.folder, `made-${this.made.size}${extname(path)}`);
      const making = make().then(async (value) => {
        await copyFile(path, kept);
        return { kept, value };
      });
      making.catch(() => this.made.delete(key)); // a failed first attempt is no file to copy
      this.made.set(key, making);
      return (await making).value as T;
    }
    const { kept, value } = await first;
    const partial = `${path}.copying`;
    await copyFile(kept, partial);
    await rename(partial, path);
    return value as T;
  }
}

const bigints = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** The video file host of one life: the output write is the life's event; exports and splices are made once. */
function mortalHost(host: HostPort, o: CliLifeOptions): HostPort {
  return {
    ...host,
    exportWindow: (sequenceId, window, outPath, cancel) =>
      o.life.guard(() => o.made.write(`export:${sequenceId}:${JSON.stringify(window, bigints)}`, outPath, () => host.exportWindow(sequenceId, window, outPath, cancel))),
    placeTake: (take, placement) =>
      o.life.event('output', async () => {
        // The job's name is no part of the file: the same take at the same place is the same output.
        const { name, jobId: _jobId, ...where } = placement;
        const takeHash = createHash('sha256').update(await readFile(take.mediaPath)).digest('hex');
        const placed = await o.made.write(`output:${takeHash}:${JSON.stringify(where, bigints)}`, o.output, () => host.placeTake(take, placement));
        o.onOutputWritten();
        return { ...placed, name };
      }),
  };
}
