import { RetakeMode, modeTouchesAudio, modeTouchesVideo } from '../domain/limits';

const NO_AUDIO_TRANSITION = "the sound is cut hard: Premiere's API has no audio transition";

/** Blend at cuts as the plan says it: what happens to the picture and to the sound at the take's two cuts. */
export function blendText(frames: number, mode: RetakeMode): string {
  if (!modeTouchesVideo(mode)) return `Nothing to blend on the picture: this mode replaces the sound only, and ${NO_AUDIO_TRANSITION}.`;
  if (frames <= 0) return 'Hard cuts at both ends (blend at cuts is off).';
  const picture = `${frames}-frame cross-dissolve at both cuts`;
  return modeTouchesAudio(mode) ? `${picture}; ${NO_AUDIO_TRANSITION}.` : `${picture}; the original sound plays on, uncut.`;
}

/** The same for a batch confirmation, where each marker may have its own mode; null when blending is off. */
export function batchBlendText(frames: number): string | null {
  if (frames <= 0) return null;
  return `Each take gets a ${frames}-frame cross-dissolve at both cuts on its picture; where a take replaces the sound, ${NO_AUDIO_TRANSITION}.`;
}

/**
 * Said before a sound mode spends anything, as it edits the editor's own audio clips: Premiere
 * mixes every audio track, so the original sound under the take is split at its edges (an
 * overwrite: nothing moves) and that part is disabled while a take with sound plays.
 */
export const ORIGINAL_SOUND_SPLIT =
  "The original sound is split at the take's edges (nothing moves) and its part there is disabled while a take with sound plays, so you hear the take alone; Original or a picture-only take turns it back on.";

/** The note for a mode that places sound, or null. */
export function originalSoundText(mode: RetakeMode): string | null {
  return modeTouchesAudio(mode) ? ORIGINAL_SOUND_SPLIT : null;
}
