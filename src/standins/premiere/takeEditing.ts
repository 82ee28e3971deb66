/**
 * The edits a take workflow needs: a track item's disabled state, a track's name, an overwrite
 * edit and an empty selection. Like every action in the fake, each is created under the lock and
 * runs when its transaction commits.
 *
 * Sources: the d.ts of `@adobe/premierepro` 26.3 (names and signatures); Adobe's sample panel
 * (sample-panels/premiere-api/src/sequenceEditor.ts) for overwrite at a 0-based track index and
 * sequence.ts for a track's createSetNameAction added to a transaction like any action.
 */
import type { Action, PProjectItem, PTickTime, PTrackItemSelection } from '../../adapters/premiere/subset';
import type { Ctx } from './context';
import { capturePlacement, selectionView } from './sequenceApi';
import { MediaKind, TrackItemState, TrackState, basename, findClip, findSequence, findTrackItem, newId, sortTrack, tracksOf } from './state';
import { tickTicks } from './time';

/** A disabled clip stays on its track but neither shows nor sounds (the renderer leaves it out). */
export function setDisabledAction(ctx: Ctx, guid: string, media: MediaKind, id: string, disabled: boolean): Action {
  if (typeof disabled !== 'boolean') throw new TypeError('createSetDisabledAction needs true or false.');
  return ctx.gate.action('TrackItem.createSetDisabledAction', (project) => {
    findTrackItem(findSequence(project, guid), media, id).item.disabled = disabled;
  });
}

export function setTrackNameAction(ctx: Ctx, guid: string, media: MediaKind, trackId: number, name: string): Action {
  if (typeof name !== 'string' || name === '') throw new TypeError('createSetNameAction needs a name.');
  return ctx.gate.action('Track.createSetNameAction', (project) => {
    const track = tracksOf(findSequence(project, guid), media).find((t) => t.id === trackId);
    if (!track) throw new Error(`the ${media} track no longer exists`);
    track.name = name;
  });
}

/** `TrackItemSelection.createEmptySelection`: a new, empty selection; the sequence's own is untouched. */
export function createEmptySelection(ctx: Ctx, callback: (selection: PTrackItemSelection) => void): boolean {
  if (typeof callback !== 'function') throw new TypeError('createEmptySelection needs a callback.');
  callback(selectionView(ctx, null, []));
  return true;
}

/**
 * An overwrite edit: the item's range replaces whatever lies under it on the target tracks, and
 * nothing moves. A track index past the last track places nothing for that kind (no source
 * promises a new track for overwrite, unlike insert; it was seen placing nothing).
 */
export function overwriteItemAction(
  ctx: Ctx,
  guid: string,
  projectItem: PProjectItem,
  time: PTickTime,
  videoTrackIndex: number,
  audioTrackIndex: number,
): Action {
  const itemRef = ctx.refOf(projectItem, 'item', 'SequenceEditor.createOverwriteItemAction');
  if (![videoTrackIndex, audioTrackIndex].every((i) => Number.isInteger(i) && i >= 0)) {
    throw new RangeError('createOverwriteItemAction needs track indexes of 0 or more.');
  }
  const raw = tickTicks(time);
  const action = ctx.gate.action('SequenceEditor.createOverwriteItemAction', (project) => {
    const seq = findSequence(project, guid);
    const at = ctx.fromApiTime(raw, seq.zeroPoint);
    if (at < 0n) throw new Error('the overwrite time is before the sequence start');
    const duration = captured.range.end - captured.range.start;
    if (duration <= 0n) throw new Error('the project item has no duration to place');
    const kinds = (['video', 'audio'] as const).filter((k) => captured[k] && tracksOf(seq, k)[k === 'video' ? videoTrackIndex : audioTrackIndex]);
    const linkId = kinds.length === 2 ? newId(ctx.world, 'link') : null;
    const clip = findClip(project, captured.itemId);
    for (const media of kinds) {
      const track = tracksOf(seq, media)[media === 'video' ? videoTrackIndex : audioTrackIndex];
      clearRange(ctx, track, at, at + duration);
      track.items.push({
        id: newId(ctx.world, 'ti'),
        name: ctx.faults.trackItemsNamedAfterFile ? basename(clip.mediaPath) : captured.name,
        itemId: captured.itemId,
        start: at,
        end: at + duration,
        sourceIn: captured.range.start,
        disabled: false,
        linkId,
        scaleToFrame: clip.scaleToFrameSize,
      });
      sortTrack(track);
    }
  });
  const captured = capturePlacement(ctx, itemRef.id);
  return action;
}

/** Removes [from, to) from a track: clips inside go, clips across an edge are trimmed or split. */
function clearRange(ctx: Ctx, track: TrackState, from: bigint, to: bigint): void {
  const kept: TrackItemState[] = [];
  for (const item of track.items) {
    if (item.end <= from || item.start >= to) {
      kept.push(item);
      continue;
    }
    if (item.start < from) kept.push({ ...item, end: from });
    if (item.end > to) kept.push({ ...item, id: newId(ctx.world, 'ti'), start: to, sourceIn: item.sourceIn + (to - item.start) });
  }
  track.items = kept;
}
