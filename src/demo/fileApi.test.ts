/**
 * The page's file system on the demo server: only inside the data folder once links are resolved,
 * temp files inside the folder, writes streamed with a cap (413 beyond it, the old file kept).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ensurePrivateFolder } from './dataFolder';
import { MAX_BODY_BYTES } from './http';
import { makeSandbox, q, Sandbox, waitUntil, withServer } from './serverTestKit';

let box: Sandbox;
const standin = { kind: 'standin' as const, url: 'http://127.0.0.1:9/v1', apiKey: 'standin-key' };
const fsCall = (page: (p: string, i?: RequestInit) => Promise<Response>, op: string, path: string, body?: BodyInit) =>
  page(`/api/fs/${op}?path=${q(path)}`, { method: 'POST', body });

beforeAll(() => {
  box = makeSandbox();
  writeFileSync(join(box.root, 'outside.txt'), 'secret');
  mkdirSync(join(box.root, 'elsewhere'));
  // Links inside the data folder that lead out of it.
  symlinkSync(join(box.root, 'outside.txt'), join(box.dataDir, 'media', 'link-to-outside.txt'));
  symlinkSync(join(box.root, 'elsewhere'), join(box.dataDir, 'linked-dir'));
  symlinkSync(join(box.root, 'not-yet'), join(box.dataDir, 'dangling'));
});

afterAll(() => rmSync(box.root, { recursive: true, force: true }));

test('the data folder is private: made 0700, and an existing one (the sandbox made it 0755) made so at start', async () => {
  const fresh = join(box.root, 'fresh', 'data');
  ensurePrivateFolder(fresh);
  expect(modeOf(fresh)).toBe(0o700);
  chmodSync(fresh, 0o755);
  ensurePrivateFolder(fresh);
  expect(modeOf(fresh)).toBe(0o700);
  rmSync(join(box.root, 'fresh'), { recursive: true });
  chmodSync(box.dataDir, 0o755);
  await withServer(box, standin, async () => expect(modeOf(box.dataDir)).toBe(0o700));
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('reads and writes inside the data folder; a missing file is an ordinary answer to stat', async () => {
  await withServer(box, standin, async ({ page }) => {
    const note = join(box.dataDir, 'state', 'note.txt');
    expect(await (await fsCall(page, 'write', note, 'hello')).json()).toEqual({ size: 5 });
    expect(modeOf(note)).toBe(0o600);
    expect(await (await fsCall(page, 'read', note)).text()).toBe('hello');
    expect(await (await fsCall(page, 'stat', note)).json()).toEqual({ size: 5 });
    const missing = await fsCall(page, 'stat', join(box.dataDir, 'state', 'none.json'));
    expect([missing.status, await missing.json()]).toEqual([200, { size: null }]);
    expect((await fsCall(page, 'remove', note)).status).toBe(200);
    expect(existsSync(note)).toBe(false);
  });
});

test('paths outside the folder, relative paths and links leading out are refused, and nothing outside is touched', async () => {
  await withServer(box, standin, async ({ page }) => {
    const refused = [
      ['read', join(box.root, 'outside.txt')],
      ['read', join(box.dataDir, '..', 'outside.txt')],
      ['read', 'outside.txt'], // relative: once resolved against the server's working directory
      ['read', 'data/state/x'],
      ['read', join(box.dataDir, 'media', 'link-to-outside.txt')],
      ['write', join(box.dataDir, 'media', 'link-to-outside.txt')],
      ['write', join(box.dataDir, 'linked-dir', 'planted.txt')],
      ['write', join(box.dataDir, 'dangling')],
      ['mkdir', join(box.dataDir, 'linked-dir', 'sub')],
    ];
    for (const [op, path] of refused) {
      const r = await fsCall(page, op, path, op === 'write' ? 'pwned' : undefined);
      expect([op, path, r.status]).toEqual([op, path, 403]);
    }
    // The kernel reads "linked-dir/.." as the parent of the link's target (outside); the server never does.
    await fsCall(page, 'remove', `${box.dataDir}/linked-dir/../outside.txt`);
    await fsCall(page, 'write', `${box.dataDir}/linked-dir/../outside.txt`, 'pwned');
    expect(readFileSync(join(box.root, 'outside.txt'), 'utf8')).toBe('secret');
    expect(readdirSync(join(box.root, 'elsewhere'))).toEqual([]);
    rmSync(join(box.dataDir, 'outside.txt'), { force: true });
    expect(existsSync(join(box.root, 'not-yet'))).toBe(false);
  });
});

test('the data folder itself cannot be written or removed, and no temp file appears beside it', async () => {
  await withServer(box, standin, async ({ page }) => {
    expect((await fsCall(page, 'write', box.dataDir, 'x')).status).toBe(400);
    expect((await fsCall(page, 'remove', box.dataDir)).status).toBe(400);
    expect((await fsCall(page, 'remove', join(box.dataDir, 'media'))).status).toBe(400);
    expect(readdirSync(box.root).sort()).toEqual(['data', 'elsewhere', 'outside.txt', 'public']);
    expect(statSync(box.dataDir).isDirectory()).toBe(true);
  });
});

test('a write over the cap is answered 413 (not a dropped connection), the old file is kept and no temp file is left', async () => {
  const clip = join(box.dataDir, 'media', 'clip.bin');
  writeFileSync(clip, 'original');
  await withServer(box, standin, async ({ page }) => {
    const declared = await fsCall(page, 'write', clip, new Blob([new Uint8Array(MAX_BODY_BYTES + 1)]));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toMatch(/over 64 MB/);
    // Streamed with no length given: cut off once past the cap.
    async function* chunks() {
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += 1024 * 1024) yield new Uint8Array(1024 * 1024);
    }
    const streamed = await page(`/api/fs/write?path=${q(clip)}`, { method: 'POST', body: chunks() as unknown as BodyInit, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(readFileSync(clip, 'utf8')).toBe('original');
    expect(readdirSync(join(box.dataDir, '.tmp'))).toEqual([]);
  });
});

test('writes stream to a temp file inside the folder while the body is still arriving (never held whole)', async () => {
  const target = join(box.dataDir, 'state', 'streamed.bin');
  await withServer(box, standin, async ({ page }) => {
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (finish = resolve));
    async function* body() {
      yield new Uint8Array(256 * 1024);
      await held; // the rest of the body waits until the first part is seen on disk
      yield new Uint8Array(256 * 1024);
    }
    const answer = page(`/api/fs/write?path=${q(target)}`, { method: 'POST', body: body() as unknown as BodyInit, duplex: 'half' } as RequestInit);
    const tempDir = join(box.dataDir, '.tmp');
    const partial = () => (existsSync(tempDir) ? readdirSync(tempDir).map((f) => statSync(join(tempDir, f)).size) : []);
    await waitUntil(() => partial().some((size) => size >= 256 * 1024), 'the first part of the body in a temp file');
    expect(existsSync(target)).toBe(false);
    finish();
    expect(await (await answer).json()).toEqual({ size: 512 * 1024 });
    expect(statSync(target).size).toBe(512 * 1024);
    expect(readdirSync(tempDir)).toEqual([]);
  });
});
