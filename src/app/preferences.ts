import { blendFramesSchema } from '../domain/blend';
import { RetakeError } from '../domain/errors';
import { RETAKE_MODES, RetakeMode } from '../domain/limits';
import type { ExtraPlacement } from '../domain/plan';
import type { FileStore } from './ports';

/** What the editor sets once: kept in the plugin's data folder (never the API key: that is in secure storage). */
export interface Preferences {
  mode: RetakeMode;
  handleSeconds: number;
  extraPlacement: ExtraPlacement;
  /** Where takes are written; null = beside the project. */
  takesFolder: string | null;
  /** Batch: remote jobs at once. */
  concurrency: number;
  /** Batch: refuse to start a batch estimated above this, USD; null = no cap. */
  spendingCapUsd: number | null;
  /** The prompt of the last retake, so the menu command works with the panel closed. */
  lastPrompt: string;
  /** Hold each finished take in the Source Monitor until the editor places it (off: placed on arrival). */
  reviewBeforePlacing: boolean;
  /** Blend at cuts: cross-dissolve frames at each edge of a take's picture (0-12; 0 = hard cuts). */
  blendFrames: number;
}

export const DEFAULT_PREFERENCES: Preferences = {
  mode: 'replace_video',
  handleSeconds: 1,
  extraPlacement: 'after',
  takesFolder: null,
  concurrency: 3,
  spendingCapUsd: null,
  lastPrompt: '',
  reviewBeforePlacing: false,
  blendFrames: 0,
};

export async function loadPreferences(files: FileStore, path: string): Promise<Preferences> {
  const text = await files.readText(path).catch(() => null);
  if (!text) return { ...DEFAULT_PREFERENCES };
  try {
    const raw = JSON.parse(text) as Partial<Preferences>;
    return {
      mode: RETAKE_MODES.includes(raw.mode as RetakeMode) ? (raw.mode as RetakeMode) : DEFAULT_PREFERENCES.mode,
      handleSeconds: Number.isInteger(raw.handleSeconds) && (raw.handleSeconds as number) >= 0 && (raw.handleSeconds as number) <= 5 ? (raw.handleSeconds as number) : DEFAULT_PREFERENCES.handleSeconds,
      extraPlacement: raw.extraPlacement === 'before' || raw.extraPlacement === 'split' ? raw.extraPlacement : 'after',
      takesFolder: typeof raw.takesFolder === 'string' && raw.takesFolder ? raw.takesFolder : null,
      concurrency: Number.isInteger(raw.concurrency) && (raw.concurrency as number) >= 1 && (raw.concurrency as number) <= 8 ? (raw.concurrency as number) : DEFAULT_PREFERENCES.concurrency,
      spendingCapUsd: typeof raw.spendingCapUsd === 'number' && raw.spendingCapUsd > 0 ? raw.spendingCapUsd : null,
      lastPrompt: typeof raw.lastPrompt === 'string' ? raw.lastPrompt : '',
      reviewBeforePlacing: raw.reviewBeforePlacing === true,
      blendFrames: blendFramesSchema.safeParse(raw.blendFrames).success ? (raw.blendFrames as number) : DEFAULT_PREFERENCES.blendFrames,
    };
  } catch {
    return { ...DEFAULT_PREFERENCES };
  }
}

/** The preferences with `patch` applied; a patch that cannot be kept is refused with a sentence and changes nothing. */
export function withPatch(current: Preferences, patch: Partial<Preferences>): Preferences {
  if (patch.blendFrames !== undefined && !blendFramesSchema.safeParse(patch.blendFrames).success) {
    throw new RetakeError('invalidInput', 'Blend at cuts takes whole frames from 0 (hard cuts) to 12.');
  }
  return { ...current, ...patch };
}

export async function savePreferences(files: FileStore, path: string, prefs: Preferences): Promise<void> {
  await files.writeText(path, JSON.stringify(prefs, null, 1));
}
