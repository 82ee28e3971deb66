/**
 * Sequences, tracks, track items, selections and the sequence editor.
 *
 * Sequence times cross the API through ctx.toApiTime / fromApiTime: whether they include the zero
 * point is the fake's behaviour switch (behaviour.ts).
 */
import type {
  PAudioClipTrackItem,
  PAudioTrack,
  PProjectItem,
  PSequence,
  PSequenceEditor,
  PTickTime,
  PTrackItemSelection,
  PVideoClipTrackItem,
  PVideoTrack,
} from '../../adapters/premiere/subset';
import { ticksPerFrame } from '../../domain/time';
import { TRACK_ITEM_TYPE, displayFormatFor } from './constants';
import type { Ctx, Ref } from './context';
import { projectItemView } from './projectApi';
import { overwriteItemAction, setDisabledAction, setTrackNameAction } from './takeEditing';
import {
  MediaKind,
  ProjectState,
  SequenceState,
  TrackItemState,
  TrackState,
  basename,
  effectiveRange,
  findClip,
  findSequence,
  findTrackItem,
  itemHas,
  newId,
  rippleInsert,
  sequenceEnd,
  sortTrack,
  tracksOf,
} from './state';
import { sequenceProjectItemView } from './sequenceItemApi';
import { setZeroPointAction } from './sequenceLifecycle';
import { NO_MARK_TICKS, frameRateFromTicks, tickTicks, tickTime } from './time';
import { addVideoTransitionAction, removeVideoTransitionAction, transitionItemViews } from './transitionsApi';

export function sequenceView(ctx: Ctx, guid: string): PSequence {
  const seq = () => findSequence(ctx.project, guid);
  const toApi = (t: bigint) => tickTime(ctx.toApiTime(t, seq().zeroPoint));
  const markAction = (which: 'inPoint' | 'outPoint', time: PTickTime) => {
    const raw = tickTicks(time);
    const what = which === 'inPoint' ? 'Sequence.createSetInPointAction' : 'Sequence.createSetOutPointAction';
    return ctx.gate.action(what, (project) => {
      const s = findSequence(project, guid);
      if (raw < 0n) {
        if (ctx.faults.negativeInOutRejected) throw new Error(`a negative ${which === 'inPoint' ? 'in' : 'out'} point is not accepted`);
        s[which] = null;
        return;
      }
      const t = ctx.fromApiTime(raw, s.zeroPoint);
      if (t < 0n) throw new Error(`the time ${raw} is before the sequence start`);
      // The state keeps the end of the range; see behaviour.ts for the other reading of the out point.
      s[which] = which === 'outPoint' && ctx.behaviour.outPointIsLastFrameStart ? t + ticksPerFrame(s.rate) : t;
    });
  };

  const view: PSequence = {
    get name() {
      return seq().name;
    },
    get guid() {
      return { toString: () => guid };
    },
    getSettings: async () => {
      const s = seq();
      const display = displayFormatFor(s.rate);
      const tpf = ticksPerFrame(s.rate);
      return {
        getVideoDisplayFormat: async () => ({ type: display }),
        getVideoFrameRate: () => frameRateFromTicks(tpf),
      };
    },
    getZeroPoint: async () => tickTime(seq().zeroPoint),
    getEndTime: async () => toApi(sequenceEnd(seq())),
    getInPoint: async () => {
      const v = seq().inPoint;
      return v === null ? tickTime(NO_MARK_TICKS) : toApi(v);
    },
    getOutPoint: async () => {
      const s = seq();
      if (s.outPoint === null) return tickTime(NO_MARK_TICKS);
      return toApi(ctx.behaviour.outPointIsLastFrameStart ? s.outPoint - ticksPerFrame(s.rate) : s.outPoint);
    },
    createSetInPointAction: (time) => markAction('inPoint', time),
    createSetOutPointAction: (time) => markAction('outPoint', time),
    createSetZeroPointAction: (time) => setZeroPointAction(ctx, guid, time),
    getFrameSize: async () => ({ ...seq().frameSize }),
    getProjectItem: async () => sequenceProjectItemView(ctx, guid),
    getTimebase: async () => ticksPerFrame(seq().rate).toString(),
    getVideoTrackCount: async () => seq().video.length,
    getAudioTrackCount: async () => seq().audio.length,
    getVideoTrack: async (index) => trackView(ctx, guid, 'video', trackIdAt(seq(), 'video', index)),
    getAudioTrack: async (index) => trackView(ctx, guid, 'audio', trackIdAt(seq(), 'audio', index)),
    clearSelection: async () => {
      seq().selection = [];
      ctx.notify();
      return true;
    },
    getSelection: async () => selectionView(ctx, guid, seq().selection.map((id) => ({ media: kindOfItem(seq(), id), id }))),
    setSelection: (selection) => {
      const ref = ctx.refOf(selection, 'selection', 'Sequence.setSelection');
      const s = seq();
      s.selection = ref.items.filter((i) => {
        try {
          findTrackItem(s, i.media, i.id);
          return true;
        } catch {
          return false;
        }
      }).map((i) => i.id);
      ctx.notify();
      return true;
    },
    setPlayerPosition: async (time) => {
      const s = seq();
      s.playhead = time ? ctx.fromApiTime(tickTicks(time), s.zeroPoint) : 0n;
      ctx.notify();
      return true;
    },
  };
  return ctx.register(view, { kind: 'sequence', guid });
}

function trackIdAt(seq: SequenceState, media: MediaKind, index: number): number {
  const track = tracksOf(seq, media)[index];
  if (!Number.isInteger(index) || !track) {
    throw new RangeError(`The sequence "${seq.name}" has no ${media} track ${index} (it has ${tracksOf(seq, media).length}).`);
  }
  return track.id;
}

function kindOfItem(seq: SequenceState, id: string): MediaKind {
  return seq.video.some((t) => t.items.some((i) => i.id === id)) ? 'video' : 'audio';
}

function trackView(ctx: Ctx, guid: string, media: MediaKind, trackId: number): PVideoTrack & PAudioTrack {
  const locate = (): { track: TrackState; index: number } => {
    const tracks = tracksOf(findSequence(ctx.project, guid), media);
    const index = tracks.findIndex((t) => t.id === trackId);
    if (index < 0) throw new Error(`The ${media} track no longer exists.`);
    return { track: tracks[index], index };
  };
  // Video and audio tracks have the same members; one object serves as either.
  const view: PVideoTrack & PAudioTrack = {
    get name() {
      return locate().track.name;
    },
    get id() {
      return trackId;
    },
    getIndex: async () => locate().index,
    isMuted: async () => locate().track.muted,
    createSetNameAction: (name) => setTrackNameAction(ctx, guid, media, trackId, name),
    getTrackItems: (trackItemType, _includeEmptyTrackItems) => {
      if ((trackItemType as unknown) === TRACK_ITEM_TYPE.TRANSITION) return transitionItemViews(ctx, guid, media, locate().track.items);
      if ((trackItemType as unknown) !== TRACK_ITEM_TYPE.CLIP) return [];
      return locate().track.items.map((i) => trackItemView(ctx, guid, media, i.id));
    },
  };
  return ctx.register(view, { kind: 'track', seq: guid, media, trackId });
}

export function trackItemView(ctx: Ctx, guid: string, media: MediaKind, id: string): PVideoClipTrackItem & PAudioClipTrackItem {
  const locate = () => {
    const seq = findSequence(ctx.project, guid);
    return { seq, ...findTrackItem(seq, media, id) };
  };
  const view: PVideoClipTrackItem & PAudioClipTrackItem = {
    getName: async () => locate().item.name,
    getTrackIndex: async () => locate().index,
    getType: async () => TRACK_ITEM_TYPE.CLIP,
    isDisabled: async () => locate().item.disabled,
    getStartTime: async () => {
      const { seq, item } = locate();
      return tickTime(ctx.toApiTime(item.start, seq.zeroPoint));
    },
    getEndTime: async () => {
      const { seq, item } = locate();
      return tickTime(ctx.toApiTime(item.end, seq.zeroPoint));
    },
    getInPoint: async () => tickTime(locate().item.sourceIn),
    getOutPoint: async () => {
      const { item } = locate();
      return tickTime(item.sourceIn + (item.end - item.start));
    },
    getProjectItem: async () => projectItemView(ctx, locate().item.itemId),
    createSetNameAction: (name) => {
      if (typeof name !== 'string') throw new TypeError('createSetNameAction needs a name.');
      return ctx.gate.action('TrackItem.createSetNameAction', (project) => {
        findTrackItem(findSequence(project, guid), media, id).item.name = name;
      });
    },
    createSetDisabledAction: (disabled) => setDisabledAction(ctx, guid, media, id, disabled),
    createAddVideoTransitionAction: (transition, options) => addVideoTransitionAction(ctx, guid, media, id, transition, options),
    createRemoveVideoTransitionAction: (position) => removeVideoTransitionAction(ctx, guid, media, id, position),
  };
  return ctx.register(view, { kind: 'trackItem', seq: guid, media, id });
}

export function selectionView(ctx: Ctx, guid: string | null, initial: Array<{ media: MediaKind; id: string }>): PTrackItemSelection {
  const ref: Extract<Ref, { kind: 'selection' }> = { kind: 'selection', seq: guid, items: [...initial] };
  const view: PTrackItemSelection = {
    addItem: (trackItem, skipDuplicateCheck) => {
      const itemRef = ctx.refOf(trackItem, 'trackItem', 'TrackItemSelection.addItem');
      if (ref.seq === null) ref.seq = itemRef.seq;
      if (ref.seq !== itemRef.seq) return false;
      if (!skipDuplicateCheck && ref.items.some((i) => i.id === itemRef.id)) return false;
      ref.items.push({ media: itemRef.media, id: itemRef.id });
      return true;
    },
    getTrackItems: async () => {
      if (ref.seq === null) return [];
      const seq = ref.seq;
      return ref.items.map((i) => trackItemView(ctx, seq, i.media, i.id));
    },
  };
  return ctx.register(view, ref);
}

export interface CapturedPlacement {
  itemId: string;
  name: string;
  range: { start: bigint; end: bigint };
  video: boolean;
  audio: boolean;
}

/** Like Premiere, a placing action takes the item's range (its in/out) as it is when the action is created. */
export function capturePlacement(ctx: Ctx, itemId: string): CapturedPlacement {
  const clip = findClip(ctx.project, itemId);
  return { itemId: clip.id, name: clip.name, range: effectiveRange(clip), video: itemHas(clip, 'video'), audio: itemHas(clip, 'audio') };
}

export function sequenceEditorView(ctx: Ctx, sequence: PSequence): PSequenceEditor {
  const guid = ctx.refOf(sequence, 'sequence', 'SequenceEditor.getEditor').guid;
  return {
    createInsertProjectItemAction: (projectItem: PProjectItem, time, videoTrackIndex, audioTrackIndex, limitShift) => {
      const itemRef = ctx.refOf(projectItem, 'item', 'SequenceEditor.createInsertProjectItemAction');
      const raw = tickTicks(time);
      if (!Number.isInteger(videoTrackIndex) || !Number.isInteger(audioTrackIndex) || videoTrackIndex < 0 || audioTrackIndex < 0) {
        throw new RangeError('createInsertProjectItemAction needs track indexes of 0 or more.');
      }
      const action = ctx.gate.action('SequenceEditor.createInsertProjectItemAction', (project) => {
        const seq = findSequence(project, guid);
        insert(ctx, project, seq, captured, ctx.fromApiTime(raw, seq.zeroPoint), videoTrackIndex, audioTrackIndex, limitShift);
      });
      const captured = capturePlacement(ctx, itemRef.id);
      return action;
    },
    createOverwriteItemAction: (projectItem, time, videoTrackIndex, audioTrackIndex) =>
      overwriteItemAction(ctx, guid, projectItem, time, videoTrackIndex, audioTrackIndex),
    createRemoveItemsAction: (trackItemSelection, ripple, _mediaType, _shiftOverLapping) => {
      const sel = ctx.refOf(trackItemSelection, 'selection', 'SequenceEditor.createRemoveItemsAction');
      if (sel.seq !== null && sel.seq !== guid) throw new Error('createRemoveItemsAction: the selection belongs to another sequence.');
      const targets = [...sel.items];
      return ctx.gate.action('SequenceEditor.createRemoveItemsAction', (project) => {
        const seq = findSequence(project, guid);
        for (const t of targets) {
          const { track, item } = findTrackItem(seq, t.media, t.id);
          track.items = track.items.filter((i) => i.id !== item.id);
          if (ripple) {
            const gap = item.end - item.start;
            for (const later of track.items) {
              if (later.start >= item.end) {
                later.start -= gap;
                later.end -= gap;
              }
            }
          }
          seq.selection = seq.selection.filter((id) => id !== item.id);
        }
      });
    },
  };
}

/**
 * An insert edit. A track index past the last track adds one new track (documented; with the
 * 'pastCount' behaviour only an index greater than the count does, and index = count places that
 * kind nowhere); the target tracks ripple from `at`; with limitShift false every other track
 * ripples too (sync lock), so neighbouring clips move.
 */
function insert(
  ctx: Ctx,
  project: ProjectState,
  seq: SequenceState,
  placement: CapturedPlacement,
  at: bigint,
  videoTrackIndex: number,
  audioTrackIndex: number,
  limitShift: boolean,
): void {
  if (at < 0n) throw new Error('the insert time is before the sequence start');
  const duration = placement.range.end - placement.range.start;
  if (duration <= 0n) throw new Error('the project item has no duration to insert');
  const clip = findClip(project, placement.itemId);
  const linkId = placement.video && placement.audio ? newId(ctx.world, 'link') : null;
  const targets: TrackState[] = [];
  const name = ctx.faults.trackItemsNamedAfterFile ? basename(clip.mediaPath) : placement.name;

  for (const media of ['video', 'audio'] as const) {
    if (!placement[media]) continue;
    const tracks = tracksOf(seq, media);
    const index = media === 'video' ? videoTrackIndex : audioTrackIndex;
    let track = tracks[index];
    if (!track) {
      if (index === tracks.length && ctx.behaviour.insertAddsTrackAt === 'pastCount') continue;
      track = { id: seq.nextTrackId++, name: `${media === 'video' ? 'Video' : 'Audio'} ${tracks.length + 1}`, muted: false, items: [] };
      tracks.push(track);
    }
    rippleInsert(ctx.world, track, at, duration);
    const placed: TrackItemState = {
      id: newId(ctx.world, 'ti'),
      name,
      itemId: placement.itemId,
      start: at,
      end: at + duration,
      sourceIn: placement.range.start,
      disabled: false,
      linkId,
      scaleToFrame: clip.scaleToFrameSize,
    };
    track.items.push(placed);
    sortTrack(track);
    targets.push(track);
  }
  if (targets.length === 0) throw new Error('nothing was placed: the project item has no media for the target tracks');
  if (!limitShift) {
    for (const track of [...seq.video, ...seq.audio]) if (!targets.includes(track)) rippleInsert(ctx.world, track, at, duration);
  }
}
