import { RETAKE_MODES } from '../domain/limits';
import { BATCH_USAGE, BatchOptions, parseBatchArgs } from './batchArgs';
import { DEFAULT_AUDIO_FADE_MS } from './outputFlags';
import { RetakeSettingsOptions, SETTINGS_BOOLEAN, SETTINGS_VALUED, flagText, parseSettings, tokenize } from './settingsArgs';

export type { RetakeSettingsOptions } from './settingsArgs';

export interface CliOptions extends RetakeSettingsOptions {
  input: string;
  from: number;
  to: number;
  prompt: string;
}

export type CliCommand =
  | { kind: 'retake'; options: CliOptions }
  | { kind: 'batch'; options: BatchOptions }
  | { kind: 'jobs'; folder: string; json: boolean };

export const USAGE = `Usage: ltx-retake <input-video> --from <seconds> --to <seconds> --prompt <text>
                   [--mode ${RETAKE_MODES.join('|')}] [--handles <seconds>]
                   [--extra after|before|split] [--output <file>] [--overwrite] [--new]
                   [--json] [--emulator] [--dry-run] [--audio-fade <ms>]
${BATCH_USAGE}
       ltx-retake jobs [folder] [--json]

Regenerates [from, to) of the input with LTX-2 Retake on Runware and writes the input with that
range replaced. Running the same command again continues an unfinished job without a new charge;
--new starts a fresh, billed job on purpose. "batch" retakes every range of a ranges file (a
Premiere marker export, a CSV or JSON) into one output, after showing the total cost. "jobs"
lists the jobs kept beside the outputs in a folder. RUNWARE_API_KEY (required unless --emulator)
and RUNWARE_API_URL come from the environment; --emulator runs against a local Runware stand-in
with no key and no charge. --dry-run prints the plan, the billed seconds and cost and how the
output would be written, and uploads nothing. --audio-fade sets the crossfade at each sound cut
(default ${DEFAULT_AUDIO_FADE_MS} ms, 0 to 1000).`;

/** Longest input the CLI plans for: a day. Larger numbers are typing mistakes, never a range. */
export const MAX_SECONDS = 86_400;

/** Parses the command line, or returns the sentence that says what is wrong. */
export function parseArgs(argv: string[]): { ok: true; command: CliCommand } | { ok: false; error: string } {
  if (argv[0] === 'batch') {
    const batch = parseBatchArgs(argv.slice(1));
    return typeof batch === 'string' ? { ok: false, error: batch } : { ok: true, command: { kind: 'batch', options: batch } };
  }
  const tokens = tokenize(argv, [...SETTINGS_VALUED, '--from', '--to', '--prompt'], SETTINGS_BOOLEAN);
  if ('error' in tokens) return { ok: false, error: tokens.error };
  const { positional, flags } = tokens;
  if (flags.has('--help')) return { ok: false, error: '' };
  if (positional[0] === 'jobs') {
    if (positional.length > 2) return { ok: false, error: 'Give at most one folder to "jobs".' };
    return { ok: true, command: { kind: 'jobs', folder: positional[1] ?? '.', json: flags.has('--json') } };
  }
  if (positional.length !== 1) return { ok: false, error: positional.length ? `Give one input video, not ${positional.length}.` : 'Give the input video.' };
  const seconds = (name: string): number | string => {
    const raw = flagText(tokens, name);
    if (raw === undefined) return `${name} is required.`;
    const value = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) return `${name} must be a number of seconds (got "${raw}").`;
    if (value < 0) return `${name} must not be negative (got ${raw}).`;
    if (value > MAX_SECONDS) return `${name} must be a time inside the input, in seconds (got ${raw}).`;
    return value;
  };
  const from = seconds('--from');
  if (typeof from === 'string') return { ok: false, error: from };
  const to = seconds('--to');
  if (typeof to === 'string') return { ok: false, error: to };
  if (to <= from) return { ok: false, error: `--to (${to}) must be after --from (${from}).` };
  const prompt = flagText(tokens, '--prompt');
  if (prompt === undefined) return { ok: false, error: '--prompt is required: describe what the range should show.' };
  const settings = parseSettings(tokens);
  if (typeof settings === 'string') return { ok: false, error: settings };
  return { ok: true, command: { kind: 'retake', options: { input: positional[0], from, to, prompt, ...settings } } };
}
