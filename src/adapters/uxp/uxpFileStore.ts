import { pendingPathOf } from '../../app/journal';
import { joinPath } from '../../app/paths';
import type { FileStore } from '../../app/ports';

/**
 * The calls this plugin makes on UXP's `require('fs')` (documented Node-like API; the published
 * typings declare most of them as `any`, so the shape is stated here once).
 */
export interface UxpFs {
  readFile(path: string, options?: { encoding: 'utf-8' }): Promise<ArrayBuffer | string>;
  writeFile(path: string, data: string | ArrayBuffer | ArrayBufferView, options?: { encoding: 'utf-8' }): Promise<number>;
  lstat(path: string): Promise<{ size: number; isFile(): boolean }>;
  mkdir(path: string, options?: { recursive: boolean }): Promise<unknown>;
  unlink(path: string): Promise<unknown>;
  rename(oldPath: string, newPath: string): Promise<unknown>;
}

/**
 * FileStore on UXP. Paths are native paths (takes beside the project, needing fullAccess) or
 * `plugin-data:/` (the journal); `scratch` is the native path of the plugin's temp folder, which
 * UXP wipes on unload: good for exports, never for takes.
 */
export function createUxpFileStore(fs: UxpFs, scratch: () => Promise<string>): FileStore {
  const size = async (path: string) => {
    try {
      return (await fs.lstat(path)).size;
    } catch {
      return null;
    }
  };
  return {
    read: async (path) => new Uint8Array((await fs.readFile(path)) as ArrayBuffer),
    write: async (path, bytes) => {
      // UXP's writeFile takes an ArrayBuffer; copy out exactly the view's bytes.
      await fs.writeFile(path, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    },
    readText: async (path) => ((await size(path)) === null ? null : ((await fs.readFile(path, { encoding: 'utf-8' })) as string)),
    // UXP's fs has no fsync. The next version is written whole beside the file, then renamed over
    // it (UXP documents rename over libuv, whose rename replaces the target on macOS and Windows),
    // so the journal is never missing; Journal.load reads the pending file if the rename never ran.
    writeText: async (path, text) => {
      const pending = pendingPathOf(path);
      await fs.writeFile(pending, text, { encoding: 'utf-8' });
      await fs.rename(pending, path);
    },
    exists: async (path) => (await size(path)) !== null,
    size,
    remove: async (path) => {
      if ((await size(path)) !== null) await fs.unlink(path);
    },
    ensureFolder: async (path) => {
      if ((await size(path)) === null) await fs.mkdir(path, { recursive: true });
    },
    join: joinPath,
    scratchFolder: scratch,
  };
}
