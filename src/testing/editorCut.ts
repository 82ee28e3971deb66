import { ORIGINAL_SOUND_SUFFIX } from '../adapters/premiere/originalSound';

interface CutClip {
  name: string;
  start: bigint;
  end: bigint;
  sourceIn: bigint;
  mediaPath: string;
}

/**
 * A track's clips as the editor cut them: the pieces a sound take's split of the original sound
 * left (originalSound.ts) count as the one clip they were when they touch, play the same media and
 * run on from the same source frame, so "nothing moved" checks still hold every sample in place.
 */
export function editorCut(clips: CutClip[]): CutClip[] {
  const out: CutClip[] = [];
  for (const c of clips) {
    const name = c.name.endsWith(ORIGINAL_SOUND_SUFFIX) ? c.name.slice(0, -ORIGINAL_SOUND_SUFFIX.length) : c.name;
    const previous = out[out.length - 1];
    if (previous && previous.end === c.start && previous.name === name && previous.mediaPath === c.mediaPath && previous.sourceIn + (previous.end - previous.start) === c.sourceIn) {
      previous.end = c.end;
    } else {
      out.push({ name, start: c.start, end: c.end, sourceIn: c.sourceIn, mediaPath: c.mediaPath });
    }
  }
  return out;
}
