/**
 * Cuts and gaps inside an export window: the model sees the whole window as one shot, so a cut
 * (one clip ends where another starts) or a gap (nothing on a track that has footage there)
 * inside it blends two shots, or a shot and black, into one. Pure: the host reads the clips.
 */
import { RetakeMode, modeTouchesAudio, modeTouchesVideo } from './limits';
import type { TickRange, Ticks } from './time';

export interface WindowClip {
  kind: 'video' | 'audio';
  trackIndex: number;
  name: string;
  range: TickRange;
}

export type Crossing =
  | { type: 'cut'; kind: 'video' | 'audio'; trackIndex: number; at: Ticks; before: string; after: string }
  | { type: 'gap'; kind: 'video' | 'audio'; trackIndex: number; range: TickRange; before: string | null; after: string | null };

/**
 * The cuts and gaps strictly inside `window` on the tracks the mode touches (a clip edge on the
 * window's own edge is not crossed). A track with nothing in the window is not a gap: it plays no
 * part in this stretch. Sorted by track, then time.
 */
export function findCrossings(clips: WindowClip[], window: TickRange, mode: RetakeMode): Crossing[] {
  const kinds = [...(modeTouchesVideo(mode) ? ['video' as const] : []), ...(modeTouchesAudio(mode) ? ['audio' as const] : [])];
  const out: Crossing[] = [];
  for (const kind of kinds) {
    const tracks = Array.from(new Set(clips.filter((c) => c.kind === kind).map((c) => c.trackIndex))).sort((a, b) => a - b);
    for (const trackIndex of tracks) {
      const onTrack = clips
        .filter((c) => c.kind === kind && c.trackIndex === trackIndex && c.range.end > window.start && c.range.start < window.end)
        .sort((a, b) => (a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : 0));
      let cursor = window.start;
      let previous: WindowClip | null = null;
      for (const clip of onTrack) {
        if (clip.range.start > cursor) out.push({ type: 'gap', kind, trackIndex, range: { start: cursor, end: clip.range.start }, before: previous?.name ?? null, after: clip.name });
        else if (previous && clip.range.start === cursor && cursor > window.start) out.push({ type: 'cut', kind, trackIndex, at: cursor, before: previous.name, after: clip.name });
        if (clip.range.end > cursor) cursor = clip.range.end;
        previous = clip;
      }
      if (onTrack.length > 0 && cursor < window.end) out.push({ type: 'gap', kind, trackIndex, range: { start: cursor, end: window.end }, before: previous?.name ?? null, after: null });
    }
  }
  return out;
}
