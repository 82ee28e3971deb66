import crypto from 'crypto';
import fs, { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createNodeFileStore } from './fileStore';

/** Another local process plants links where the store writes; the victim is a file it wants replaced. */
function plantedFolder() {
  const root = mkdtempSync(join(tmpdir(), 'file-store-'));
  const victim = join(root, 'victim.txt');
  writeFileSync(victim, 'precious');
  const folder = join(root, 'out');
  mkdirSync(folder);
  return { root, victim, folder };
}

afterEach(() => jest.restoreAllMocks());

test('links planted at the old predictable names and at the target leave the victim untouched; the writes land, owner-only', async () => {
  const { victim, folder } = plantedFolder();
  const journal = join(folder, '.out.mp4.ltx-retake-journal.json');
  const take = join(folder, 'shot-take.mp4');
  for (const path of [journal, take]) symlinkSync(victim, `${path}.tmp`);
  const linkedTarget = join(folder, 'linked.json');
  symlinkSync(victim, linkedTarget);
  const files = createNodeFileStore(folder);

  await files.writeText(journal, '{"version":1,"jobs":[]}');
  await files.write(take, new Uint8Array([1, 2, 3]));
  await files.writeText(linkedTarget, 'new text');

  expect(readFileSync(victim, 'utf8')).toBe('precious');
  expect(readFileSync(journal, 'utf8')).toBe('{"version":1,"jobs":[]}');
  expect([...readFileSync(take)]).toEqual([1, 2, 3]);
  // The link at the target is replaced by the file, never written through.
  expect(readFileSync(linkedTarget, 'utf8')).toBe('new text');
  for (const path of [journal, take, linkedTarget]) expect(statSync(path).mode & 0o777).toBe(0o600);
  // Only the planted links and the written files: no temporary file left behind.
  const planted = ['.out.mp4.ltx-retake-journal.json.tmp', 'shot-take.mp4.tmp'];
  expect(readdirSync(folder).sort()).toEqual([...planted, '.out.mp4.ltx-retake-journal.json', 'linked.json', 'shot-take.mp4'].sort());
});

test('the temporary name is created exclusively: a link already at it is never followed, the write fails instead', async () => {
  const { victim, folder } = plantedFolder();
  const fixed = Buffer.alloc(12, 7);
  jest.spyOn(crypto, 'randomBytes').mockImplementation(() => fixed);
  const journal = join(folder, 'journal.json');
  symlinkSync(victim, join(folder, `.journal.json.${fixed.toString('hex')}.tmp`));

  await expect(createNodeFileStore(folder).writeText(journal, 'attacker gets nothing')).rejects.toMatchObject({ code: 'EEXIST' });
  expect(readFileSync(victim, 'utf8')).toBe('precious');
});

test('each write uses a new temporary name beside the file', async () => {
  const { folder } = plantedFolder();
  const seen: string[] = [];
  const realOpen = fs.promises.open;
  jest.spyOn(fs.promises, 'open').mockImplementation(((path: string, ...rest: unknown[]) => {
    seen.push(path);
    return (realOpen as (...a: unknown[]) => unknown)(path, ...rest);
  }) as never);
  const files = createNodeFileStore(folder);
  await files.writeText(join(folder, 'a.json'), '1');
  await files.writeText(join(folder, 'a.json'), '2');
  const temps = seen.filter((p) => p.endsWith('.tmp'));
  expect(temps).toHaveLength(2);
  expect(new Set(temps).size).toBe(2);
  for (const t of temps) expect(t).toMatch(new RegExp(`^${folder}/\\.a\\.json\\.[0-9a-f]{24}\\.tmp$`));
});
