import { promises as fs, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Journal, pendingPathOf } from '../../app/journal';
import { UxpFs, createUxpFileStore } from './uxpFileStore';

/** UXP's fs, as documented: readFile without encoding gives an ArrayBuffer; writeFile takes one. */
const uxpLikeFs: UxpFs = {
  readFile: async (path, options) => {
    const bytes = await fs.readFile(path);
    return options?.encoding ? bytes.toString('utf8') : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  },
  writeFile: async (path, data) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(ArrayBuffer.isView(data) ? data.buffer : data);
    await fs.writeFile(path, bytes);
    return bytes.length;
  },
  lstat: (path) => fs.lstat(path),
  mkdir: (path, o) => fs.mkdir(path, o),
  unlink: (path) => fs.unlink(path),
  rename: (a, b) => fs.rename(a, b),
};

test('reads and writes bytes and text, replaces files whole, and reports sizes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uxpfs-'));
  const store = createUxpFileStore(uxpLikeFs, async () => dir);
  const folder = store.join(dir, '/takes/');
  await store.ensureFolder(folder);
  await store.ensureFolder(folder); // twice is fine
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  // A view into a larger buffer: only its own bytes are written.
  const view = new Uint8Array([9, 9, ...bytes, 9]).subarray(2, 7);
  await store.write(store.join(folder, 'a.bin'), view);
  expect(await store.read(store.join(folder, 'a.bin'))).toEqual(bytes);
  expect(await store.size(store.join(folder, 'a.bin'))).toBe(5);
  expect(await store.readText(store.join(folder, 'none.json'))).toBeNull();
  await store.writeText(store.join(folder, 'j.json'), '{"v":1}');
  await store.writeText(store.join(folder, 'j.json'), '{"v":2}');
  expect(await store.readText(store.join(folder, 'j.json'))).toBe('{"v":2}');
  await store.remove(store.join(folder, 'a.bin'));
  await store.remove(store.join(folder, 'a.bin'));
  expect(await store.exists(store.join(folder, 'a.bin'))).toBe(false);
  expect(await store.scratchFolder()).toBe(dir);
});

test('replacing the journal renames the new version over the old one and never deletes it first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uxpfs-'));
  const calls: string[] = [];
  const recording: UxpFs = {
    ...uxpLikeFs,
    writeFile: (path, data, o) => (calls.push(`write ${path}`), uxpLikeFs.writeFile(path, data, o)),
    unlink: (path) => (calls.push(`unlink ${path}`), uxpLikeFs.unlink(path)),
    rename: (a, b) => (calls.push(`rename ${a} ${b}`), uxpLikeFs.rename(a, b)),
  };
  const store = createUxpFileStore(recording, async () => dir);
  const path = join(dir, 'retake-journal.json');
  await store.writeText(path, 'old');
  calls.length = 0;
  await store.writeText(path, 'new');
  expect(calls).toEqual([`write ${pendingPathOf(path)}`, `rename ${pendingPathOf(path)} ${path}`]);
  expect(await store.readText(path)).toBe('new');
});

test('a crash after the pending write and before the rename loses no job: the old file stays, or the pending one is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'uxpfs-'));
  const path = join(dir, 'retake-journal.json');
  const paid = { version: 1, jobs: [] as unknown[] };
  let crash = false;
  const crashing: UxpFs = {
    ...uxpLikeFs,
    rename: async (a, b) => {
      if (crash) throw new Error('plugin unloaded');
      return uxpLikeFs.rename(a, b);
    },
  };
  const store = createUxpFileStore(crashing, async () => dir);
  await store.writeText(path, JSON.stringify(paid));
  crash = true;
  await expect(store.writeText(path, '{"version":1,"jobs":[]}')).rejects.toThrow('plugin unloaded');
  expect(await store.readText(path)).toBe(JSON.stringify(paid));
  // The main file gone (the old delete-first order, or a lost rename): the journal reads the pending version.
  await fs.unlink(path);
  const journal = new Journal(store, path);
  expect(await journal.load()).toEqual([]);
  expect(journal.notices[0]).toMatch(/recovered/);
});
