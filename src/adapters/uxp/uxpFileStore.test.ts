import { promises as fs, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
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
