import type { FileStore } from '../app/ports';

/** An in-memory FileStore for tests that do not need real files. */
export function createMemoryFileStore(): FileStore & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const text = new TextEncoder();
  return {
    files,
    read: async (path) => {
      const bytes = files.get(path);
      if (!bytes) throw new Error(`no file ${path}`);
      return bytes;
    },
    write: async (path, bytes) => void files.set(path, bytes),
    readText: async (path) => (files.has(path) ? new TextDecoder().decode(files.get(path)) : null),
    writeText: async (path, t) => void files.set(path, text.encode(t)),
    exists: async (path) => files.has(path),
    size: async (path) => files.get(path)?.byteLength ?? null,
    remove: async (path) => void files.delete(path),
    ensureFolder: async () => undefined,
    join: (...parts) => parts.join('/'),
    scratchFolder: async () => '/scratch',
  };
}
