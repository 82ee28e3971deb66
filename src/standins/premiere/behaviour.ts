/**
 * Where Premiere's behaviour is unconfirmed, the fake can be switched to the plausible other
 * reading, so tests can show that "Check this Premiere" reports it and the adapter then follows
 * the measurement. The defaults are what the adapter assumes (ASSUMED_BEHAVIOUR).
 */
export interface FakeBehaviour {
  /**
   * Sequence times (in/out, markers, track items, insert/overwrite times, sequence end) include
   * the zero point: a sequence starting at 01:00:00:00 reports its first frame as one hour.
   */
  timesIncludeZeroPoint: boolean;
  /**
   * The out point the API reads and sets is the start of the last marked frame (as Premiere's
   * timeline shows out points), not its end: an in/out of frames 10 and 20 covers 11 frames.
   */
  outPointIsLastFrameStart: boolean;
  /**
   * The exportFull value that exports the sequence in/out range; the other value exports the
   * whole sequence. Adobe documents the parameter without saying which (encodermanager.md).
   */
  exportFullForInOut: boolean;
  /**
   * 'count': an insert at index = track count adds a track (what the docs' sample and a live test
   * report). 'pastCount': only an index greater than the count adds one (the d.ts comment's
   * literal wording); at index = count that kind is placed nowhere, as with an overwrite.
   */
  insertAddsTrackAt: 'count' | 'pastCount';
  /**
   * exportSequenceFrame writes "name.png" as "name.png.png" (Adobe's premiere-api sample says so
   * in passing); false: the name as given.
   */
  frameExportAddsExtension: boolean;
}

export const DEFAULT_BEHAVIOUR: FakeBehaviour = {
  timesIncludeZeroPoint: false,
  outPointIsLastFrameStart: false,
  exportFullForInOut: false,
  insertAddsTrackAt: 'count',
  frameExportAddsExtension: true,
};
