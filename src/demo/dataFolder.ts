/**
 * The demo's data folder as the only place the server touches: a path from the page counts only
 * when it is absolute and, after every link in it is resolved, still inside the folder.
 */
import { randomBytes } from 'crypto';
import { promises as fs, realpathSync } from 'fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'path';

export class OutsideDataFolder extends Error {}

export interface DataFolder {
  /** The folder, links resolved. */
  readonly root: string;
  /** Where temporary files are written before they are renamed into place (inside the folder). */
  readonly tempDir: string;
  /** The real path `path` stands for, or OutsideDataFolder. Works for paths that do not exist yet. */
  resolve(path: string): Promise<string>;
  /** A fresh temp file name inside the folder. */
  tempFile(): string;
}

export function openDataFolder(dir: string): DataFolder {
  const root = realpathSync(resolve(dir));
  const tempDir = join(root, '.tmp');
  const inside = (p: string) => p === root || p.startsWith(root + sep);
  return {
    root,
    tempDir,
    async resolve(path) {
      if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0')) throw new OutsideDataFolder(`Not an absolute path: ${JSON.stringify(path)}.`);
      const real = await realpathAllowingMissing(resolve(path));
      if (!inside(real)) throw new OutsideDataFolder(`The demo only works inside ${root}.`);
      return real;
    },
    tempFile: () => join(tempDir, `${randomBytes(8).toString('hex')}.part`),
  };
}

/** realpath of the longest existing prefix, with the missing rest appended (no link can hide in it). */
async function realpathAllowingMissing(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const parent = dirname(path);
    if (parent === path) throw e;
    // A dangling link is refused rather than followed to wherever it would point once created.
    if (await fs.lstat(path).then(() => true, () => false)) throw new OutsideDataFolder(`A dangling link: ${path}.`);
    return join(await realpathAllowingMissing(parent), basename(path));
  }
}
