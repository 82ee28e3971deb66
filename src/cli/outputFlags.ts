import { DEFAULT_AUDIO_FADE_MS } from '../adapters/node/splice';

export { DEFAULT_AUDIO_FADE_MS };

/** Longest crossfade at a sound cut: past a second it would blur the retake itself. */
export const MAX_AUDIO_FADE_MS = 1000;

/** `--audio-fade <ms>`: the number, or the sentence that says what is wrong. */
export function parseAudioFade(raw: string | undefined): number | string {
  if (raw === undefined) return DEFAULT_AUDIO_FADE_MS;
  const ms = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(ms) || ms < 0 || ms > MAX_AUDIO_FADE_MS) {
    return `--audio-fade must be a number of milliseconds from 0 to ${MAX_AUDIO_FADE_MS} (got "${raw}").`;
  }
  return ms;
}
