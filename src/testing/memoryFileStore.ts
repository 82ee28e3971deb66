import type { FileStore } from '../app/ports';

/**
 * An in-memory FileStore for tests that need no real files. Text is kept as text, since jsdom (the
 * panel tests) may lack TextEncoder.
 */
export function createMemoryFileStore(): FileStore & { bytes: Map<string, Uint8Array>; texts: Map<string, string> } {
  const bytes = new Map<string, Uint8Array>();
  const texts = new Map<string, string>();
  return {
    bytes,
    texts,
    read: async (path) => {
      const b = bytes.get(path);
      if (!b) throw new Error(`No file at ${path}.`);
      return b;
    },
    write: async (path, b) => void bytes.set(path, b),
    readText: async (path) => texts.get(path) ?? null,
    writeText: async (path, t) => void texts.set(path, t),
    exists: async (path) => bytes.has(path) || texts.has(path),
    size: async (path) => bytes.get(path)?.byteLength ?? texts.get(path)?.length ?? null,
    remove: async (path) => {
      bytes.delete(path);
      texts.delete(path);
    },
    ensureFolder: async () => undefined,
    join: (...parts) => parts.join('/'),
    scratchFolder: async () => '/scratch',
  };
}
