import { promises as fs, readFileSync, unlinkSync } from 'fs';
import { hostname } from 'os';
import { PRIVATE_FILE_MODE } from './fileStore';

/** Who holds an output: written into the lock file when it is taken. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
}

export type LockResult = { ok: true; release: () => Promise<void> } | { ok: false; holder: LockHolder | null; sentence: string };

/**
 * The process taking a lock, as the lock sees it: its pid, whether another pid on this machine
 * still runs, and how to release on exit. THIS_PROCESS in the CLI; the crash matrix runs several
 * "processes" inside one and says which of them are dead.
 */
export interface LockOwner {
  pid: number;
  isRunning(pid: number): boolean;
  /** Calls `release` when this process exits; returns what cancels that. */
  onExit(release: () => void): () => void;
}

/** Signal 0 finds no such pid (ESRCH): that process is gone; any other answer (EPERM) means it runs. */
export const THIS_PROCESS: LockOwner = {
  pid: process.pid,
  isRunning: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  },
  onExit: (release) => {
    process.once('exit', release);
    return () => process.off('exit', release);
  },
};

/** A lock file still empty this long after it was created belongs to a process that died creating it. */
const CREATION_GRACE_MS = 5000;

/**
 * One process per output: the lock file is created exclusively (O_EXCL), for its owner's eyes
 * only, and holds the owner's pid, start time and host. A lock whose process is gone (same host,
 * pid not running) is stale and taken over; any other lock is refused with a sentence naming its
 * holder.
 */
export async function lockOutput(lockPath: string, output: string, owner: LockOwner = THIS_PROCESS): Promise<LockResult> {
  const me: LockHolder = { pid: owner.pid, startedAt: new Date().toISOString(), host: hostname() };
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    const created = await fs.writeFile(lockPath, mine, { flag: 'wx', mode: PRIVATE_FILE_MODE }).then(() => true, (e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? false : Promise.reject(e)));
    if (created) return { ok: true, release: releaser(lockPath, mine, owner) };
    const seen = await readLock(lockPath);
    if (seen === 'gone') continue;
    if (seen.holder && !isStale(seen.holder, owner)) {
      const h = seen.holder;
      return { ok: false, holder: h, sentence: `Another ltx-retake (process ${h.pid} on ${h.host}, started ${h.startedAt}) is writing ${output}. Nothing was uploaded; wait for it to finish, or stop it and run this command again.` };
    }
    if (!seen.holder && Date.now() - seen.createdMs < CREATION_GRACE_MS) {
      return { ok: false, holder: null, sentence: `Another ltx-retake is starting on ${output} (lock ${lockPath}). Nothing was uploaded; run this command again in a moment.` };
    }
    if ((await removeStale(lockPath, seen.text)) === 'busy') {
      return { ok: false, holder: null, sentence: `Another ltx-retake is taking over ${output} (lock ${lockPath}). Nothing was uploaded; run this command again in a moment.` };
    }
  }
  return { ok: false, holder: null, sentence: `Could not take the lock ${lockPath} for ${output}. Nothing was uploaded; run this command again.` };
}

/**
 * Removes a stale lock under a takeover guard created exclusively beside it: of processes taking
 * over the same stale lock at once, one removes it, and none can remove the lock the winner creates
 * next (a late one re-reads the lock under the guard and finds it is no longer the stale one).
 */
async function removeStale(lockPath: string, staleText: string): Promise<'removed' | 'busy' | 'guardCleared'> {
  const guard = `${lockPath}.takeover`;
  const took = await fs.writeFile(guard, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE }).then(() => true, (e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? false : Promise.reject(e)));
  if (!took) {
    // A guard is held for a few file operations; an old one was left by a process that died
    // holding it, and is removed so that the output is not locked for good.
    const stat = await fs.stat(guard).catch(() => null);
    if (!stat || Date.now() - stat.mtimeMs <= CREATION_GRACE_MS) return 'busy';
    await fs.unlink(guard).catch(() => undefined);
    return 'guardCleared';
  }
  try {
    if ((await fs.readFile(lockPath, 'utf8').catch(() => null)) === staleText) await fs.unlink(lockPath).catch(() => undefined);
  } finally {
    await fs.unlink(guard).catch(() => undefined);
  }
  return 'removed';
}

async function readLock(lockPath: string): Promise<'gone' | { text: string; holder: LockHolder | null; createdMs: number }> {
  const [text, stat] = await Promise.all([fs.readFile(lockPath, 'utf8').catch(() => null), fs.stat(lockPath).catch(() => null)]);
  if (text === null || stat === null) return 'gone';
  return { text, holder: parseHolder(text), createdMs: stat.mtimeMs };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(v.pid) && typeof v.startedAt === 'string' && typeof v.host === 'string' ? (v as LockHolder) : null;
  } catch {
    return null;
  }
}

/** Only a lock from this machine can be judged: stale when its process is gone. */
function isStale(holder: LockHolder, owner: LockOwner): boolean {
  return holder.host === hostname() && !owner.isRunning(holder.pid);
}

/**
 * Releases the lock if it is still ours. Also released synchronously on process exit (a second
 * Ctrl-C exits at once), so only kill -9 or a power cut leaves a stale lock behind.
 */
function releaser(lockPath: string, mine: string, owner: LockOwner): () => Promise<void> {
  const releaseNow = () => {
    try {
      if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  const cancelOnExit = owner.onExit(releaseNow);
  return async () => {
    cancelOnExit();
    releaseNow();
  };
}
