/**
 * Making and removing things the self-check needs: a sequence from media, deleting a sequence,
 * choosing the active one, removing a project item from its bin, and a sequence's zero point.
 *
 * Sources: the d.ts of `@adobe/premierepro` 26.3 (names and signatures) and Adobe's reference
 * (project.md, folderitem.md, sequence.md: all since 25.6). A sequence from media takes the first
 * clip's frame rate and size and holds the clips one after another from the timeline start, as
 * Premiere's "New Sequence From Clip" does (Premiere's user guide); whether the API call makes it
 * the active sequence is not documented: the fake does, as the menu command does, so the
 * self-check must put the editor's back. Sequences here are not project items in bins (the fake's
 * model keeps them in their own list).
 */
import type { Action, PClipProjectItem, PProjectItem, PSequence, PTickTime } from '../../adapters/premiere/subset';
import { ticksPerFrame } from '../../domain/time';
import type { Ctx } from './context';
import { sequenceView } from './sequenceApi';
import { ClipItemState, ProjectState, SequenceState, TrackState, findClip, findItem, findSequence, frameRateOf, newGuid, newId, sortTrack } from './state';
import { tickTicks } from './time';

export async function createSequenceFromMedia(ctx: Ctx, name: string, clipItems: PClipProjectItem[] | undefined, _targetBin: PProjectItem | undefined): Promise<PSequence> {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('createSequenceFromMedia needs a name.');
  const project = ctx.project;
  const clips = (clipItems ?? []).map((c) => findClip(project, ctx.refOf(c, 'item', 'createSequenceFromMedia').id));
  const first = clips[0];
  const rate = first ? frameRateOf(first.media) : undefined;
  if (!first || !rate) throw new Error('createSequenceFromMedia: the first clip has no video frame rate to take the settings from.');
  let nextTrackId = 1;
  const track = (label: string): TrackState => ({ id: nextTrackId++, name: label, muted: false, items: [] });
  const seq: SequenceState = {
    guid: newGuid(ctx.world),
    name,
    rate: { ...rate, dropFrame: false },
    zeroPoint: 0n,
    frameSize: { width: first.media.width, height: first.media.height },
    inPoint: null,
    outPoint: null,
    video: [track('Video 1')],
    audio: [track('Audio 1')],
    markers: [],
    selection: [],
    playhead: 0n,
    nextTrackId: 0,
  };
  seq.nextTrackId = nextTrackId;
  let at = 0n;
  for (const clip of clips) at = appendClip(ctx, seq, clip, at);
  project.sequences.push(seq);
  project.activeSequence = seq.guid;
  ctx.notify();
  return sequenceView(ctx, seq.guid);
}

function appendClip(ctx: Ctx, seq: SequenceState, clip: ClipItemState, at: bigint): bigint {
  const tpf = ticksPerFrame(seq.rate);
  const length = (clip.duration / tpf) * tpf;
  const linkId = clip.media.hasVideo && clip.media.hasAudio ? newId(ctx.world, 'link') : null;
  for (const [kind, tracks] of [['video', seq.video], ['audio', seq.audio]] as const) {
    if (!(kind === 'video' ? clip.media.hasVideo : clip.media.hasAudio)) continue;
    tracks[0].items.push({ id: newId(ctx.world, 'ti'), name: clip.name, itemId: clip.id, start: at, end: at + length, sourceIn: 0n, disabled: false, linkId, scaleToFrame: false });
    sortTrack(tracks[0]);
  }
  return at + length;
}

export async function deleteSequence(ctx: Ctx, sequence: PSequence): Promise<boolean> {
  const { guid } = ctx.refOf(sequence, 'sequence', 'Project.deleteSequence');
  const project = ctx.project;
  if (!project.sequences.some((s) => s.guid === guid)) return false;
  project.sequences = project.sequences.filter((s) => s.guid !== guid);
  if (project.activeSequence === guid) project.activeSequence = null;
  ctx.notify();
  return true;
}

export async function setActiveSequence(ctx: Ctx, sequence: PSequence): Promise<boolean> {
  const { guid } = ctx.refOf(sequence, 'sequence', 'Project.setActiveSequence');
  findSequence(ctx.project, guid);
  ctx.project.activeSequence = guid;
  ctx.notify();
  return true;
}

/** Removes a child of this bin (a bin with everything in it); clips of removed items leave every sequence. */
export function removeItemAction(ctx: Ctx, binId: string, item: PProjectItem): Action {
  const { id } = ctx.refOf(item, 'item', 'FolderItem.createRemoveItemAction');
  return ctx.gate.action('FolderItem.createRemoveItemAction', (project) => {
    const bin = findItem(project, binId);
    if (bin.kind !== 'bin' || !bin.children.includes(id)) throw new Error('the item is not in this bin');
    const removed = new Set<string>();
    collect(project, id, removed);
    // Adobe's reference: "removes the given item from this folder". What Premiere does with the
    // item's instances on timelines is not documented, so removing an item in use is refused.
    const user = project.sequences.find((q) => [...q.video, ...q.audio].some((t) => t.items.some((i) => removed.has(i.itemId))));
    if (user) throw new Error(`the item is used in "${user.name}"; removing an item in use is not modelled by this fake`);
    bin.children = bin.children.filter((c) => c !== id);
    for (const gone of removed) delete project.items[gone];
  });
}

function collect(project: ProjectState, id: string, into: Set<string>): void {
  into.add(id);
  const item = project.items[id];
  if (item?.kind === 'bin') for (const child of item.children) collect(project, child, into);
}

/** The zero point is the sequence's start timecode as ticks: an absolute value, whatever the time convention. */
export function setZeroPointAction(ctx: Ctx, guid: string, time: PTickTime): Action {
  const ticks = tickTicks(time);
  if (ticks < 0n) throw new RangeError('createSetZeroPointAction needs a time of 0 or more.');
  return ctx.gate.action('Sequence.createSetZeroPointAction', (project) => {
    findSequence(project, guid).zeroPoint = ticks;
  });
}
