import type { FileStore } from '../app/ports';

/**
 * An in-memory FileStore for tests that need no real files. Text is kept as text, since jsdom (the
 * panel tests) may lack TextEncoder. Setting `failWrites` to a reason makes every later write
 * reject with it, as a full disk would.
 */
export function createMemoryFileStore(): FileStore & { bytes: Map<string, Uint8Array>; texts: Map<string, string>; failWrites: string | null } {
  const bytes = new Map<string, Uint8Array>();
  const texts = new Map<string, string>();
  const store = {
    bytes,
    texts,
    failWrites: null as string | null,
    read: async (path: string) => {
      const b = bytes.get(path);
      if (!b) throw new Error(`No file at ${path}.`);
      return b;
    },
    write: async (path: string, b: Uint8Array) => {
      refuseIfFull();
      bytes.set(path, b);
    },
    readText: async (path: string) => texts.get(path) ?? null,
    writeText: async (path: string, t: string) => {
      refuseIfFull();
      texts.set(path, t);
    },
    exists: async (path: string) => bytes.has(path) || texts.has(path),
    size: async (path: string) => bytes.get(path)?.byteLength ?? texts.get(path)?.length ?? null,
    remove: async (path: string) => {
      bytes.delete(path);
      texts.delete(path);
    },
    ensureFolder: async () => undefined,
    join: (...parts: string[]) => parts.join('/'),
    scratchFolder: async () => '/scratch',
  };
  function refuseIfFull(): void {
    if (store.failWrites !== null) throw new Error(store.failWrites);
  }
  return store;
}
