import { RETAKE_MODES, RetakeMode, isRetakeMode } from '../domain/limits';
import type { ExtraPlacement } from '../domain/plan';
import { DEFAULT_AUDIO_FADE_MS, parseAudioFade } from './outputFlags';

export interface CliOptions {
  input: string;
  from: number;
  to: number;
  prompt: string;
  mode: RetakeMode;
  handles: number;
  extra: ExtraPlacement;
  output?: string;
  json: boolean;
  emulator: boolean;
  /** Start a fresh (billed) job even when an unfinished one for the same request is in the journal. */
  fresh: boolean;
  /** Replace an existing output file. */
  overwrite: boolean;
  /** Show the plan, the cost and how the output would be written; upload nothing. */
  dryRun: boolean;
  /** Crossfade at each sound cut, milliseconds. */
  audioFadeMs: number;
}

export type CliCommand = { kind: 'retake'; options: CliOptions } | { kind: 'jobs'; folder: string; json: boolean };

export const USAGE = `Usage: ltx-retake <input-video> --from <seconds> --to <seconds> --prompt <text>
                   [--mode ${RETAKE_MODES.join('|')}] [--handles <seconds>]
                   [--extra after|before|split] [--output <file>] [--overwrite] [--new]
                   [--json] [--emulator] [--dry-run] [--audio-fade <ms>]
       ltx-retake jobs [folder] [--json]

Regenerates [from, to) of the input with LTX-2 Retake on Runware and writes the input with that
range replaced. Running the same command again continues an unfinished job without a new charge;
--new starts a fresh, billed job on purpose. "jobs" lists the jobs kept beside the outputs in a
folder. RUNWARE_API_KEY (required unless --emulator) and RUNWARE_API_URL come from the
environment; --emulator runs against a local Runware stand-in with no key and no charge.
--dry-run prints the plan, the billed seconds and cost and how the output would be written, and
uploads nothing. --audio-fade sets the crossfade at each sound cut (default ${DEFAULT_AUDIO_FADE_MS} ms, 0 to 1000).`;

/** Longest input the CLI plans for: a day. Larger numbers are typing mistakes, never a range. */
export const MAX_SECONDS = 86_400;

/** Parses the command line, or returns the sentence that says what is wrong. */
export function parseArgs(argv: string[]): { ok: true; command: CliCommand } | { ok: false; error: string } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const valued = new Set(['--from', '--to', '--prompt', '--mode', '--handles', '--output', '--extra', '--audio-fade']);
  const boolean = new Set(['--json', '--emulator', '--help', '--new', '--overwrite', '--dry-run']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valued.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return { ok: false, error: `${name} needs a value.` };
      flags.set(name, value);
    } else if (boolean.has(name)) {
      flags.set(name, true);
    } else if (name.startsWith('--')) {
      return { ok: false, error: `Unknown option ${name}.` };
    } else {
      positional.push(arg);
    }
  }
  if (flags.has('--help')) return { ok: false, error: '' };
  if (positional[0] === 'jobs') {
    if (positional.length > 2) return { ok: false, error: 'Give at most one folder to "jobs".' };
    return { ok: true, command: { kind: 'jobs', folder: positional[1] ?? '.', json: flags.has('--json') } };
  }
  if (positional.length !== 1) return { ok: false, error: positional.length ? `Give one input video, not ${positional.length}.` : 'Give the input video.' };
  const text = (name: string) => (typeof flags.get(name) === 'string' ? (flags.get(name) as string) : undefined);
  const seconds = (name: string): number | string => {
    const raw = text(name);
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
  const prompt = text('--prompt');
  if (prompt === undefined) return { ok: false, error: '--prompt is required: describe what the range should show.' };
  const mode = text('--mode') ?? 'replace_video';
  if (!isRetakeMode(mode)) return { ok: false, error: `--mode must be one of ${RETAKE_MODES.join(', ')} (got "${mode}").` };
  const handles = text('--handles') === undefined ? 1 : Number(text('--handles'));
  if (!Number.isInteger(handles) || handles < 0 || handles > 5) {
    return { ok: false, error: `--handles must be a whole number of seconds from 0 to 5 (got "${text('--handles')}").` };
  }
  const extra = text('--extra') ?? 'after';
  if (extra !== 'after' && extra !== 'before' && extra !== 'split') return { ok: false, error: `--extra must be after, before or split (got "${extra}").` };
  const fade = parseAudioFade(text('--audio-fade'));
  if (typeof fade === 'string') return { ok: false, error: fade };
  return {
    ok: true,
    command: {
      kind: 'retake',
      options: {
        input: positional[0],
        from,
        to,
        prompt,
        mode,
        handles,
        extra,
        output: text('--output'),
        json: flags.has('--json'),
        emulator: flags.has('--emulator'),
        fresh: flags.has('--new'),
        overwrite: flags.has('--overwrite'),
        dryRun: flags.has('--dry-run'),
        audioFadeMs: fade,
      },
    },
  };
}
