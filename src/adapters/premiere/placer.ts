/**
 * Lays a take on a take lane over exactly the regenerated frames, makes it the group's active
 * take, finds it again later, and selects it.
 *
 * Placement by mode: a subclip of the take holding exactly the regenerated stretch and only the
 * media the mode replaces ({ takeVideo, takeAudio }) is made first (the master clip's own in/out
 * are left alone). It then goes onto a take track that is free over the range (overwrite: nothing
 * moves), or, when none is, is inserted with track indexes one past the last tracks, so Premiere
 * adds new tracks and nothing on the existing ones moves (limitShift). The same step disables the
 * other takes of the range, so exactly one plays. Two undo steps: the subclip must exist before an
 * action can place it. A third ("tidy") step names a new take track, and removes an unwanted half
 * or restores the clip name if Premiere did not honour them. A sound take also splits the
 * original sound under it (originalSound.ts: its subclips in the first step, their overwrites in
 * the second, their disabling in one more) so that it is heard alone; a picture-only take enables
 * that part again. With blend at cuts, a last step adds the cross-dissolves at the take's edges
 * (blend.ts).
 */
import type { PlacedTake, TakeItemRef, TakePlacement } from '../../app/ports';
import { modeTouchesAudio, modeTouchesVideo } from '../../domain/limits';
import type { Ticks } from '../../domain/time';
import { blendTakeEdges } from './blend';
import type { HostBehaviour } from './hostBehaviour';
import { findTakeClip } from './importer';
import { labelTake } from './labels';
import { SOUND_PROBLEM, enableActions, findSubclips, overwriteActions, partsOfRange, readOriginalSound, silenceCuts, subclipActions, tryCommit } from './originalSound';
import { ClipEntry, clipsForMedia, commitOrThrow, hostError, requireProject, requireSequence } from './projectAccess';
import { selectionOf } from './selection';
import { readTicksPerFrame } from './sequenceReader';
import type { Action, PProject, PProjectItem, PRectF, PSequence, PVideoClipTrackItem, PremiereSubset } from './subset';
import { Kind, TAKE_TRACK_NAME, TrackItem, TrackScan, freeTakeLane, groupClips, scanTracks, trackAt, trackCount } from './takeLanes';
import { premiereToTimeline, ticksOf, timelineToPremiere } from './timeConvention';

export const PREPARE_UNDO_LABEL = 'LTX Retake: prepare take';
export const PLACE_UNDO_LABEL = 'LTX Retake: place take';
export const TIDY_UNDO_LABEL = 'LTX Retake: tidy take';

/**
 * Unconfirmed: inserting with track indexes equal to the current track counts adds one new video
 * and one new audio track (the docs promise a new track for an index past the last one), and
 * limitShift=true shifts only the target tracks, so nothing on the existing tracks moves. Which
 * index adds the track is HostBehaviour.newTrackIndexPastCount ("Check this Premiere" measures it).
 */
export const INSERT_LIMIT_SHIFT = true;

/**
 * Unconfirmed: createSubClipAction honours { takeVideo, takeAudio } (its d.ts comment says so).
 * If Premiere ignores them, tidy() removes the half the mode keeps, in a third undo step.
 */
export function subclipMediaOptions(want: Record<Kind, boolean>): object {
  return { takeVideo: want.video, takeAudio: want.audio };
}

/**
 * Unconfirmed: a project item's in/out and a subclip's start/end count from the media file's
 * first frame, not from its start timecode (LTX takes start at 0, so both readings agree for them).
 */
function sourceTime(ppro: PremiereSubset, ticks: Ticks) {
  return ppro.TickTime.createWithTicks(ticks.toString());
}

/**
 * Unconfirmed: a placed track item is named after its project item (here the subclip, named
 * after the placement), so the job id is on the timeline. If not, tidy() renames it.
 */
function carriesJob(name: string, placement: TakePlacement): boolean {
  return name.includes(placement.jobId);
}

/**
 * Unconfirmed: what createRemoveItemsAction's mediaType means (Adobe's sample passes VIDEO and
 * describes it as frame alignment for a ripple). The kind being removed is passed; with ripple
 * false it should not matter.
 */
export function removeMediaType(ppro: PremiereSubset, kind: Kind) {
  return kind === 'video' ? ppro.Constants.MediaType.VIDEO : ppro.Constants.MediaType.AUDIO;
}

export async function placeTake(ppro: PremiereSubset, take: TakeItemRef, placement: TakePlacement, behaviour: HostBehaviour): Promise<PlacedTake> {
  const length = placement.source.end - placement.source.start;
  if (length <= 0n || placement.source.start < 0n || placement.at < 0n) {
    throw hostError('The take has no range to place. Run the retake again.');
  }
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, placement.sequenceId);
  const zeroPoint = ticksOf(await sequence.getZeroPoint());
  const ticksPerFrame = await readTicksPerFrame(sequence);
  const frameSize = await sequence.getFrameSize();
  const master = await findTakeClip(ppro, project, take.mediaPath);
  if (!master) throw hostError(`The take is no longer in the project (${take.mediaPath}). Run the job again to import it.`);
  const want = { video: modeTouchesVideo(placement.mode), audio: modeTouchesAudio(placement.mode) };
  const scale = want.video && needsScaleToFrame(await readTakeFrameSize(ppro, master.item), frameSize);
  const time = (t: Ticks) => sourceTime(ppro, t);

  const at = timelineToPremiere(placement.at, zeroPoint, behaviour.timesIncludeZeroPoint);
  const range = { start: at, end: at + length };
  const tracks = { video: await scanTracks(ppro, sequence, 'video'), audio: await scanTracks(ppro, sequence, 'audio') };
  // A sound take splits the original sound under it and silences that part; a picture-only take lets it play.
  const original = want.audio ? await readOriginalSound(ppro, project, tracks.audio, range, ticksPerFrame) : { parts: partsOfRange(tracks.audio, range, ticksPerFrame), cuts: [] };
  let cuts = original.cuts;
  let soundProblem: string | null = null;

  // Step 1: the part to place, as its own project item (reused if an earlier attempt made it), and the original sound's parts.
  let part = await findTakePart(ppro, project, take.mediaPath, placement.name, master);
  const findPreparedPart = async () => {
    const made = await findTakePart(ppro, project, take.mediaPath, placement.name, master);
    if (!made) throw hostError('Premiere did not create the take clip for placement. Retry; if it happens again, place the take by hand.');
    return made;
  };
  const takeSubclip = (): Action[] =>
    part
      ? []
      : [
          ...(scale ? [master.clip.createSetScaleToFrameSizeAction()] : []),
          master.clip.createSubClipAction(placement.name, time(placement.source.start), time(placement.source.end), true, subclipMediaOptions(want)),
        ];
  if (cuts.length > 0) {
    const prepared = tryCommit(project, PREPARE_UNDO_LABEL, () => [...takeSubclip(), ...subclipActions(ppro, cuts)]);
    if (prepared && !part) part = await findPreparedPart();
    if (!prepared || !(await findSubclips(ppro, project, cuts))) [cuts, soundProblem] = [[], SOUND_PROBLEM];
  }
  if (!part) {
    commitOrThrow(project, PREPARE_UNDO_LABEL, 'Premiere refused to prepare the take for placement. Check that the take file is online, then retry.', takeSubclip);
    part = await findPreparedPart();
  }
  const partItem: PProjectItem = part.item;
  const partClip = part.clip;

  // Step 2: the original sound split (before anything adds a track), the take onto a free take lane (or new tracks), the range's other takes disabled.
  const lanes = chooseLanes(tracks, want, range);
  const others = [...groupClips(tracks.video, range, ticksPerFrame), ...groupClips(tracks.audio, range, ticksPerFrame)].filter(
    (c) => !c.disabled && !carriesJob(c.name, placement),
  );
  const editor = ppro.SequenceEditor.getEditor(sequence);
  // The new tracks land at the current counts, whichever index this Premiere needs to add them.
  const pastCount = behaviour.newTrackIndexPastCount;
  const atTime = ppro.TickTime.createWithTicks(at.toString());
  const placeActions = (): Action[] => [
    ...overwriteActions(ppro, sequence, cuts, tracks.video.length),
    ...(scale ? [partClip.createSetScaleToFrameSizeAction()] : []),
    lanes.newTracks
      ? editor.createInsertProjectItemAction(partItem, atTime, lanes.video + pastCount, lanes.audio + pastCount, INSERT_LIMIT_SHIFT)
      : editor.createOverwriteItemAction(partItem, atTime, lanes.video, lanes.audio),
    ...others.map((c) => c.item.createSetDisabledAction(true)),
    ...enableActions(original.parts, !want.audio),
  ];
  if (cuts.length > 0 && !tryCommit(project, PLACE_UNDO_LABEL, placeActions)) [cuts, soundProblem] = [[], SOUND_PROBLEM];
  if (cuts.length === 0) {
    commitOrThrow(project, PLACE_UNDO_LABEL, 'Premiere refused to place the take on the timeline. Check that the sequence is not locked, then retry.', placeActions);
  }

  // Check what landed; remove an unwanted half, restore the name and name new lanes.
  const landed = {
    video: await itemsStartingAt(ppro, sequence, 'video', lanes.video, at),
    audio: await itemsStartingAt(ppro, sequence, 'audio', lanes.audio, at),
  };
  for (const kind of ['video', 'audio'] as const) {
    if (want[kind] && landed[kind].length === 0) {
      throw hostError(
        `Premiere accepted the placement but no ${kind === 'video' ? 'picture' : 'sound'} appeared on the ${kind} take track. Undo "${PLACE_UNDO_LABEL}" and place the take by hand from the "LTX Retakes" bin.`,
      );
    }
  }
  await tidy(ppro, project, sequence, want, landed, placement, lanes.newTracks ? lanes : null);

  for (const kind of ['video', 'audio'] as const) {
    if (!want[kind]) continue;
    for (const item of landed[kind]) {
      const covered = ticksOf(await item.getEndTime()) - at;
      if (!withinOneFrame(covered, length, ticksPerFrame)) {
        throw hostError(
          `The take was placed but covers ${covered} ticks instead of ${length}. Undo "${PLACE_UNDO_LABEL}" and retry, or trim the take by hand.`,
        );
      }
    }
  }
  if (cuts.length > 0 && !(await silenceCuts(ppro, project, sequence, cuts))) soundProblem = SOUND_PROBLEM;
  // Items on a video track are video clip track items.
  const blendProblem = want.video ? await blendTakeEdges(ppro, project, landed.video as PVideoClipTrackItem[], placement.blendFrames ?? 0, ticksPerFrame) : null;
  const notLabelled = await labelTake(ppro, project, master, part, placement);
  return {
    sequenceId: placement.sequenceId,
    name: placement.name,
    videoTrackIndex: want.video ? lanes.video : null,
    audioTrackIndex: want.audio ? lanes.audio : null,
    at: placement.at.toString(),
    ...(blendProblem ? { blendProblem } : {}),
    ...(soundProblem ? { soundProblem } : {}),
    ...(notLabelled.length > 0 ? { notLabelled } : {}),
  };
}

/**
 * Premiere may round a placed clip to the sequence's frame grid; one frame either way is the
 * same take on the same frames.
 */
export function withinOneFrame(covered: Ticks, expected: Ticks, ticksPerFrame: Ticks): boolean {
  const diff = covered - expected;
  return diff <= ticksPerFrame && -diff <= ticksPerFrame;
}

interface Lanes {
  video: number;
  audio: number;
  /** Both indexes are the track counts: an insert there adds the tracks. */
  newTracks: boolean;
}

/**
 * Existing take tracks free over the range for every kind the mode places (overwrite onto them),
 * or new tracks. A kind the mode keeps gets the index past its last track, where nothing of the
 * editor's can be touched.
 */
function chooseLanes(tracks: Record<Kind, TrackScan[]>, want: Record<Kind, boolean>, range: { start: Ticks; end: Ticks }): Lanes {
  const free = { video: freeTakeLane(tracks.video, range), audio: freeTakeLane(tracks.audio, range) };
  const reuse = (['video', 'audio'] as const).every((k) => !want[k] || free[k] !== null);
  return {
    video: reuse && want.video ? (free.video as number) : tracks.video.length,
    audio: reuse && want.audio ? (free.audio as number) : tracks.audio.length,
    newTracks: !reuse,
  };
}

async function tidy(
  ppro: PremiereSubset,
  project: PProject,
  sequence: PSequence,
  want: Record<Kind, boolean>,
  landed: Record<Kind, TrackItem[]>,
  placement: TakePlacement,
  newLanes: Lanes | null,
): Promise<void> {
  const unwanted = (['video', 'audio'] as const).filter((k) => !want[k] && landed[k].length > 0);
  const unnamed: TrackItem[] = [];
  for (const kind of ['video', 'audio'] as const) {
    if (!want[kind]) continue;
    for (const item of landed[kind]) if (!carriesJob(await item.getName(), placement)) unnamed.push(item);
  }
  const unnamedLanes: Array<{ createSetNameAction(name: string): object }> = [];
  if (newLanes) {
    for (const kind of ['video', 'audio'] as const) {
      if (!want[kind] || newLanes[kind] >= (await trackCount(sequence, kind))) continue;
      const track = await trackAt(sequence, kind, newLanes[kind]);
      if (track.name !== TAKE_TRACK_NAME) unnamedLanes.push(track);
    }
  }
  if (unwanted.length === 0 && unnamed.length === 0 && unnamedLanes.length === 0) return;

  const selections = unwanted.map((kind) => ({ kind, selection: selectionOf(ppro, landed[kind]) }));
  const editor = ppro.SequenceEditor.getEditor(sequence);
  commitOrThrow(
    project,
    TIDY_UNDO_LABEL,
    `The take was placed, but Premiere would not ${unnamed.length > 0 ? 'name it' : unwanted.length > 0 ? 'remove the part this mode keeps' : `name its track "${TAKE_TRACK_NAME}"`}. Fix it by hand on the take track.`,
    () => [
      ...selections.map(({ kind, selection }) => editor.createRemoveItemsAction(selection, false, removeMediaType(ppro, kind))),
      ...unnamed.map((item) => item.createSetNameAction(placement.name)),
      // A track's name action is typed `object` in Adobe's d.ts; Adobe's sample adds it to a transaction like any Action.
      ...unnamedLanes.map((track) => track.createSetNameAction(TAKE_TRACK_NAME) as Action),
    ],
  );
}

/** Clips on one track starting exactly at `at` (Premiere time); [] when the track does not exist. */
async function itemsStartingAt(ppro: PremiereSubset, sequence: PSequence, kind: Kind, index: number, at: Ticks): Promise<TrackItem[]> {
  if (index >= (await trackCount(sequence, kind))) return [];
  const track = await trackAt(sequence, kind, index);
  const out: TrackItem[] = [];
  for (const item of track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
    if (ticksOf(await item.getStartTime()) === at) out.push(item);
  }
  return out;
}

/** The subclip made for this placement: same media, named after the placement, not the master itself. */
async function findTakePart(ppro: PremiereSubset, project: PProject, mediaPath: string, name: string, master: ClipEntry): Promise<ClipEntry | null> {
  const masterId = master.item.getId();
  const all = await clipsForMedia(ppro, project, mediaPath, false);
  return all.find((c) => c.item.name === name && c.item.getId() !== masterId) ?? null;
}

/**
 * Unconfirmed: the take's frame size read from the project columns metadata ("Video Info",
 * e.g. "1920 x 1080 (1.0)"). When it cannot be read, the take is scaled to the frame anyway
 * (a no-op when the sizes already match).
 */
export async function readTakeFrameSize(ppro: PremiereSubset, item: PProjectItem): Promise<{ width: number; height: number } | null> {
  try {
    const columns: unknown = JSON.parse(await ppro.Metadata.getProjectColumnsMetadata(item));
    if (!Array.isArray(columns)) return null;
    for (const c of columns as Array<Record<string, unknown>>) {
      if (c?.ColumnID !== 'Column.Intrinsic.VideoInfo' && c?.ColumnName !== 'Video Info') continue;
      const m = /(\d+)\s*x\s*(\d+)/.exec(String(c.ColumnValue ?? ''));
      if (m) return { width: Number(m[1]), height: Number(m[2]) };
    }
  } catch {
    // Unreadable metadata: treated as unknown.
  }
  return null;
}

function needsScaleToFrame(take: { width: number; height: number } | null, frame: PRectF): boolean {
  if (!take) return true;
  return take.width !== Math.round(frame.width) || take.height !== Math.round(frame.height);
}

export async function findPlacedTake(ppro: PremiereSubset, sequenceId: string, jobId: string, behaviour: HostBehaviour): Promise<PlacedTake | null> {
  if (!jobId) return null;
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, sequenceId);
  const zeroPoint = ticksOf(await sequence.getZeroPoint());
  const found = await takeItems(ppro, sequence, (name) => name.includes(jobId));
  if (found.length === 0) return null;
  const first = found.reduce((a, b) => (b.start < a.start ? b : a));
  return {
    sequenceId,
    name: first.name,
    videoTrackIndex: found.find((f) => f.kind === 'video')?.trackIndex ?? null,
    audioTrackIndex: found.find((f) => f.kind === 'audio')?.trackIndex ?? null,
    at: premiereToTimeline(first.start, zeroPoint, behaviour.timesIncludeZeroPoint).toString(),
  };
}

/** Selects the placed take (replacing the editor's selection, which is what they asked for) and moves the playhead to it. */
export async function revealTake(ppro: PremiereSubset, placed: PlacedTake, behaviour: HostBehaviour): Promise<void> {
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, placed.sequenceId);
  const found = await takeItems(ppro, sequence, (name) => name === placed.name);
  if (found.length === 0) throw hostError(`The take "${placed.name}" is no longer on the timeline.`);
  const selection = selectionOf(ppro, found.map((f) => f.item));
  if (!sequence.setSelection(selection)) throw hostError('Premiere would not select the take. Find it on the take track by its name.');
  const zeroPoint = ticksOf(await sequence.getZeroPoint());
  await sequence.setPlayerPosition(ppro.TickTime.createWithTicks(timelineToPremiere(BigInt(placed.at), zeroPoint, behaviour.timesIncludeZeroPoint).toString()));
}

interface FoundItem {
  kind: Kind;
  trackIndex: number;
  name: string;
  start: Ticks;
  item: TrackItem;
}

export async function takeItems(ppro: PremiereSubset, sequence: PSequence, matches: (name: string) => boolean): Promise<FoundItem[]> {
  const out: FoundItem[] = [];
  for (const kind of ['video', 'audio'] as const) {
    const count = await trackCount(sequence, kind);
    for (let trackIndex = 0; trackIndex < count; trackIndex++) {
      const track = await trackAt(sequence, kind, trackIndex);
      for (const item of track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
        const name = await item.getName();
        if (matches(name)) out.push({ kind, trackIndex, name, start: ticksOf(await item.getStartTime()), item });
      }
    }
  }
  return out;
}
