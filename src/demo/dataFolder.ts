/**
 * The demo's data folder as the only place the server touches: a path from the page counts only
 * when it is absolute and, after every link in it is resolved, still inside the folder.
 *
 * The folder is private (0700): no other user can list it or open anything under it, whatever the
 * mode of each file (opening a path needs search permission on every folder in it). That is the
 * guarantee. The files the server writes for the page (through the file API: the journal,
 * preferences, takes; and renders, frames) are also 0600, so one moved out stays private.
 */
import { randomBytes } from 'crypto';
import { chmodSync, mkdirSync, promises as fs, realpathSync, statSync } from 'fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'path';

export class OutsideDataFolder extends Error {}

/** The mode of every file the server writes for the page. */
export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Creates the data folder 0700, or makes an existing one so (it may come from an older start, made
 * 0755). Throws a sentence when that cannot be done: a folder of another user is not used.
 */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  // Windows has no POSIX modes: there the folder is as private as the user's profile.
  if (process.platform === 'win32') return;
  const stat = statSync(dir);
  if (stat.uid !== process.getuid?.()) throw new Error(`The demo data folder ${dir} belongs to another user: choose another DEMO_DATA_DIR.`);
  if ((stat.mode & 0o777) !== PRIVATE_FOLDER_MODE) chmodSync(dir, PRIVATE_FOLDER_MODE);
}

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
