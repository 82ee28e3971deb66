import { promises as fs, readFileSync, unlinkSync } from 'fs';
import { hostname } from 'os';

/** Who holds an output: written into the lock file when it is taken. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
}

export type LockResult = { ok: true; release: () => Promise<void> } | { ok: false; holder: LockHolder | null; sentence: string };

/** A lock file still empty this long after it was created belongs to a process that died creating it. */
const CREATION_GRACE_MS = 5000;

/**
 * One process per output: the lock file is created exclusively (O_EXCL) and holds the owner's pid,
 * start time and host. A lock whose process is gone (same host, pid not running) is stale and
 * taken over; any other lock is refused with a sentence naming its holder.
 */
export async function lockOutput(lockPath: string, output: string): Promise<LockResult> {
  const me: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname() };
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    const created = await fs.writeFile(lockPath, mine, { flag: 'wx' }).then(() => true, (e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? false : Promise.reject(e)));
    if (created) return { ok: true, release: releaser(lockPath, mine) };
    const seen = await readLock(lockPath);
    if (seen === 'gone') continue;
    if (seen.holder && !isStale(seen.holder)) {
      const h = seen.holder;
      return { ok: false, holder: h, sentence: `Another ltx-retake (process ${h.pid} on ${h.host}, started ${h.startedAt}) is writing ${output}. Nothing was uploaded; wait for it to finish, or stop it and run this command again.` };
    }
    if (!seen.holder && Date.now() - seen.createdMs < CREATION_GRACE_MS) {
      return { ok: false, holder: null, sentence: `Another ltx-retake is starting on ${output} (lock ${lockPath}). Nothing was uploaded; run this command again in a moment.` };
    }
    // Stale: remove it only if it is still the very lock that was judged, then try to take it again.
    if ((await fs.readFile(lockPath, 'utf8').catch(() => null)) === seen.text) await fs.unlink(lockPath).catch(() => undefined);
  }
  return { ok: false, holder: null, sentence: `Could not take the lock ${lockPath} for ${output}. Nothing was uploaded; run this command again.` };
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

/** Only a lock from this machine can be judged: its process is gone when signal 0 finds no such pid. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Releases the lock if it is still ours. Also released synchronously on process exit (a second
 * Ctrl-C exits at once), so only kill -9 or a power cut leaves a stale lock behind.
 */
function releaser(lockPath: string, mine: string): () => Promise<void> {
  const releaseNow = () => {
    try {
      if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once('exit', releaseNow);
  return async () => {
    process.off('exit', releaseNow);
    releaseNow();
  };
}
