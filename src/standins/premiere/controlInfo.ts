/**
 * What the fake's control reads back: sequences, tracks, clips and project items as plain data
 * (copies, so a reader never holds the fake's state).
 */
import type { FrameRate, Ticks } from '../../domain/time';
import type { Ctx } from './context';
import { ClipEdge, ClipItemState, MarkerState, MediaKind, SequenceState, TransitionState, sequenceEnd, tracksOf } from './state';
import type { MediaProbe } from './types';

export interface ClipInfo {
  id: string;
  name: string;
  media: MediaKind;
  trackIndex: number;
  start: Ticks;
  end: Ticks;
  sourceIn: Ticks;
  sourceOut: Ticks;
  itemId: string;
  itemName: string;
  mediaPath: string;
  disabled: boolean;
  linkId: string | null;
  scaleToFrame: boolean;
  /** Video transitions on the clip's edges (empty when none). */
  transitions: Partial<Record<ClipEdge, TransitionState>>;
}

export interface TrackInfo {
  index: number;
  id: number;
  name: string;
  muted: boolean;
  clips: ClipInfo[];
}

/** A marker as tests and the demo read it: the state itself (plain data). */
export type MarkerInfo = MarkerState;

export interface SequenceInfo {
  guid: string;
  name: string;
  frameRate: FrameRate;
  zeroPoint: Ticks;
  frameSize: { width: number; height: number };
  inPoint: Ticks | null;
  outPoint: Ticks | null;
  end: Ticks;
  active: boolean;
  video: TrackInfo[];
  audio: TrackInfo[];
  markers: MarkerInfo[];
  selection: string[];
  playhead: Ticks;
}

export interface ItemInfo {
  id: string;
  kind: 'bin' | 'clip';
  name: string;
  /** Bin names from the root, e.g. "LTX Retakes" ("" for the root itself and its direct children). */
  binPath: string;
  mediaPath?: string;
  duration?: Ticks;
  inPoint?: Ticks | null;
  outPoint?: Ticks | null;
  scaleToFrameSize?: boolean;
  media?: MediaProbe;
  subclip?: { masterId: string; start: Ticks; end: Ticks; takeVideo: boolean; takeAudio: boolean };
  /** Clip markers, media ticks from the file's start. */
  markers?: MarkerInfo[];
  colorLabel?: number;
  /** Project metadata fields set on the clip (Metadata.createSetProjectMetadataAction), by schema property. */
  projectMetadata?: Record<string, string>;
}

export function clipInfos(project: NonNullable<Ctx['world']['project']>, seq: SequenceState): ClipInfo[] {
  return [...trackInfos(project, seq, 'video'), ...trackInfos(project, seq, 'audio')].flatMap((t) => t.clips);
}

export function trackInfos(project: NonNullable<Ctx['world']['project']>, seq: SequenceState, media: MediaKind): TrackInfo[] {
  return tracksOf(seq, media).map((track, index) => ({
    index,
    id: track.id,
    name: track.name,
    muted: track.muted,
    clips: track.items.map((i) => {
      const item = project.items[i.itemId] as ClipItemState | undefined;
      return {
        id: i.id,
        name: i.name,
        media,
        trackIndex: index,
        start: i.start,
        end: i.end,
        sourceIn: i.sourceIn,
        sourceOut: i.sourceIn + (i.end - i.start),
        itemId: i.itemId,
        itemName: item?.name ?? '',
        mediaPath: item?.mediaPath ?? '',
        disabled: i.disabled,
        linkId: i.linkId,
        scaleToFrame: i.scaleToFrame,
        transitions: { ...i.transitions },
      };
    }),
  }));
}

export function sequenceInfo(project: NonNullable<Ctx['world']['project']>, seq: SequenceState): SequenceInfo {
  return {
    guid: seq.guid,
    name: seq.name,
    frameRate: { ...seq.rate },
    zeroPoint: seq.zeroPoint,
    frameSize: { ...seq.frameSize },
    inPoint: seq.inPoint,
    outPoint: seq.outPoint,
    end: sequenceEnd(seq),
    active: project.activeSequence === seq.guid,
    video: trackInfos(project, seq, 'video'),
    audio: trackInfos(project, seq, 'audio'),
    markers: seq.markers.map((m) => ({ ...m })),
    selection: [...seq.selection],
    playhead: seq.playhead,
  };
}

export function itemInfo(project: NonNullable<Ctx['world']['project']>, id: string): ItemInfo {
  const item = project.items[id];
  const path: string[] = [];
  let parent = item.parentId;
  while (parent && parent !== project.rootId) {
    const bin = project.items[parent];
    path.unshift(bin.name);
    parent = bin.parentId;
  }
  const binPath = path.join('/');
  if (item.kind === 'bin') return { id, kind: 'bin', name: item.name, binPath };
  return {
    id,
    kind: 'clip',
    name: item.name,
    binPath,
    mediaPath: item.mediaPath,
    duration: item.duration,
    inPoint: item.inPoint,
    outPoint: item.outPoint,
    scaleToFrameSize: item.scaleToFrameSize,
    media: { ...item.media },
    subclip: item.subclip
      ? { masterId: item.subclip.masterId, start: item.subclip.start, end: item.subclip.end, takeVideo: item.subclip.takeVideo, takeAudio: item.subclip.takeAudio }
      : undefined,
    markers: (item.markers ?? []).map((m) => ({ ...m })),
    colorLabel: item.colorLabel,
    projectMetadata: { ...(item.projectMetadata ?? {}) },
  };
}
