import { joinPath } from '../app/paths';
import type { FileStore } from '../app/ports';
import type { PageFetch } from './pageFetch';

/** The demo page's FileStore: the real files live on the demo server, under its data folder. */
export function createRemoteFileStore(call: PageFetch, scratch: string): FileStore {
  const fsCall = async (op: string, path: string, init?: RequestInit) => {
    const r = await call(`/api/fs/${op}?path=${encodeURIComponent(path)}`, { method: 'POST', ...init });
    if (!r.ok) throw new Error(`${op} ${path}: ${((await r.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${r.status}`}`);
    return r;
  };
  const size = async (path: string) => ((await (await fsCall('stat', path)).json()) as { size: number | null }).size;
  // Asked before reading, so a file that does not exist yet (a first start) is no failed request.
  const readIfPresent = async (path: string) => ((await size(path)) === null ? null : fsCall('read', path));
  return {
    read: async (path) => {
      const r = await readIfPresent(path);
      if (!r) throw new Error(`No file at ${path}.`);
      return new Uint8Array(await r.arrayBuffer());
    },
    write: async (path, bytes) => {
      await fsCall('write', path, { body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    },
    readText: async (path) => {
      const r = await readIfPresent(path);
      return r ? r.text() : null;
    },
    writeText: async (path, text) => {
      await fsCall('write', path, { body: text });
    },
    exists: async (path) => (await size(path)) !== null,
    size,
    remove: async (path) => {
      await fsCall('remove', path);
    },
    ensureFolder: async (path) => {
      await fsCall('mkdir', path);
    },
    join: joinPath,
    scratchFolder: async () => scratch,
  };
}
