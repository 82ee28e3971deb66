import { basename, dirname, extname, join } from 'path';

/**
 * What the CLI keeps beside an output: its own journal and lock, one per output, so two commands
 * writing different outputs in one folder never share (or overwrite) a journal.
 */
export function journalPathFor(output: string): string {
  return join(dirname(output), `.${basename(output)}.ltx-retake-journal.json`);
}

export function lockPathFor(output: string): string {
  return join(dirname(output), `.${basename(output)}.ltx-retake.lock`);
}

/** The output a journal file belongs to, or null when the name is not a CLI journal's. */
export function outputOfJournal(fileName: string): string | null {
  const m = /^\.(.+)\.ltx-retake-journal\.json$/.exec(fileName);
  return m ? m[1] : null;
}

/** Where the output goes without --output: `<input name>.retake.mp4` beside the input. */
export function defaultOutputFor(input: string): string {
  return join(dirname(input), `${basename(input, extname(input))}.retake.mp4`);
}
