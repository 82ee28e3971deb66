import { RetakeSettingsOptions, SETTINGS_BOOLEAN, SETTINGS_VALUED, flagText, parseSettings, tokenize } from './settingsArgs';

/** `ltx-retake batch <input> <ranges>`: the shared settings (defaults for every row) and the batch's own. */
export interface BatchOptions extends RetakeSettingsOptions {
  input: string;
  ranges: string;
  /** The cost was confirmed on the command line (scripts). */
  yes: boolean;
  /** Refuse the batch when its estimated cost is over this, USD. */
  maxCostUsd: number | null;
  /** Rows run at once. */
  concurrency: number;
}

export const DEFAULT_CONCURRENCY = 2;
/** More at once only queues at Runware and the disk, and multiplies what a mistake costs before it is seen. */
export const MAX_CONCURRENCY = 8;

export const BATCH_USAGE = `       ltx-retake batch <input-video> <ranges.csv|.tsv|.json> [--yes] [--max-cost <usd>]
                   [--concurrency <n>] [--mode ...] [--handles <seconds>] [--extra ...]
                   [--output <file>] [--overwrite] [--new] [--json] [--emulator] [--dry-run]
                   [--audio-fade <ms>]`;

export function parseBatchArgs(argv: string[]): BatchOptions | string {
  const tokens = tokenize(argv, [...SETTINGS_VALUED, '--max-cost', '--concurrency'], [...SETTINGS_BOOLEAN, '--yes']);
  if ('error' in tokens) return tokens.error;
  if (tokens.flags.has('--help')) return '';
  if (tokens.positional.length !== 2) return 'Give the input video and the ranges file: ltx-retake batch <input-video> <ranges.csv|.json>.';
  const settings = parseSettings(tokens);
  if (typeof settings === 'string') return settings;
  const capText = flagText(tokens, '--max-cost');
  const maxCostUsd = capText === undefined ? null : Number(capText);
  if (maxCostUsd !== null && (capText!.trim() === '' || !Number.isFinite(maxCostUsd) || maxCostUsd < 0)) {
    return `--max-cost must be an amount in US dollars, such as 5 or 2.50 (got "${capText}").`;
  }
  const concurrencyText = flagText(tokens, '--concurrency');
  const concurrency = concurrencyText === undefined ? DEFAULT_CONCURRENCY : Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    return `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY} (got "${concurrencyText}").`;
  }
  return { input: tokens.positional[0], ranges: tokens.positional[1], ...settings, yes: tokens.flags.has('--yes'), maxCostUsd, concurrency };
}
