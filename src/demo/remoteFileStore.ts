import { joinPath } from '../app/paths';
import type { FileStore } from '../app/ports';

/** The demo page's FileStore: the real files live on the demo server, under its data folder. */
export function createRemoteFileStore(baseUrl: string, scratch: string): FileStore {
  const call = async (op: string, path: string, init?: RequestInit) => {
    const r = await fetch(`${baseUrl}/api/fs/${op}?path=${encodeURIComponent(path)}`, { method: 'POST', ...init });
    if (!r.ok && r.status !== 404) throw new Error(`${op} ${path}: ${((await r.json()) as { error: string }).error}`);
    return r;
  };
  const size = async (path: string) => ((await (await call('stat', path)).json()) as { size: number | null }).size;
  return {
    read: async (path) => {
      const r = await call('read', path);
      if (r.status === 404) throw new Error(`No file at ${path}.`);
      return new Uint8Array(await r.arrayBuffer());
    },
    write: async (path, bytes) => {
      await call('write', path, { body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    },
    readText: async (path) => {
      const r = await call('read', path);
      return r.status === 404 ? null : r.text();
    },
    writeText: async (path, text) => {
      await call('write', path, { body: text });
    },
    exists: async (path) => (await size(path)) !== null,
    size,
    remove: async (path) => {
      await call('remove', path);
    },
    ensureFolder: async (path) => {
      await call('mkdir', path);
    },
    join: joinPath,
    scratchFolder: async () => scratch,
  };
}
