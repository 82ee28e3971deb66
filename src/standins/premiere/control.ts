/**
 * The fake's test and demo handle: not part of Premiere's API. It builds state the way an editor
 * would have (project, media, sequences with clips, marks, markers), reads everything back, scripts
 * faults, and tells subscribers when anything changes (for a live timeline view).
 *
 * Times are bigint ticks: sequence times from the timeline start, source times from the media's
 * first frame.
 */
import { FRAME_RATES, FrameRate, Ticks, framesToTicks } from '../../domain/time';
import { timecodeToFrames } from '../../domain/timecode';
import type { Ctx, ExportRecord } from './context';
import type { SourceMonitorState } from './sourceMonitor';
import {
  BinState,
  ClipItemState,
  MediaKind,
  SequenceState,
  TrackItemState,
  TrackState,
  basename,
  findClip,
  findSequence,
  addClipItem,
  newGuid,
  newId,
  requireProject,
  sortTrack,
  tracksOf,
} from './state';
import type { FakeFaults } from './types';
import { ClipInfo, ItemInfo, SequenceInfo, clipInfos, itemInfo, sequenceInfo } from './controlInfo';

export type { ClipInfo, ItemInfo, MarkerInfo, SequenceInfo, TrackInfo } from './controlInfo';

export interface SequenceSpec {
  name: string;
  /** A rate from the supported set: a key of FRAME_RATES ('23.976', '29.97 DF'...) or the rate itself. */
  frameRate: keyof typeof FRAME_RATES | FrameRate;
  /** Start timecode ('01:00:00:00') or ticks; default 0. */
  zeroPoint?: string | Ticks;
  frameSize?: { width: number; height: number };
  videoTracks?: number;
  audioTracks?: number;
  /** Make it the active sequence (default true). */
  activate?: boolean;
}

export interface ClipSpec {
  /** Project item id (from addMedia) or the media path of an imported item. */
  item: string;
  /** Sequence time of the clip's first frame, ticks from the timeline start. */
  start: Ticks;
  /** Media time of the first frame (default 0). */
  sourceIn?: Ticks;
  /** Length on the timeline (default: the rest of the media). */
  duration?: Ticks;
  /** Video track index (default 0); tracks are added up to it when missing. */
  videoTrack?: number;
  /** Audio track index (default: same as the video track). */
  audioTrack?: number;
  /** Which parts to place (default: every part the media has, linked). */
  media?: 'video' | 'audio' | 'both';
  name?: string;
}

export interface FakeControl {
  /** Opens a new project (replacing any open one). path "" = never saved. */
  createProject(o: { name: string; path: string }): void;
  closeProject(): void;
  createBin(name: string, parentBinId?: string): string;
  /** Imports a media file the way an editor would (probed through options.media). */
  addMedia(path: string, o?: { binId?: string; name?: string }): Promise<ItemInfo>;
  createSequence(spec: SequenceSpec): SequenceInfo;
  setActiveSequence(guid: string | null): void;
  addClip(sequenceGuid: string, spec: ClipSpec): ClipInfo[];
  /** Sets the editor's in/out (ticks from the timeline start); null clears a mark. */
  setInOut(sequenceGuid: string, inPoint: Ticks | null, outPoint: Ticks | null): void;
  addMarker(
    sequenceGuid: string,
    m: { name: string; start: Ticks; duration?: Ticks; comments?: string; colorIndex?: number; type?: string },
  ): string;
  setTrackMuted(sequenceGuid: string, media: MediaKind, index: number, muted: boolean): void;
  setClipDisabled(sequenceGuid: string, trackItemId: string, disabled: boolean): void;

  sequence(guid?: string): SequenceInfo;
  sequences(): SequenceInfo[];
  clips(sequenceGuid?: string, media?: MediaKind): ClipInfo[];
  items(): ItemInfo[];
  /** The project metadata schema's added properties: name -> the label the Project panel shows. */
  metadataLabels(): Record<string, string>;
  project(): { name: string; path: string; guid: string } | null;
  /** Labels of committed transactions, oldest first (undone ones included). */
  undoLabels(): string[];
  /** Undoes the last transaction; returns its label, or null when there is nothing to undo. */
  undo(): string | null;
  /** Why the last transaction returned false, if it did. */
  lastTransactionFailure(): string | null;
  exports(): ExportRecord[];
  /** What the Source Monitor shows (SourceMonitor.openFilePath / setPosition). */
  sourceMonitor(): SourceMonitorState;
  listenerCount(eventName: unknown): number;
  /** Fires a global event as Premiere would for something the plugin did not start (another export). */
  fireGlobalEvent(eventName: unknown, event: object): void;

  faults(): FakeFaults;
  setFaults(faults: Partial<FakeFaults>): void;
  /** Called after every change (transactions, imports, exports, control calls); returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export function createControl(ctx: Ctx): FakeControl {
  const world = ctx.world;
  const changed = () => ctx.notify();

  const control: FakeControl = {
    createProject: ({ name, path }) => {
      const rootId = newId(world, 'root');
      world.project = {
        guid: newGuid(world),
        name,
        path,
        rootId,
        items: { [rootId]: { kind: 'bin', id: rootId, name, parentId: null, children: [] } },
        sequences: [],
        activeSequence: null,
      };
      world.undo = [];
      changed();
    },
    closeProject: () => {
      world.project = null;
      world.undo = [];
      changed();
    },
    createBin: (name, parentBinId) => {
      const project = requireProject(world);
      const parent = project.items[parentBinId ?? project.rootId];
      if (!parent || parent.kind !== 'bin') throw new Error(`No bin ${parentBinId}.`);
      const bin: BinState = { kind: 'bin', id: newId(world, 'bin'), name, parentId: parent.id, children: [] };
      project.items[bin.id] = bin;
      parent.children.push(bin.id);
      changed();
      return bin.id;
    },
    addMedia: async (path, o = {}) => {
      const project = requireProject(world);
      if (!(await ctx.options.media.exists(path))) throw new Error(`No media file at ${path}.`);
      const media = await ctx.options.media.probe(path);
      const clip = addClipItem(world, project, o.binId ?? project.rootId, path, media, o.name ?? basename(path));
      changed();
      return itemInfo(world.project!, clip.id);
    },
    createSequence: (spec) => {
      const project = requireProject(world);
      const rate = typeof spec.frameRate === 'string' ? { ...FRAME_RATES[spec.frameRate] } : { ...spec.frameRate };
      if (!rate || !Object.values(FRAME_RATES).some((r) => r.num === rate.num && r.den === rate.den && r.dropFrame === rate.dropFrame)) {
        throw new Error(`Unsupported sequence frame rate ${JSON.stringify(spec.frameRate)}.`);
      }
      const zeroPoint =
        spec.zeroPoint === undefined ? 0n : typeof spec.zeroPoint === 'string' ? framesToTicks(timecodeToFrames(spec.zeroPoint, rate), rate) : spec.zeroPoint;
      let nextTrackId = 1;
      const makeTracks = (n: number, label: string): TrackState[] =>
        Array.from({ length: n }, (_, i) => ({ id: nextTrackId++, name: `${label} ${i + 1}`, muted: false, items: [] }));
      const seq: SequenceState = {
        guid: newGuid(world),
        name: spec.name,
        rate,
        zeroPoint,
        frameSize: spec.frameSize ?? { width: 1920, height: 1080 },
        inPoint: null,
        outPoint: null,
        video: makeTracks(spec.videoTracks ?? 3, 'Video'),
        audio: makeTracks(spec.audioTracks ?? 3, 'Audio'),
        markers: [],
        selection: [],
        playhead: 0n,
        nextTrackId: 0,
      };
      seq.nextTrackId = nextTrackId;
      project.sequences.push(seq);
      if (spec.activate !== false) project.activeSequence = seq.guid;
      changed();
      return sequenceInfo(project, seq);
    },
    setActiveSequence: (guid) => {
      const project = requireProject(world);
      if (guid !== null) findSequence(project, guid);
      project.activeSequence = guid;
      changed();
    },
    addClip: (sequenceGuid, spec) => {
      const project = requireProject(world);
      const seq = findSequence(project, sequenceGuid);
      const item = resolveItem(project, spec.item);
      const sourceIn = spec.sourceIn ?? 0n;
      const duration = spec.duration ?? item.duration - sourceIn;
      if (duration <= 0n || sourceIn < 0n || sourceIn + duration > item.duration) {
        throw new Error(`The clip range ${sourceIn}+${duration} is outside "${item.name}" (${item.duration} ticks).`);
      }
      const parts = spec.media ?? 'both';
      const wanted: MediaKind[] = (['video', 'audio'] as const).filter(
        (m) => (parts === 'both' || parts === m) && (m === 'video' ? item.media.hasVideo : item.media.hasAudio),
      );
      if (wanted.length === 0) throw new Error(`"${item.name}" has no ${parts} to place.`);
      const linkId = wanted.length === 2 ? newId(world, 'link') : null;
      const placed: TrackItemState[] = [];
      for (const media of wanted) {
        const index = media === 'video' ? spec.videoTrack ?? 0 : spec.audioTrack ?? spec.videoTrack ?? 0;
        const tracks = tracksOf(seq, media);
        while (tracks.length <= index) {
          tracks.push({ id: seq.nextTrackId++, name: `${media === 'video' ? 'Video' : 'Audio'} ${tracks.length + 1}`, muted: false, items: [] });
        }
        const track = tracks[index];
        const end = spec.start + duration;
        const overlap = track.items.find((i) => i.start < end && i.end > spec.start);
        if (overlap) throw new Error(`"${overlap.name}" already occupies that time on ${media} track ${index + 1}.`);
        const ti: TrackItemState = {
          id: newId(world, 'ti'),
          name: spec.name ?? item.name,
          itemId: item.id,
          start: spec.start,
          end,
          sourceIn,
          disabled: false,
          linkId,
          scaleToFrame: item.scaleToFrameSize,
        };
        track.items.push(ti);
        sortTrack(track);
        placed.push(ti);
      }
      changed();
      return placed.map((p) => clipInfos(project, seq).find((c) => c.id === p.id)!);
    },
    setInOut: (sequenceGuid, inPoint, outPoint) => {
      const seq = findSequence(requireProject(world), sequenceGuid);
      seq.inPoint = inPoint;
      seq.outPoint = outPoint;
      changed();
    },
    addMarker: (sequenceGuid, m) => {
      const seq = findSequence(requireProject(world), sequenceGuid);
      const guid = newGuid(world);
      seq.markers.push({
        guid,
        name: m.name,
        comments: m.comments ?? '',
        colorIndex: m.colorIndex ?? 0,
        type: m.type ?? 'Comment',
        start: m.start,
        duration: m.duration ?? 0n,
      });
      changed();
      return guid;
    },
    setTrackMuted: (sequenceGuid, media, index, muted) => {
      const track = tracksOf(findSequence(requireProject(world), sequenceGuid), media)[index];
      if (!track) throw new Error(`No ${media} track ${index}.`);
      track.muted = muted;
      changed();
    },
    setClipDisabled: (sequenceGuid, trackItemId, disabled) => {
      const seq = findSequence(requireProject(world), sequenceGuid);
      const item = [...seq.video, ...seq.audio].flatMap((t) => t.items).find((i) => i.id === trackItemId);
      if (!item) throw new Error(`No clip ${trackItemId}.`);
      item.disabled = disabled;
      changed();
    },

    sequence: (guid) => {
      const project = requireProject(world);
      const id = guid ?? project.activeSequence;
      if (!id) throw new Error('No active sequence.');
      return sequenceInfo(project, findSequence(project, id));
    },
    sequences: () => {
      const project = requireProject(world);
      return project.sequences.map((s) => sequenceInfo(project, s));
    },
    clips: (guid, media) => {
      const info = control.sequence(guid);
      return [...(media !== 'audio' ? info.video : []), ...(media !== 'video' ? info.audio : [])].flatMap((t) => t.clips);
    },
    items: () => {
      const project = requireProject(world);
      const out: ItemInfo[] = [];
      const walk = (binId: string) => {
        const bin = project.items[binId] as BinState;
        for (const child of bin.children) {
          out.push(itemInfo(project, child));
          if (project.items[child]?.kind === 'bin') walk(child);
        }
      };
      walk(project.rootId);
      return out;
    },
    project: () => (world.project ? { name: world.project.name, path: world.project.path, guid: world.project.guid } : null),
    undoLabels: () => [...world.undoLabels],
    undo: () => {
      const entry = world.undo.pop();
      if (!entry) return null;
      world.project = entry.before;
      changed();
      return entry.label;
    },
    lastTransactionFailure: () => ctx.gate.lastFailure,
    exports: () => ctx.exports.map((e) => ({ ...e, window: { ...e.window } })),
    sourceMonitor: () => ({ ...ctx.sourceMonitor }),
    metadataLabels: () => Object.fromEntries([...ctx.metadataSchema].map(([name, p]) => [name, p.label])),
    listenerCount: (eventName) => ctx.events.count(eventName),
    fireGlobalEvent: (eventName, event) => ctx.events.fire(eventName, event),
    faults: () => ({ ...ctx.faults }),
    setFaults: (faults) => {
      ctx.faults = { ...ctx.faults, ...faults };
    },
    subscribe: (listener) => ctx.subscribe(listener),
  };
  return control;
}

function resolveItem(project: NonNullable<Ctx['world']['project']>, key: string): ClipItemState {
  if (project.items[key]) return findClip(project, key);
  const byPath = Object.values(project.items).find((i): i is ClipItemState => i.kind === 'clip' && i.mediaPath === key && !i.subclip);
  if (!byPath) throw new Error(`No imported clip "${key}".`);
  return byPath;
}
