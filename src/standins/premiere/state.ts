/**
 * The fake Premiere's state: plain data (no functions, no parent pointers) so a transaction can
 * snapshot it with structuredClone and roll back by swapping the snapshot in. API objects refer to
 * state by id and look it up on every call, as Premiere's wrappers do.
 *
 * All sequence times here are ticks from the timeline start; media times are ticks from the
 * media's first frame.
 */
import { FrameRate, Ticks, TICKS_PER_SECOND, frameRateFromTicksPerFrame, secondsToTicks, ticksPerFrame } from '../../domain/time';
import type { MediaProbe } from './types';

export interface BinState {
  kind: 'bin';
  id: string;
  name: string;
  parentId: string | null;
  children: string[];
}

export interface SubclipInfo {
  masterId: string;
  start: Ticks;
  end: Ticks;
  hardBoundaries: boolean;
  takeVideo: boolean;
  takeAudio: boolean;
}

export interface ClipItemState {
  kind: 'clip';
  id: string;
  name: string;
  parentId: string;
  mediaPath: string;
  media: MediaProbe;
  /** Media length in ticks. */
  duration: Ticks;
  /** The item's own in/out (source monitor marks), media ticks; null = unset. */
  inPoint: Ticks | null;
  outPoint: Ticks | null;
  scaleToFrameSize: boolean;
  subclip: SubclipInfo | null;
  /** Clip markers (media ticks) and the Project panel's colour label index; absent until set. */
  markers?: MarkerState[];
  colorLabel?: number;
  /** Project metadata set through Metadata.createSetProjectMetadataAction: schema property -> value. */
  projectMetadata?: Record<string, string>;
}

export type ItemState = BinState | ClipItemState;

export interface TrackItemState {
  id: string;
  name: string;
  itemId: string;
  start: Ticks;
  end: Ticks;
  /** Media time at `start`. */
  sourceIn: Ticks;
  disabled: boolean;
  /** Video and audio parts placed together share a link id. */
  linkId: string | null;
  scaleToFrame: boolean;
  /** Video transitions on the clip's edges (transitionsApi.ts); absent until one is added. */
  transitions?: Partial<Record<ClipEdge, TransitionState>>;
}

export type ClipEdge = 'start' | 'end';

export interface TransitionState {
  matchName: string;
  duration: Ticks;
  alignment: number;
  singleSided: boolean;
}

export interface TrackState {
  id: number;
  name: string;
  muted: boolean;
  items: TrackItemState[];
}

export interface MarkerState {
  guid: string;
  name: string;
  comments: string;
  colorIndex: number;
  type: string;
  start: Ticks;
  duration: Ticks;
}

export interface SequenceState {
  guid: string;
  name: string;
  rate: FrameRate;
  zeroPoint: Ticks;
  frameSize: { width: number; height: number };
  inPoint: Ticks | null;
  outPoint: Ticks | null;
  video: TrackState[];
  audio: TrackState[];
  markers: MarkerState[];
  selection: string[];
  playhead: Ticks;
  nextTrackId: number;
}

export interface ProjectState {
  guid: string;
  name: string;
  path: string;
  rootId: string;
  items: Record<string, ItemState>;
  sequences: SequenceState[];
  activeSequence: string | null;
}

export interface UndoEntry {
  label: string;
  before: ProjectState;
}

export interface World {
  project: ProjectState | null;
  undo: UndoEntry[];
  /** Every label ever committed, including undone ones, in order. */
  undoLabels: string[];
  nextId: number;
}

export type MediaKind = 'video' | 'audio';

export function newWorld(): World {
  return { project: null, undo: [], undoLabels: [], nextId: 1 };
}

export function newId(world: World, prefix: string): string {
  const n = world.nextId++;
  return `${prefix}-${String(n).padStart(4, '0')}`;
}

/** A GUID-shaped id, deterministic so tests and demos are repeatable. */
export function newGuid(world: World): string {
  const n = world.nextId++;
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function requireProject(world: World): ProjectState {
  if (!world.project) throw new Error('No project is open.');
  return world.project;
}

export function findSequence(project: ProjectState, guid: string): SequenceState {
  const seq = project.sequences.find((s) => s.guid === guid);
  if (!seq) throw new Error(`The sequence ${guid} no longer exists.`);
  return seq;
}

export function findItem(project: ProjectState, id: string): ItemState {
  const item = project.items[id];
  if (!item) throw new Error(`The project item ${id} no longer exists.`);
  return item;
}

export function findClip(project: ProjectState, id: string): ClipItemState {
  const item = findItem(project, id);
  if (item.kind !== 'clip') throw new Error(`The project item "${item.name}" is a bin, not a clip.`);
  return item;
}

export function tracksOf(seq: SequenceState, kind: MediaKind): TrackState[] {
  return kind === 'video' ? seq.video : seq.audio;
}

export function findTrackItem(seq: SequenceState, kind: MediaKind, id: string): { track: TrackState; index: number; item: TrackItemState } {
  const tracks = tracksOf(seq, kind);
  for (let index = 0; index < tracks.length; index++) {
    const item = tracks[index].items.find((i) => i.id === id);
    if (item) return { track: tracks[index], index, item };
  }
  throw new Error(`The track item ${id} is no longer in the sequence "${seq.name}".`);
}

export function sortTrack(track: TrackState): void {
  track.items.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** End of the last clip on any track: Premiere's sequence end. */
export function sequenceEnd(seq: SequenceState): Ticks {
  let end = 0n;
  for (const track of [...seq.video, ...seq.audio]) for (const item of track.items) if (item.end > end) end = item.end;
  return end;
}

/** Media length in ticks: whole frames when the rate is a timeline rate, else the probed seconds. */
export function mediaDurationTicks(media: MediaProbe): Ticks {
  const rate = frameRateOf(media);
  if (rate && media.hasVideo) {
    const frames = media.frames ?? Math.round((media.seconds * rate.num) / rate.den);
    return BigInt(frames) * ticksPerFrame(rate);
  }
  return secondsToTicks(media.seconds);
}

/** The supported timeline rate matching a probed rate, if any. */
export function frameRateOf(media: MediaProbe): FrameRate | undefined {
  const { num, den } = media.frameRate;
  if (!num || !den) return undefined;
  return frameRateFromTicksPerFrame((TICKS_PER_SECOND * BigInt(den)) / BigInt(num));
}

/** The source range a project item places: a subclip's bounds, narrowed by the item's own in/out. */
export function effectiveRange(item: ClipItemState): { start: Ticks; end: Ticks } {
  let start = item.subclip ? item.subclip.start : 0n;
  let end = item.subclip ? item.subclip.end : item.duration;
  if (item.inPoint !== null && item.inPoint > start && item.inPoint < end) start = item.inPoint;
  if (item.outPoint !== null && item.outPoint < end && item.outPoint > start) end = item.outPoint;
  return { start, end };
}

export function itemHas(item: ClipItemState, kind: MediaKind): boolean {
  const inMedia = kind === 'video' ? item.media.hasVideo : item.media.hasAudio;
  if (!inMedia) return false;
  if (!item.subclip) return true;
  return kind === 'video' ? item.subclip.takeVideo : item.subclip.takeAudio;
}

/** A clip project item for a media file, added to a bin (what an import or the test setup does). */
export function addClipItem(world: World, project: ProjectState, binId: string, path: string, media: MediaProbe, name: string): ClipItemState {
  const bin = project.items[binId];
  if (!bin || bin.kind !== 'bin') throw new Error(`No bin ${binId}.`);
  const clip: ClipItemState = {
    kind: 'clip',
    id: newId(world, 'item'),
    name,
    parentId: binId,
    mediaPath: path,
    media,
    duration: mediaDurationTicks(media),
    inPoint: null,
    outPoint: null,
    scaleToFrameSize: false,
    subclip: null,
  };
  project.items[clip.id] = clip;
  bin.children.push(clip.id);
  return clip;
}

export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** Ripple-inserts `duration` at `at` on one track: later clips move right, a clip across `at` is cut. */
export function rippleInsert(world: World, track: TrackState, at: Ticks, duration: Ticks): void {
  const added: TrackItemState[] = [];
  for (const item of track.items) {
    if (item.start >= at) {
      item.start += duration;
      item.end += duration;
    } else if (item.end > at) {
      const tail: TrackItemState = {
        ...item,
        id: newId(world, 'ti'),
        start: at + duration,
        end: item.end + duration,
        sourceIn: item.sourceIn + (at - item.start),
      };
      item.end = at;
      added.push(tail);
    }
  }
  track.items.push(...added);
  sortTrack(track);
}
