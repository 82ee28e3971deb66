/**
 * Small in-memory stand-ins for the controller's ports, for the panel's component tests only.
 * The controller, queue, journal and pipeline under them are the real ones: a test drives the
 * host (what is marked) and Runware (when a generation finishes or fails) and reads the panel.
 */
import { createSimulatedClock } from '../../app/clock';
import { createMemoryFileStore } from '../../testing/memoryFileStore';
import type { FileStore, HostPort, InferencePort, PlacedTake, RangedMarker, RemoteStatus, RetakeRequest, SecretStore, SequenceSnapshot, TakePlacement } from '../../app/ports';
import { RetakeController } from '../../app/retakeController';
import type { WindowClip } from '../../domain/crossings';
import { RetakeError } from '../../domain/errors';
import type { JobRecord } from '../../domain/job';
import { FRAME_RATES, FrameRate, TICKS_PER_SECOND, TickRange, framesToTicks } from '../../domain/time';
import { Deferred, createGates, deferred, fakeMp4 } from './controls';

export { createGates, deferred, fakeMp4 } from './controls';

// ---- Files and secrets ----

export function createSecrets(initial: string | null): SecretStore & { key: string | null } {
  const s = {
    key: initial,
    getApiKey: async () => s.key,
    setApiKey: async (k: string) => {
      s.key = k;
    },
    clearApiKey: async () => {
      s.key = null;
    },
  };
  return s;
}

// ---- The host: a sequence the test shapes ----

export interface SequenceOptions {
  rate?: FrameRate;
  /** Start timecode, in frames at the sequence rate (e.g. one hour at 25 fps = 90000). */
  zeroFrames?: number;
  lengthFrames?: number;
  /** In and out, in frames from the timeline start; null = nothing marked. */
  marks?: [number, number] | null;
  name?: string;
}

export function makeSequence(o: SequenceOptions = {}): SequenceSnapshot {
  const rate = o.rate ?? FRAME_RATES['25'];
  const marks = o.marks === undefined ? null : o.marks;
  return {
    id: 'seq-1',
    name: o.name ?? 'Main edit',
    timing: { frameRate: rate, end: framesToTicks(o.lengthFrames ?? 1500, rate), zeroPoint: framesToTicks(o.zeroFrames ?? 0, rate) },
    frameSize: { width: 1920, height: 1080 },
    marks: marks ? { start: framesToTicks(marks[0], rate), end: framesToTicks(marks[1], rate) } : null,
    videoTrackCount: 2,
    audioTrackCount: 2,
  };
}

export function makeMarker(id: string, name: string, frames: [number, number], o: { comments?: string; colorIndex?: number; rate?: FrameRate } = {}): RangedMarker {
  const rate = o.rate ?? FRAME_RATES['25'];
  const range: TickRange = { start: framesToTicks(frames[0], rate), end: framesToTicks(frames[1], rate) };
  return { id, name, comments: o.comments ?? '', colorIndex: o.colorIndex ?? 0, range };
}

/** The preset the fake host reports for every export. */
export const EXPORT_PRESET = '/Applications/Adobe Premiere Pro 2026/Adobe Premiere Pro 2026.app/Contents/MediaIO/systempresets/4E49434B_48323634/01 - Match Source - High bitrate.epr';

export function createHost(files: FileStore, gates: ReturnType<typeof createGates>) {
  const state = {
    sequence: null as SequenceSnapshot | null,
    markers: [] as RangedMarker[],
    placements: [] as TakePlacement[],
    placed: [] as PlacedTake[],
    revealed: [] as PlacedTake[],
    /** What the source viewer was asked to show (review before placing). */
    reviewed: [] as Array<{ takePath: string; at: bigint }>,
    /** The clips under any window (the cut/gap warning reads them). */
    clips: [] as WindowClip[],
  };
  const host: HostPort = {
    readSequence: async () => state.sequence,
    readRangedMarkers: async () => state.markers,
    takesFolder: async () => '/project/LTX Retakes',
    exportWindow: async (_id, window, outPath) => {
      await gates.pass('export');
      await files.write(outPath, fakeMp4(Number(window.end - window.start) / Number(TICKS_PER_SECOND)));
      return { preset: EXPORT_PRESET };
    },
    importTake: async (takePath) => ({ mediaPath: takePath }),
    placeTake: async (_take, p) => {
      state.placements.push(p);
      const placed = { sequenceId: p.sequenceId, name: p.name, videoTrackIndex: 2, audioTrackIndex: null, at: p.at.toString() };
      state.placed.push(placed);
      return placed;
    },
    findPlacedTake: async (_s, jobId) => state.placed.find((p) => p.name.includes(`[${jobId}]`)) ?? null,
    revealTake: async (p) => void state.revealed.push(p),
    openForReview: async (takePath, at) => void state.reviewed.push({ takePath, at }),
    readClipsOver: async (_id, window) => state.clips.filter((c) => c.range.end > window.start && c.range.start < window.end),
  };
  return { host, state };
}

// ---- Runware: generations the test finishes or fails ----

interface Following {
  taskUUID: string;
  done: Deferred<Extract<RemoteStatus, { state: 'success' }>>;
  onProgress?: (p: { elapsedMs: number; polls: number; progress?: number }) => void;
}

export function createInference(gates: ReturnType<typeof createGates>) {
  const uploads = new Map<string, Uint8Array>();
  const tasks = new Map<string, RetakeRequest>();
  const following: Following[] = [];
  const submitted: RetakeRequest[] = [];
  const port: InferencePort = {
    upload: async (bytes) => {
      await gates.pass('upload');
      const mediaUUID = `media-${uploads.size + 1}`;
      uploads.set(mediaUUID, bytes);
      return { mediaUUID };
    },
    submit: async (req) => {
      await gates.pass('submit');
      submitted.push(req);
      tasks.set(req.taskUUID, req);
    },
    status: async (taskUUID) => {
      if (!tasks.has(taskUUID)) throw new RetakeError('notFound', 'Runware does not know this task.');
      return { state: 'processing' };
    },
    follow: (taskUUID, options) => {
      const f: Following = { taskUUID, done: deferred(), onProgress: options.onProgress };
      following.push(f);
      options.cancel.onCancel(() => f.done.reject(new RetakeError('cancelled', 'Cancelled.')));
      return f.done.promise;
    },
    // The retake keeps the uploaded clip's timeline: the same header comes back.
    download: async (url) => uploads.get(tasks.get(url.replace('https://take/', ''))?.video ?? '') ?? fakeMp4(5),
  };
  const pick = (taskUUID?: string) => {
    const f = taskUUID ? following.find((x) => x.taskUUID === taskUUID) : following[0];
    if (!f) throw new Error(`no generation is being followed${taskUUID ? ` for ${taskUUID}` : ''}`);
    following.splice(following.indexOf(f), 1);
    return f;
  };
  return {
    port,
    submitted,
    following,
    /** Registers a task Runware already holds (a job resumed after a reload). */
    know(req: RetakeRequest) {
      tasks.set(req.taskUUID, req);
    },
    progress(progress: number, taskUUID?: string) {
      const f = taskUUID ? following.find((x) => x.taskUUID === taskUUID) : following[0];
      f?.onProgress?.({ elapsedMs: 0, polls: 1, progress });
    },
    finish(costUsd?: number, taskUUID?: string) {
      const f = pick(taskUUID);
      f.done.resolve({ state: 'success', videoURL: `https://take/${f.taskUUID}`, costUsd });
    },
    fail(error: RetakeError, taskUUID?: string) {
      pick(taskUUID).done.reject(error);
    },
  };
}

// ---- Everything wired into a real controller ----

export const START_MS = Date.UTC(2026, 10, 24, 9, 0, 0);

export interface World {
  controller: RetakeController;
  files: ReturnType<typeof createMemoryFileStore>;
  secrets: ReturnType<typeof createSecrets>;
  host: ReturnType<typeof createHost>['state'];
  inference: ReturnType<typeof createInference>;
  gates: ReturnType<typeof createGates>;
  clock: ReturnType<typeof createSimulatedClock>;
}

export const JOURNAL_PATH = '/data/journal.json';
export const PREFS_PATH = '/data/preferences.json';

export function createWorld(
  o: { apiKey?: string | null; sequence?: SequenceSnapshot | null; markers?: RangedMarker[]; journal?: JobRecord[]; preferences?: object; hostExtras?: Partial<HostPort> } = {},
): World {
  const files = createMemoryFileStore();
  const gates = createGates();
  const { host, state } = createHost(files, gates);
  // Host calls a test adds (take switching, deleting): the in-memory host has none of its own.
  Object.assign(host, o.hostExtras);
  state.sequence = o.sequence === undefined ? makeSequence() : o.sequence;
  state.markers = o.markers ?? [];
  if (o.journal) files.texts.set(JOURNAL_PATH, JSON.stringify({ version: 1, jobs: o.journal }));
  if (o.preferences) files.texts.set(PREFS_PATH, JSON.stringify(o.preferences));
  const secrets = createSecrets(o.apiKey === undefined ? 'rw-test-key' : o.apiKey);
  const inference = createInference(gates);
  const clock = createSimulatedClock(START_MS);
  let n = 0;
  const controller = new RetakeController({
    host,
    files,
    secrets,
    clock,
    newUUID: () => `${String(++n).padStart(8, '0')}-0000-4000-8000-000000000000`,
    makeInference: () => inference.port,
    journalPath: JOURNAL_PATH,
    preferencesPath: PREFS_PATH,
  });
  return { controller, files, secrets, host: state, inference, gates, clock };
}
