import type { WindowClip } from '../domain/crossings';
import type { RetakeMode } from '../domain/limits';
import type { TakeLabel } from '../domain/takeLabel';
import type { SequenceTiming } from '../domain/plan';
import type { TickRange, Ticks } from '../domain/time';
import type { CancelToken } from './cancel';

/**
 * What the pipeline needs from the outside world. Adapters implement these; the pipeline knows
 * nothing of Premiere, HTTP or files beyond them. Every method throws RetakeError on failure.
 */

// ---- Host: Premiere in the plugin, a video file in the CLI ----

export interface SequenceSnapshot {
  id: string;
  name: string;
  timing: SequenceTiming;
  frameSize: { width: number; height: number };
  /** The editor's in/out in ticks from the timeline start, or null when nothing usable is marked. */
  marks: TickRange | null;
  videoTrackCount: number;
  audioTrackCount: number;
}

export interface RangedMarker {
  id: string;
  name: string;
  comments: string;
  colorIndex: number;
  /** Ticks from the timeline start. */
  range: TickRange;
}

/** Identifies an imported take by its media file, which survives reloads (item objects do not). */
export interface TakeItemRef {
  mediaPath: string;
}

export interface TakePlacement {
  sequenceId: string;
  mode: RetakeMode;
  /** Sequence time where the regenerated part begins (plan.replaced.start). */
  at: Ticks;
  /** In/out inside the take file (plan.takeSource). */
  source: TickRange;
  /** Clip name on the timeline: traceable to mode, prompt and job. */
  name: string;
  jobId: string;
  /** What the take is, for a marker and metadata fields on its clip where the host has them (takeLabel). */
  label?: TakeLabel;
  /** Blend at cuts: a cross-dissolve this many frames long on each edge of the picture; absent or 0 = hard cuts. */
  blendFrames?: number;
}

/** A label the host could not put on a placed take: its clip marker and colour label, or its project metadata fields. */
export type TakeLabelMissing = 'marker' | 'metadata';

export interface PlacedTake {
  sequenceId: string;
  name: string;
  videoTrackIndex: number | null;
  audioTrackIndex: number | null;
  at: string; // ticks as a decimal string, JSON-safe
  /** Set when the cross-dissolves asked for could not be added: the take is placed with hard cuts. */
  blendProblem?: string;
  /** Set when the original sound under a sound take could not be split and silenced: the take's sound plays over it. */
  soundProblem?: string;
  /** What could not be written on the take (absent: everything was, or the host has no labels). */
  notLabelled?: TakeLabelMissing[];
}

/** How the host exported a window, for the job's record. */
export interface ExportedWindow {
  /** The export preset used (a file path in Premiere). */
  preset: string;
}

/** What no host event reports, re-read cheaply from the sequence last read (HostPort.probeMarks). */
export interface MarksProbe {
  sequenceId: string;
  marks: TickRange | null;
  /** Present when asked for. */
  markers?: RangedMarker[];
}

export interface HostPort {
  /** The active sequence as it is now, or null when none is open. */
  readSequence(): Promise<SequenceSnapshot | null>;

  // ---- Following the host without re-reading everything (hosts with events) ----
  /** Calls `onChange` whenever the host reports something the snapshot may show (sequence switched, tracks edited...); returns a function that stops. */
  watchChanges?(onChange: () => void): () => void;
  /** The marks (and with `markers` the ranged markers) of the sequence last read, re-read alone; null when none was read. */
  probeMarks?(o: { markers: boolean }): Promise<MarksProbe | null>;

  /** Markers with a duration > 0 on that sequence, in timeline order. */
  readRangedMarkers(sequenceId: string): Promise<RangedMarker[]>;
  /** A folder where takes outlive the session (beside the project, or the editor's choice). */
  takesFolder(): Promise<string>;
  /** Renders `window` of the sequence to `outPath`; the editor's in/out are restored whatever happens. */
  exportWindow(sequenceId: string, window: TickRange, outPath: string, cancel: CancelToken): Promise<ExportedWindow | void>;
  /** Imports the take file (idempotent: an already imported file is found, not imported twice). */
  importTake(takePath: string): Promise<TakeItemRef>;
  /** Lays the take on new track(s) over exactly `placement.at` + source length; one undo step where possible. */
  placeTake(take: TakeItemRef, placement: TakePlacement): Promise<PlacedTake>;
  /** The take already placed for this job, so a resume never places twice. */
  findPlacedTake(sequenceId: string, jobId: string): Promise<PlacedTake | null>;
  /** Selects the placed take on the timeline, where the host can. */
  revealTake(placed: PlacedTake): Promise<void>;

  // ---- Takes of one range (hosts with a timeline; absent on a video file) ----
  /** The job whose take is enabled over `range` (ticks from the timeline start), or null when none is (the original shows). */
  readActiveTake?(sequenceId: string, range: TickRange): Promise<string | null>;
  /** Enables that job's take over `range` and disables the others; null disables them all. One undo step. */
  setActiveTake?(sequenceId: string, range: TickRange, jobId: string | null): Promise<void>;
  /** Takes the job's take off the timeline (nothing moves; its file and project item stay). One undo step. */
  removeTake?(sequenceId: string, jobId: string): Promise<void>;
  /** Removes the take file's project items (refused while any sequence uses them), so the file can be deleted. One undo step. */
  deleteTakeItems?(takePath: string): Promise<void>;
  /** Opens a take file for review in the host's source viewer, positioned at `at` (ticks in the file). Touches no sequence. */
  openForReview?(takePath: string, at: Ticks): Promise<void>;
  /**
   * A small image of the sequence's frame at `at` (ticks from the timeline start: inside a placed
   * take), written where the panel may read it; its URL, or null when the host made none.
   */
  takeThumbnail?(sequenceId: string, at: Ticks, jobId: string): Promise<string | null>;
  /** The enabled clips (takes left out) that overlap `window` (ticks from the timeline start), on every track. */
  readClipsOver?(sequenceId: string, window: TickRange): Promise<WindowClip[]>;
}

// ---- Inference: Runware ----

export interface UploadedMedia {
  mediaUUID: string;
  mediaURL?: string;
}

export interface RetakeRequest {
  taskUUID: string;
  /** mediaUUID or mediaURL of the uploaded clip. */
  video: string;
  prompt: string;
  mode: RetakeMode;
  startTime: number;
  duration: number;
  /**
   * This taskUUID may have been sent before (a resumed job whose submit was under way): Runware is
   * asked whether it holds it before anything is sent.
   */
  mayBeHeld?: boolean;
}

export type RemoteStatus =
  | { state: 'processing'; progress?: number }
  | { state: 'success'; videoURL: string; videoUUID?: string; costUsd?: number };

export interface FollowOptions {
  cancel: CancelToken;
  /** Called after every poll that is still running. */
  onProgress?: (p: { elapsedMs: number; polls: number; progress?: number }) => void;
  /** When the job was submitted (epoch ms), so a resumed follow keeps the same deadline and cadence. */
  submittedAt?: number;
  /** How long the job should take, from past jobs (domain/polling estimateGenerationMs); null if unknown. */
  expectedMs?: number | null;
}

export interface InferencePort {
  upload(bytes: Uint8Array, cancel: CancelToken): Promise<UploadedMedia>;
  /**
   * Submits once. If the acknowledgement is lost, finds out by polling the taskUUID before ever
   * sending again; resolves once Runware is known to hold the task.
   */
  submit(request: RetakeRequest, cancel: CancelToken): Promise<void>;
  /** One poll. Throws RetakeError (provider, notFound...) when the job failed or is unknown. */
  status(taskUUID: string): Promise<RemoteStatus>;
  /** Polls until success (returned), failure (thrown), the deadline (timeout) or cancel. */
  follow(taskUUID: string, options: FollowOptions): Promise<Extract<RemoteStatus, { state: 'success' }>>;
  /** `taskUUID` names the paid job in any failure sentence (the URL alone says nothing to support). */
  download(url: string, cancel: CancelToken, taskUUID?: string): Promise<Uint8Array>;
}

// ---- Files, secrets, time ----

export interface FileStore {
  read(path: string): Promise<Uint8Array>;
  write(path: string, bytes: Uint8Array): Promise<void>;
  readText(path: string): Promise<string | null>;
  writeText(path: string, text: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Size in bytes, or null when the file does not exist. */
  size(path: string): Promise<number | null>;
  remove(path: string): Promise<void>;
  ensureFolder(path: string): Promise<void>;
  join(...parts: string[]): string;
  /** A scratch folder for exports (deleted after upload; never used for takes). */
  scratchFolder(): Promise<string>;
}

export interface SecretStore {
  getApiKey(): Promise<string | null>;
  setApiKey(key: string): Promise<void>;
  clearApiKey(): Promise<void>;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with a cancelled RetakeError as soon as `cancel` fires. */
  sleep(ms: number, cancel?: CancelToken): Promise<void>;
}
