import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { pendingPathOf } from '../../app/journal';
import type { FileStore } from '../../app/ports';

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
 */
async function replaceAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const pending = pendingPathOf(path);
  const handle = await fs.open(pending, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(pending, path);
  await syncFolder(dirname(path));
}

/** Makes the rename itself durable where the platform allows it (not on Windows, where opening a folder fails). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return null;
  }
}
