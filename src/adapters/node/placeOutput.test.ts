import fs, { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OUTPUT_APPEARED, identityAt, placeOutput } from './placeOutput';

afterEach(() => jest.restoreAllMocks());

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'place-output-'));
  const partial = join(dir, '.out.123-abc.partial.mp4');
  writeFileSync(partial, 'the finished output');
  return { dir, partial, output: join(dir, 'out.mp4') };
}

const appeared = expect.objectContaining({ code: OUTPUT_APPEARED, category: 'host', message: expect.stringMatching(/\.mp4 appeared while the retake ran; nothing was overwritten\.$/) });

test('nothing at the output: the partial becomes it, and its temporary name is gone', async () => {
  const { partial, output } = folder();
  await placeOutput(partial, output, null);
  expect(readFileSync(output, 'utf8')).toBe('the finished output');
  expect(existsSync(partial)).toBe(false);
});

test('a file or a link that appeared at the output is left alone and refused; a link is never followed', async () => {
  const { dir, partial, output } = folder();
  writeFileSync(output, 'the editor\'s file');
  await expect(placeOutput(partial, output, null)).rejects.toEqual(appeared);
  expect(readFileSync(output, 'utf8')).toBe('the editor\'s file');

  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious');
  const linked = join(dir, 'linked.mp4');
  symlinkSync(victim, linked);
  await expect(placeOutput(partial, linked, null)).rejects.toEqual(appeared);
  expect(readFileSync(victim, 'utf8')).toBe('precious');
  expect(readFileSync(partial, 'utf8')).toBe('the finished output');
});

test.each(['EPERM', 'ENOTSUP', 'EXDEV', 'EMLINK'])('a disk without hard links (%s): checked once more, then renamed', async (code) => {
  jest.spyOn(fs.promises, 'link').mockRejectedValue(Object.assign(new Error(`${code}: link`), { code }));
  const { partial, output } = folder();
  writeFileSync(output, 'there first');
  await expect(placeOutput(partial, output, null)).rejects.toEqual(appeared);
  expect(readFileSync(output, 'utf8')).toBe('there first');
  fs.unlinkSync(output);
  await placeOutput(partial, output, null);
  expect(readFileSync(output, 'utf8')).toBe('the finished output');
  expect(existsSync(partial)).toBe(false);
});

test('the file accepted at the start is replaced only while it is that same file; --overwrite replaces anything', async () => {
  const { dir, partial, output } = folder();
  writeFileSync(output, 'our own earlier output');
  const accepted = (await identityAt(output))!;
  // Another program puts its own file there (a new file under the same name).
  const other = join(dir, 'other');
  writeFileSync(other, 'someone else\'s');
  fs.renameSync(other, output);
  await expect(placeOutput(partial, output, accepted)).rejects.toEqual(appeared);
  expect(readFileSync(output, 'utf8')).toBe('someone else\'s');

  await placeOutput(partial, output, (await identityAt(output))!);
  expect(readFileSync(output, 'utf8')).toBe('the finished output');

  const second = join(dir, '.second.partial.mp4');
  writeFileSync(second, 'forced');
  await placeOutput(second, output, 'anything');
  expect(readFileSync(output, 'utf8')).toBe('forced');
});

test('the output\'s data is flushed before it is put in place, and the folder after, before it returns', async () => {
  const { dir, partial, output } = folder();
  const events: string[] = [];
  const realOpen = fs.promises.open;
  jest.spyOn(fs.promises, 'open').mockImplementation((async (path: string, ...rest: unknown[]) => {
    const handle = await (realOpen as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(path, ...rest);
    const realSync = handle.sync.bind(handle);
    handle.sync = async () => {
      await realSync();
      events.push(`sync ${path === dir ? 'folder' : path === partial ? 'partial' : path}`);
    };
    return handle;
  }) as never);
  const realLink = fs.promises.link;
  jest.spyOn(fs.promises, 'link').mockImplementation(async (from, to) => {
    await realLink(from, to);
    events.push('link');
  });
  await placeOutput(partial, output, null);
  events.push('returned');
  expect(events).toEqual(['sync partial', 'link', 'sync folder', 'returned']);
});
