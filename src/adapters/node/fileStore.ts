import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { FileStore } from '../../app/ports';

/** FileStore on Node's file system: the CLI, the demo server and tests. */
export function createNodeFileStore(scratchRoot: string = tmpdir()): FileStore {
  let scratch: string | null = null;
  return {
    read: async (path) => new Uint8Array(await fs.readFile(path)),
    write: async (path, bytes) => fs.writeFile(path, bytes),
    readText: async (path) => {
      try {
        return await fs.readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    // Write then rename, so a crash mid-write never leaves a half journal.
    writeText: async (path, text) => {
      const temp = `${path}.${process.pid}.tmp`;
      await fs.writeFile(temp, text, 'utf8');
      await fs.rename(temp, path);
    },
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

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return null;
  }
}
