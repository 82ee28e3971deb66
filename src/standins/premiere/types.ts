/**
 * What the fake Premiere needs from its host and what it hands to its renderer. Plain data only:
 * the fake core runs in Node (tests, CLI, demo server) and in a browser page (demo timeline).
 */

import type { FakeBehaviour } from './behaviour';

/** What a media file holds, as a probe reports it. */
export interface MediaProbe {
  seconds: number;
  width: number;
  height: number;
  frameRate: { num: number; den: number };
  hasVideo: boolean;
  hasAudio: boolean;
  /** Video frame count when the probe knows it (exact media length). */
  frames?: number;
}

/** File access the fake needs, injected so the core imports no Node module. */
export interface MediaHost {
  exists(path: string): Promise<boolean>;
  probe(path: string): Promise<MediaProbe>;
}

/** One clip's visible part inside the export window. */
export interface RenderClip {
  mediaPath: string;
  name: string;
  /** The whole clip on the timeline, ticks from the timeline start (decimal strings). */
  sequenceStartTicks: string;
  sequenceEndTicks: string;
  /** Media time shown at the clip's first frame, ticks. */
  sourceInTicks: string;
  /** The part inside the window, in frames from the window start at the sequence rate: [start, end). */
  windowStartFrame: number;
  windowEndFrame: number;
  /** Media time, in seconds, shown at `windowStartFrame`. */
  sourceInSeconds: number;
  mediaSize: { width: number; height: number };
  /** Scaled to the sequence frame size; otherwise shown at its own size, centred. */
  scaleToFrame: boolean;
  /**
   * Cross-dissolves on the clip's own edges, in window frames [startFrame, endFrame) (they may
   * reach outside the window): the clip fades in over what lies beneath, or out to it.
   */
  dissolves?: RenderDissolve[];
}

export interface RenderDissolve {
  startFrame: number;
  endFrame: number;
  fadesIn: boolean;
}

export interface RenderTrack {
  trackIndex: number;
  clips: RenderClip[];
}

/** Everything needed to render an export window of a sequence, as plain JSON. */
export interface RenderSpec {
  frameRate: { num: number; den: number };
  frameSize: { width: number; height: number };
  window: { startTicks: string; endTicks: string; startSeconds: number; endSeconds: number; frames: number };
  /** Visible video tracks, top-most first: at each instant the top-most clip wins, gaps are black. */
  video: RenderTrack[];
  /** Audible audio tracks; all are mixed, gaps are silent. */
  audio: RenderTrack[];
}

export interface SequenceRenderer {
  render(spec: RenderSpec, outPath: string): Promise<void>;
  /** Writes the spec's one frame as an image of that size (Exporter.exportSequenceFrame); without it, frame exports fail. */
  renderFrame?(spec: RenderSpec, outPath: string, size: { width: number; height: number }): Promise<void>;
}

/** Scripted misbehaviour, switchable at any time with `control.setFaults`. */
export interface FakeFaults {
  /** exportSequence resolves false and writes nothing. */
  exportFails: boolean;
  /** exportSequence rejects with an error and writes nothing. */
  exportThrows: boolean;
  /** The file is written but the promise never settles (seen on 26.3.2). */
  exportPromiseNeverSettles: boolean;
  /** Nothing is ever written and the promise never settles. */
  exportHangs: boolean;
  /** Whether EXPORT_MEDIA_COMPLETE fires after a successful export. */
  exportEventFires: boolean;
  /** Extra time an export takes before the file appears, ms. */
  exportDelayMs: number;
  /** importFiles resolves false and imports nothing. */
  importFails: boolean;
  /** Setting a negative in/out point (the "nothing marked" value) fails instead of clearing the mark. */
  negativeInOutRejected: boolean;
  /** createSubClipAction ignores { takeVideo, takeAudio } and always takes both. */
  subclipIgnoresMediaOptions: boolean;
  /** Placed track items are named after the media file instead of the project item. */
  trackItemsNamedAfterFile: boolean;
  /** A sequence item's createClearInOutPointsAction commits but leaves the in/out as they were. */
  sequenceClearInOutIgnored: boolean;
  /** importFiles imports the file, then rejects anyway. */
  importThrowsAfterImporting: boolean;
  /** findItemsMatchingMediaPath rejects. */
  mediaPathLookupFails: boolean;
  /** exportSequence with exportFull=false exports the whole sequence anyway. */
  exportIgnoresInOut: boolean;
}

export const DEFAULT_FAULTS: FakeFaults = {
  exportFails: false,
  exportThrows: false,
  exportPromiseNeverSettles: false,
  exportHangs: false,
  exportEventFires: true,
  exportDelayMs: 0,
  importFails: false,
  negativeInOutRejected: false,
  subclipIgnoresMediaOptions: false,
  trackItemsNamedAfterFile: false,
  sequenceClearInOutIgnored: false,
  importThrowsAfterImporting: false,
  mediaPathLookupFails: false,
  exportIgnoresInOut: false,
};

export interface FakePremiereOptions {
  media: MediaHost;
  /** Where Premiere's behaviour is unconfirmed, which reading the fake follows (default: the adapter's assumptions). */
  behaviour?: Partial<FakeBehaviour>;
  /** Renders exports; without one, every export fails (resolves false). */
  renderer?: SequenceRenderer;
  faults?: Partial<FakeFaults>;
  /** Timer for export delays; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}
