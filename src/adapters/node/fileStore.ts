import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import type { FileStore } from '../../app/ports';
import { syncFolder } from './placeOutput';

/** Journals, takes and locks: only their owner reads them (the user who paid). */
export const PRIVATE_FILE_MODE = 0o600;

/** FileStore on Node's file system: the CLI, the demo server and tests. */
export function createNodeFileStore(scratchRoot: string = tmpdir()): FileStore {
  let scratch: string | null = null;
  return {
    read: async (path) => new Uint8Array(await fs.readFile(path)),
    write: (path, bytes) => replaceAtomically(path, bytes),
    readText: async (path) => {
      try {
        return await fs.readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    writeText: (path, text) => replaceAtomically(path, text),
    exists: async (path) => (await sizeOf(path)) !== null,
    size: sizeOf,
    remove: async (path) => fs.rm(path, { force: true }),
    ensureFolder: async (path) => {
      await fs.mkdir(path, { recursive: true });
    },
    join: (...parts) => join(...parts),
    scratchFolder: async () => {
      scratch ??= await fs.mkdtemp(join(scratchRoot, 'ltx-retake-'));
      return scratch;
    },
  };
}

/**
 * Writes the next version beside the file, flushes it to the disk, then renames it over the old
 * one: at every instant the path holds either the old or the new version, never a half or none.
 * The next version's name is random and created exclusively ('wx' fails on anything already
 * there, a planted link included), so another process cannot make this write land elsewhere; it
 * is beside the file so the rename stays on one disk, and 0600 as it holds job data or a paid take.
 */
async function replaceAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const pending = join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`);
  const handle = await fs.open(pending, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(pending, path);
  } catch (e) {
    await fs.rm(pending, { force: true });
    throw e;
  }
  await syncFolder(dirname(path));
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return null;
  }
}
