import { constants, promises as fs } from 'fs';
import { dirname } from 'path';

/**
 * Whether the CLI may write its output at `output`, as a sentence when not. Identity is decided by
 * the file system (device and inode, following links), so a symlink, a hard link or another case
 * of the input's name on a case-insensitive disk is recognised as the input.
 */
export async function outputPathProblem(input: string, output: string): Promise<string | null> {
  const [inputStat, outputStat] = await Promise.all([fs.stat(input).catch(() => null), fs.stat(output).catch(() => null)]);
  if (outputStat?.isDirectory()) return `--output ${output} is a folder; give a file name.`;
  if (inputStat && outputStat && inputStat.dev === outputStat.dev && inputStat.ino === outputStat.ino) {
    return `--output ${output} is the input file itself (the same file on disk); writing it would destroy the source. Choose another name.`;
  }
  const folder = dirname(output);
  const folderStat = await fs.stat(folder).catch(() => null);
  if (!folderStat?.isDirectory()) return `The output folder ${folder} does not exist.`;
  const writable = await fs.access(folder, constants.W_OK).then(() => true, () => false);
  if (!writable) return `Cannot write in the output folder ${folder}.`;
  return null;
}

/** Whether a file (or anything) is already at the path. */
export async function pathExists(path: string): Promise<boolean> {
  return fs.lstat(path).then(() => true, () => false);
}
