/**
 * What lay under an export window when it was exported, kept with the job, and compared before its
 * take is placed: minutes (or a day, on resume) pass while Runware generates, and an edit there
 * meanwhile (a ripple, a trim, a clip moved) would put the take over footage it was not made from.
 */
import type { WindowClip } from './crossings';

/** One line per clip, in a fixed order, as the journal keeps them. */
export function clipsUnderSignature(clips: WindowClip[]): string[] {
  return clips.map((c) => `${c.kind} ${c.trackIndex} [${c.range.start}, ${c.range.end}) ${c.name}`).sort();
}

export const TIMELINE_CHANGED =
  'The timeline under this range changed since it was exported (clips there were moved, trimmed, added or removed), so the take is held instead of placed over footage it may not match. Check the range, then Place or Discard.';

/** The sentence for a take that must wait, or null when the clips under the window are as exported. */
export function timelineChangeHold(exported: string[] | undefined, now: WindowClip[] | null): string | null {
  if (!exported || !now) return null;
  const current = clipsUnderSignature(now);
  return current.length === exported.length && current.every((line, i) => line === exported[i]) ? null : TIMELINE_CHANGED;
}
