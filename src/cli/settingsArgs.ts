import { RETAKE_MODES, RetakeMode, isRetakeMode } from '../domain/limits';
import type { ExtraPlacement } from '../domain/plan';
import { parseAudioFade } from './outputFlags';

/** What a retake is planned and written with, for one range or a batch of them. */
export interface RetakeSettingsOptions {
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

export const SETTINGS_VALUED = ['--mode', '--handles', '--output', '--extra', '--audio-fade'];
export const SETTINGS_BOOLEAN = ['--json', '--emulator', '--help', '--new', '--overwrite', '--dry-run'];

export type Tokens = { positional: string[]; flags: Map<string, string | true> };

/** Splits argv into positional arguments and known flags (`--name value`, `--name=value`, `--switch`). */
export function tokenize(argv: string[], valued: string[], boolean: string[]): Tokens | { error: string } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return { error: `${name} needs a value.` };
      flags.set(name, value);
    } else if (boolean.includes(name)) {
      flags.set(name, true);
    } else if (name.startsWith('--')) {
      return { error: `Unknown option ${name}.` };
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

export function flagText(tokens: Tokens, name: string): string | undefined {
  const value = tokens.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The options a single retake and a batch share, or the sentence that says what is wrong. */
export function parseSettings(tokens: Tokens): RetakeSettingsOptions | string {
  const text = (name: string) => flagText(tokens, name);
  const mode = text('--mode') ?? 'replace_video';
  if (!isRetakeMode(mode)) return `--mode must be one of ${RETAKE_MODES.join(', ')} (got "${mode}").`;
  const handles = text('--handles') === undefined ? 1 : Number(text('--handles'));
  if (!Number.isInteger(handles) || handles < 0 || handles > 5) {
    return `--handles must be a whole number of seconds from 0 to 5 (got "${text('--handles')}").`;
  }
  const extra = text('--extra') ?? 'after';
  if (extra !== 'after' && extra !== 'before' && extra !== 'split') return `--extra must be after, before or split (got "${extra}").`;
  const fade = parseAudioFade(text('--audio-fade'));
  if (typeof fade === 'string') return fade;
  const has = (name: string) => tokens.flags.has(name);
  return {
    mode, handles, extra, output: text('--output'), json: has('--json'), emulator: has('--emulator'), fresh: has('--new'),
    overwrite: has('--overwrite'), dryRun: has('--dry-run'), audioFadeMs: fade,
  };
}

