/**
 * What this Premiere does where no document settles it, as one value the adapter is given.
 * `ASSUMED_BEHAVIOUR` holds what the code assumed before anything was measured (the constants
 * beside each use); "Check this Premiere" measures each field on the editor's machine and,
 * once stored, the host uses the measured value instead (selfCheck/measured.ts).
 */
import { EXPORT_FULL } from './exportWait';
import { PREMIERE_OUT_POINT_IS_LAST_FRAME_START, PREMIERE_TIMES_INCLUDE_ZERO_POINT } from './timeConvention';

export interface HostBehaviour {
  /** Sequence in/out, marker, track item and insert times include the zero point (start timecode). */
  timesIncludeZeroPoint: boolean;
  /** The sequence out point (read and set) is the start of the last marked frame, not its end. */
  outPointIsLastFrameStart: boolean;
  /** The `exportFull` argument that makes exportSequence export the sequence in/out range. */
  exportFullForInOut: boolean;
  /**
   * The insert track index that adds a new track, past the current count: 0 for index = count
   * (what the docs and a live test report), 1 for index = count + 1 (the d.ts words it "greater
   * than the number of existing tracks").
   */
  newTrackIndexPastCount: 0 | 1;
}

export const ASSUMED_BEHAVIOUR: HostBehaviour = Object.freeze({
  timesIncludeZeroPoint: PREMIERE_TIMES_INCLUDE_ZERO_POINT,
  outPointIsLastFrameStart: PREMIERE_OUT_POINT_IS_LAST_FRAME_START,
  exportFullForInOut: EXPORT_FULL,
  newTrackIndexPastCount: 0,
});
