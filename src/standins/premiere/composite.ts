/**
 * How the fake Premiere composites video tracks, in one place: the export renderer and the demo's
 * Program monitor both ask it. At a sequence time the top-most video track whose output is on
 * (the track's eye: `VideoTrack.isMuted()` false in @adobe/premierepro) and that has an enabled
 * clip there (`TrackItem.isDisabled()` false) shows that clip; with none, the frame is black.
 * Blend modes and opacity below 100 % are not modelled: every clip is opaque.
 */

/** A clip as far as compositing cares; `disabled` absent means enabled. */
export interface CompositeClip<T extends number | bigint> {
  start: T;
  end: T;
  disabled?: boolean;
}

/** A video track: `muted` is the eye turned off (absent means on). */
export interface CompositeTrack<C> {
  muted?: boolean;
  clips: readonly C[];
}

/** Whether a clip on that track can show at all: the track's output is on and the clip is enabled. */
export function clipShows(track: { muted?: boolean }, clip: { disabled?: boolean }): boolean {
  return !track.muted && !clip.disabled;
}

/** The clip that shows at `at` ([start, end)), given the video tracks top-most first; null is black. */
export function topVisibleClip<T extends number | bigint, C extends CompositeClip<T>>(tracksTopFirst: ReadonlyArray<CompositeTrack<C>>, at: T): C | null {
  for (const track of tracksTopFirst) {
    const clip = track.clips.find((c) => clipShows(track, c) && c.start <= at && at < c.end);
    if (clip) return clip;
  }
  return null;
}
