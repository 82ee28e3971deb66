/**
 * One run of the `ltx-retake` command inside the test process, as a Life that can die at an exact
 * point: its requests, its journal and take writes and its output write are the life's events.
 * The runs of one cell share a process table: each run has its own pid, and a dead run's pid no
 * longer runs, so the next run finds the dead one's output lock stale exactly as after kill -9
 * (the lock is never deleted by the test).
 */
import { copyFile } from 'fs/promises';
import { dirname, join } from 'path';
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
  exports: ExportCache;
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
    requestTimeoutMs: { submit: 1500, poll: 1500, upload: 5000, download: 5000 },
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

/** Exports of the same window of the same input are the same file: made once (by the real host), copied after. */
export class ExportCache {
  private readonly made = new Map<string, Promise<string>>();

  constructor(private readonly folder: string) {}

  async copy(key: string, outPath: string, make: (path: string) => Promise<void>): Promise<void> {
    let made = this.made.get(key);
    if (!made) {
      const path = join(this.folder, `export-${this.made.size}.mp4`);
      made = make(path).then(() => path);
      this.made.set(key, made);
    }
    await copyFile(await made, outPath);
  }
}

/** The video file host of one life: the output write is the life's event; exports are cached. */
function mortalHost(host: HostPort, o: CliLifeOptions): HostPort {
  return {
    ...host,
    exportWindow: (sequenceId, window, outPath, cancel) =>
      o.life.guard(() => o.exports.copy(`${sequenceId}:${window.start}-${window.end}`, outPath, (path) => host.exportWindow(sequenceId, window, path, cancel))),
    placeTake: (take, placement) =>
      o.life.event('output', async () => {
        const placed = await host.placeTake(take, placement);
        o.onOutputWritten();
        return placed;
      }),
  };
}
