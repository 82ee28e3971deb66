/**
 * Switching between the takes of one range: exactly one enabled (createSetDisabledAction), or
 * none so the original shows; and taking a take off the timeline without moving anything.
 */
import { jobIdOfTakeName } from '../../domain/job';
import type { TickRange } from '../../domain/time';
import type { HostBehaviour } from './hostBehaviour';
import { commitOrThrow, hostError, requireProject, requireSequence } from './projectAccess';
import { selectionOf } from './selection';
import { readTicksPerFrame } from './sequenceReader';
import type { PSequence, PremiereSubset } from './subset';
import { enableActions, partsFreedBy, partsOfRange } from './originalSound';
import { groupClips, scanTracks } from './takeLanes';
import { removeMediaType, takeItems } from './placer';
import { ticksOf, timelineToPremiere } from './timeConvention';

export const USE_TAKE_UNDO_LABEL = 'LTX Retake: use take';
export const SHOW_ORIGINAL_UNDO_LABEL = 'LTX Retake: show original';
export const REMOVE_TAKE_UNDO_LABEL = 'LTX Retake: remove take';

async function groupOnTimeline(ppro: PremiereSubset, sequence: PSequence, range: TickRange, behaviour: HostBehaviour) {
  const zeroPoint = ticksOf(await sequence.getZeroPoint());
  const withZero = behaviour.timesIncludeZeroPoint;
  const premiereRange = { start: timelineToPremiere(range.start, zeroPoint, withZero), end: timelineToPremiere(range.end, zeroPoint, withZero) };
  const ticksPerFrame = await readTicksPerFrame(sequence);
  const [video, audio] = [await scanTracks(ppro, sequence, 'video'), await scanTracks(ppro, sequence, 'audio')];
  return {
    takes: [...groupClips(video, premiereRange, ticksPerFrame), ...groupClips(audio, premiereRange, ticksPerFrame)],
    originalSound: partsOfRange(audio, premiereRange, ticksPerFrame),
  };
}

/** The job whose take is enabled over the range; null when every take there is disabled. */
export async function readActiveTake(ppro: PremiereSubset, sequenceId: string, range: TickRange, behaviour: HostBehaviour): Promise<string | null> {
  const sequence = await requireSequence(await requireProject(ppro), sequenceId);
  const enabled = (await groupOnTimeline(ppro, sequence, range, behaviour)).takes.filter((c) => !c.disabled);
  return enabled.length > 0 ? jobIdOfTakeName(enabled[enabled.length - 1].name) : null;
}

export async function setActiveTake(
  ppro: PremiereSubset,
  sequenceId: string,
  range: TickRange,
  jobId: string | null,
  behaviour: HostBehaviour,
): Promise<void> {
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, sequenceId);
  const { takes, originalSound } = await groupOnTimeline(ppro, sequence, range, behaviour);
  const chosen = takes.filter((c) => jobIdOfTakeName(c.name) === jobId);
  if (jobId !== null && chosen.length === 0) {
    throw hostError('That take is no longer on the timeline over this range. Place it again from the history, or choose another take.');
  }
  const changes = takes.filter((c) => c.disabled === (jobIdOfTakeName(c.name) === jobId));
  // The original sound part plays exactly when the chosen take has no sound.
  const soundOn = !chosen.some((c) => c.kind === 'audio');
  if (changes.length === 0 && !originalSound.some((p) => p.disabled === soundOn)) return;
  commitOrThrow(
    project,
    jobId === null ? SHOW_ORIGINAL_UNDO_LABEL : USE_TAKE_UNDO_LABEL,
    'Premiere would not switch the take. Check that the take tracks are not locked, then retry.',
    () => [...changes.map((c) => c.item.createSetDisabledAction(!c.disabled)), ...enableActions(originalSound, soundOn)],
  );
}

export async function removeTake(ppro: PremiereSubset, sequenceId: string, jobId: string): Promise<void> {
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, sequenceId);
  const found = await takeItems(ppro, sequence, (name) => jobIdOfTakeName(name) === jobId);
  if (found.length === 0) return;
  const editor = ppro.SequenceEditor.getEditor(sequence);
  const byKind = (['video', 'audio'] as const)
    .map((kind) => ({ kind, items: found.filter((f) => f.kind === kind).map((f) => f.item) }))
    .filter((k) => k.items.length > 0)
    .map((k) => ({ ...k, selection: selectionOf(ppro, k.items) }));
  const freed = await partsFreedBy(ppro, sequence, jobId);
  commitOrThrow(project, REMOVE_TAKE_UNDO_LABEL, 'Premiere would not take the take off the timeline. Check that the take track is not locked, then retry.', () => [
    ...byKind.map((k) => editor.createRemoveItemsAction(k.selection, false, removeMediaType(ppro, k.kind))),
    ...enableActions(freed, true),
  ]);
}
