import { promises as fs } from 'fs';
import { dirname } from 'path';
import { RetakeError } from '../../domain/errors';

/** A file as the disk knows it: the same inode, not rewritten since it was seen. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * What the output's path may hold when the finished output is put there: nothing (the default),
 * exactly the file that was there when the run began and was accepted then (this job's own
 * output, written by a run that stopped before the journal said so), or anything (--overwrite).
 */
export type ReplaceableAtOutput = null | FileIdentity | 'anything';

/** The RetakeError code of a refusal to replace a file that appeared at the output during the run. */
export const OUTPUT_APPEARED = 'outputAppeared';

export function isOutputAppeared(e: unknown): boolean {
  return e instanceof RetakeError && e.code === OUTPUT_APPEARED;
}

/** What is at the path now (a link itself, never what it points to), or null when nothing is. */
export async function identityAt(path: string): Promise<FileIdentity | null> {
  const s = await fs.lstat(path).catch(() => null);
  return s ? { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs } : null;
}

/**
 * Moves a finished file written beside `output` into place. Its data is flushed first and the
 * folder after, so a journal that later says "done" never sits beside an empty or missing output
 * after a power cut. Whatever is at `output` and not `replaceable` is left alone and refused with
 * an OUTPUT_APPEARED error (the partial is then the caller's to remove).
 */
export async function placeOutput(partial: string, output: string, replaceable: ReplaceableAtOutput): Promise<void> {
  await syncFile(partial);
  if (replaceable === null) await linkIntoPlace(partial, output);
  else {
    if (replaceable !== 'anything' && !sameFile(await identityAt(output), replaceable)) throw appeared(output);
    // A file accepted at the start is checked once more, then replaced: a program that swaps it
    // in the instant between the check and the rename is the one case this cannot see.
    await fs.rename(partial, output);
  }
  await syncFolder(dirname(output));
}

/**
 * link() creates the output's name only if nothing has it, and never follows a link planted
 * there; the partial's own name is then removed. Some disks have no hard links (exFAT and FAT
 * drives editors carry footage on, some network shares): there the path is checked one last time
 * and the partial renamed, which leaves only the instant between the two unguarded.
 */
async function linkIntoPlace(partial: string, output: string): Promise<void> {
  try {
    await fs.link(partial, output);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw appeared(output);
    if (!NO_HARD_LINKS.has(code ?? '')) throw e;
    if (await identityAt(output)) throw appeared(output);
    await fs.rename(partial, output);
    return;
  }
  await fs.unlink(partial);
}

/** What link() answers on a file system without hard links (Linux, macOS and Windows spellings). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS']);

function sameFile(a: FileIdentity | null, b: FileIdentity): boolean {
  return a !== null && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function appeared(output: string): RetakeError {
  return new RetakeError('host', `${output} appeared while the retake ran; nothing was overwritten.`, { code: OUTPUT_APPEARED, retryable: false });
}

async function syncFile(path: string): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a new name in the folder durable where the platform allows it (not on Windows, where opening a folder fails). */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
