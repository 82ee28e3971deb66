/**
 * The original sound under a sound take: Premiere mixes every audio track, so a take's sound on
 * its own track would play over the original's. The API has no razor action and a clip's enable
 * switch covers all of it, but an overwrite edit replaces what lies under it and moves nothing.
 * So for each enabled original audio clip under the range, an audio-only subclip of its own
 * project item, covering exactly the overlapped source, is overwritten onto the same track at the
 * same time: the original is split around it, every sample where it was. That part (the "original
 * sound part", named with ORIGINAL_SOUND_SUFFIX) is enabled exactly when no enabled take of the
 * range carries sound, so the editor can still switch back to the original.
 */
import type { TickRange, Ticks } from '../../domain/time';
import { isTakeName, jobIdOfTakeName } from '../../domain/job';
import { clipsForMedia, commit } from './projectAccess';
import { selectionOf } from './selection';
import type { Action, PClipProjectItem, PProject, PProjectItem, PSequence, PTrackItemSelection, PremiereSubset } from './subset';
import { readTicksPerFrame } from './sequenceReader';
import { ClipOnTrack, Kind, TrackScan, groupClips, isTakeTrack, scanTracks } from './takeLanes';
import { ticksOf } from './timeConvention';

/** What marks an original sound part. A take name ends in its job id in brackets, so isTakeName never matches this. */
export const ORIGINAL_SOUND_SUFFIX = ' [LTX original sound]';
export const SILENCE_ORIGINAL_UNDO_LABEL = 'LTX Retake: silence original sound';

export function isOriginalSoundName(name: string): boolean {
  return name.endsWith(ORIGINAL_SOUND_SUFFIX) && !isTakeName(name);
}

/** What the card says when the original sound could not be split and silenced: the take plays over it. */
export const SOUND_PROBLEM =
  "Premiere would not split the original sound under this take, so the take's sound plays over it. To hear the take alone, razor the original sound at the take's edges and disable that part (Clip > Enable).";

/** One original audio clip to split: the part of it under the range, as its own subclip. */
export interface OriginalCut {
  trackIndex: number;
  /** Premiere sequence time where the part starts, and where it ends. */
  at: Ticks;
  end: Ticks;
  /** The part's source in-point and out-point in the clip's media. */
  sourceStart: Ticks;
  sourceEnd: Ticks;
  name: string;
  master: PClipProjectItem;
  mediaPath: string;
  /** Ids of the clips of that media before the subclip was made, to tell the new one. */
  before: Set<string>;
  /** The subclip, once made. */
  part?: PProjectItem;
}

export interface OriginalSound {
  /** Original sound parts already under the range (a later take of the range reuses them). */
  parts: ClipOnTrack[];
  /** Original clips still to split. */
  cuts: OriginalCut[];
}

function overlaps(clip: { start: Ticks; end: Ticks }, range: TickRange): boolean {
  return clip.start < range.end && clip.end > range.start;
}

/** The original sound parts of a range: on non-take audio tracks, inside the range (one frame of slack at the end, as takes have). */
export function partsOfRange(audio: TrackScan[], range: TickRange, ticksPerFrame: Ticks): ClipOnTrack[] {
  return audio
    .filter((t) => !isTakeTrack(t))
    .flatMap((t) => t.clips.filter((c) => isOriginalSoundName(c.name) && c.start >= range.start && c.end <= range.end + ticksPerFrame));
}

/**
 * What lies under the range on the editor's audio tracks. An original clip already split by a
 * retake of an overlapping range (a part not inside this one) is left alone: it keeps the rule
 * of its own range.
 */
export async function readOriginalSound(ppro: PremiereSubset, project: PProject, audio: TrackScan[], range: TickRange, ticksPerFrame: Ticks): Promise<OriginalSound> {
  const cuts: OriginalCut[] = [];
  for (const track of audio) {
    if (isTakeTrack(track)) continue;
    for (const clip of track.clips) {
      if (clip.disabled || !overlaps(clip, range) || isTakeName(clip.name) || isOriginalSoundName(clip.name)) continue;
      const master = ppro.ClipProjectItem.cast(await clip.item.getProjectItem());
      if (!master) continue;
      const at = clip.start > range.start ? clip.start : range.start;
      const end = clip.end < range.end ? clip.end : range.end;
      const sourceStart = ticksOf(await clip.item.getInPoint()) + (at - clip.start);
      const mediaPath = await master.getMediaFilePath();
      const before = new Set((await clipsForMedia(ppro, project, mediaPath, false)).map((c) => c.item.getId()));
      cuts.push({ trackIndex: track.index, at, end, sourceStart, sourceEnd: sourceStart + (end - at), name: `${clip.name}${ORIGINAL_SOUND_SUFFIX}`, master, mediaPath, before });
    }
  }
  return { parts: partsOfRange(audio, range, ticksPerFrame), cuts };
}

/** The prepare step's actions for the cuts: one audio-only subclip each (Adobe's d.ts: options { takeVideo, takeAudio }). */
export function subclipActions(ppro: PremiereSubset, cuts: OriginalCut[]): Action[] {
  const time = (t: Ticks) => ppro.TickTime.createWithTicks(t.toString());
  return cuts.map((c) => c.master.createSubClipAction(c.name, time(c.sourceStart), time(c.sourceEnd), true, { takeVideo: false, takeAudio: true }));
}

/** After the prepare step: each cut's new subclip, or false when one is missing (then no cut is made). */
export async function findSubclips(ppro: PremiereSubset, project: PProject, cuts: OriginalCut[]): Promise<boolean> {
  for (const cut of cuts) {
    const made = (await clipsForMedia(ppro, project, cut.mediaPath, false)).find((c) => c.item.name === cut.name && !cut.before.has(c.item.getId()));
    if (!made) return false;
    cut.part = made.item;
  }
  return true;
}

/**
 * Unconfirmed: an overwrite with a video track index past the last track places no picture (the
 * fake was modelled on that for overwrite), so an audio-only part can never land on the editor's
 * picture even if Premiere ignored takeVideo:false. "Check this Premiere" measures it.
 */
export function noVideoTrackIndex(videoTrackCount: number): number {
  return videoTrackCount;
}

/** The placement step's actions for the cuts: each part overwritten onto its own track at its own time. They go before the take's, while the track counts are as read. */
export function overwriteActions(ppro: PremiereSubset, sequence: PSequence, cuts: OriginalCut[], videoTrackCount: number): Action[] {
  const editor = ppro.SequenceEditor.getEditor(sequence);
  return cuts.map((c) => editor.createOverwriteItemAction(c.part as PProjectItem, ppro.TickTime.createWithTicks(c.at.toString()), noVideoTrackIndex(videoTrackCount), c.trackIndex));
}

/**
 * The parts the cuts made, found on their tracks by their project item (a Premiere that names a
 * placed item after its file still placed it); null when one did not land where it was overwritten.
 */
export async function landedParts(ppro: PremiereSubset, sequence: PSequence, cuts: OriginalCut[]): Promise<{ audio: Array<ClipOnTrack & { cut: OriginalCut }>; video: ClipOnTrack[] } | null> {
  const scans: Record<Kind, TrackScan[]> = { video: await scanTracks(ppro, sequence, 'video'), audio: await scanTracks(ppro, sequence, 'audio') };
  const partIds = new Set(cuts.map((c) => (c.part as PProjectItem).getId()));
  const isPart = async (clip: ClipOnTrack) => partIds.has((await clip.item.getProjectItem()).getId());
  const audio: Array<ClipOnTrack & { cut: OriginalCut }> = [];
  for (const cut of cuts) {
    let found: ClipOnTrack | undefined;
    for (const clip of scans.audio[cut.trackIndex]?.clips ?? []) if (clip.start === cut.at && clip.end === cut.end && (await isPart(clip))) found = clip;
    if (!found) return null;
    audio.push({ ...found, cut });
  }
  // A picture a Premiere that took video anyway laid down, to be removed.
  const video: ClipOnTrack[] = [];
  for (const clip of scans.video.flatMap((t) => t.clips)) if (await isPart(clip)) video.push(clip);
  return { audio, video };
}

/** Actions that set every part to `enabled`, for those not already so. */
export function enableActions(parts: ClipOnTrack[], enabled: boolean): Action[] {
  return parts.filter((p) => p.disabled === enabled).map((p) => p.item.createSetDisabledAction(!enabled));
}

/** One labelled step; false (nothing changed) when Premiere refused or threw. */
export function tryCommit(project: PProject, label: string, build: () => Action[]): boolean {
  try {
    return commit(project, label, build);
  } catch {
    return false;
  }
}

/**
 * The step after placement: the new parts disabled (they exist only once placed), named as parts
 * if Premiere named them after their file, and any picture a part brought removed. False when a part is not where it was overwritten or Premiere refused.
 */
export async function silenceCuts(ppro: PremiereSubset, project: PProject, sequence: PSequence, cuts: OriginalCut[]): Promise<boolean> {
  const landed = await landedParts(ppro, sequence, cuts);
  if (!landed) return false;
  const editor = ppro.SequenceEditor.getEditor(sequence);
  let pictures: PTrackItemSelection | null = null;
  try {
    if (landed.video.length > 0) pictures = selectionOf(ppro, landed.video.map((c) => c.item));
  } catch {
    return false;
  }
  return tryCommit(project, SILENCE_ORIGINAL_UNDO_LABEL, () => [
    ...(pictures ? [editor.createRemoveItemsAction(pictures, false, ppro.Constants.MediaType.VIDEO)] : []),
    ...landed.audio.filter((p) => p.name !== p.cut.name).map((p) => p.item.createSetNameAction(p.cut.name)),
    ...enableActions(landed.audio, false),
  ]);
}

/**
 * The original sound parts to enable again when a job's takes leave the timeline: those under
 * each range where its sound was playing, unless another enabled take there has sound.
 */
export async function partsFreedBy(ppro: PremiereSubset, sequence: PSequence, jobId: string): Promise<ClipOnTrack[]> {
  const audio = await scanTracks(ppro, sequence, 'audio');
  const ticksPerFrame = await readTicksPerFrame(sequence);
  const freed: ClipOnTrack[] = [];
  for (const clip of audio.filter(isTakeTrack).flatMap((t) => t.clips)) {
    if (clip.disabled || jobIdOfTakeName(clip.name) !== jobId) continue;
    const range = { start: clip.start, end: clip.end };
    const soundStays = groupClips(audio, range, ticksPerFrame).some((c) => !c.disabled && jobIdOfTakeName(c.name) !== jobId);
    if (!soundStays) freed.push(...partsOfRange(audio, range, ticksPerFrame).filter((p) => p.disabled));
  }
  return freed;
}

/**
 * A track's clips read as the editor cut them: each original sound part (enabled or not) and the
 * pieces of its clip touching it count as the one clip they were split from, so a split is never
 * taken for an edit (a held take, a cut warned of in the plan).
 */
export function asEditorCut(clips: ClipOnTrack[]): ClipOnTrack[] {
  const out: ClipOnTrack[] = [];
  let lastWasPart = false;
  for (const clip of [...clips].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    const part = isOriginalSoundName(clip.name);
    const read = part ? { ...clip, name: clip.name.slice(0, -ORIGINAL_SOUND_SUFFIX.length), disabled: false } : clip;
    const previous = out[out.length - 1];
    if (previous && (part || lastWasPart) && previous.end === read.start && previous.name === read.name && !previous.disabled && !read.disabled) {
      out[out.length - 1] = { ...previous, end: read.end };
    } else {
      out.push(read);
    }
    lastWasPart = part;
  }
  return out;
}
