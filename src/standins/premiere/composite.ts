/**
 * How the fake Premiere composites video tracks, in one place: the export renderer and the demo's
 * Program monitor both ask it. At a sequence time the top-most video track whose output is on
 * (the track's eye: `VideoTrack.isMuted()` false in @adobe/premierepro) and that has an enabled
 * clip there (`TrackItem.isDisabled()` false) shows that clip; with none, the frame is black.
 * Blend modes and opacity below 100 % are not modelled: every clip is opaque, except within a
 * dissolve on its edge, where it is mixed with what lies beneath by a linear ramp (dissolveOpacity).
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

/** A clip's dissolve in frames: over [startFrame, endFrame) the clip fades in (or out) over what lies beneath. */
export interface FrameDissolve {
  startFrame: number;
  endFrame: number;
  fadesIn: boolean;
}

/** The clip's dissolve that covers `frame`, if any. */
export function dissolveAt<D extends FrameDissolve>(dissolves: readonly D[] | undefined, frame: number): D | null {
  return dissolves?.find((d) => d.startFrame <= frame && frame < d.endFrame) ?? null;
}

/** The clip's opacity at `frame` of its dissolve: a linear ramp across the dissolve, taken at the frame's middle. */
export function dissolveOpacity(dissolve: FrameDissolve, frame: number): number {
  const ramp = (frame - dissolve.startFrame + 0.5) / (dissolve.endFrame - dissolve.startFrame);
  return dissolve.fadesIn ? ramp : 1 - ramp;
}
