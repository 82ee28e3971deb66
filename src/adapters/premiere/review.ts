/**
 * Review before placing and the plan's cut/gap warning: the two host reads that touch no
 * sequence. A take is shown in the Source Monitor, never on the timeline, until the editor places
 * it; the clips under an export window are read from the track items' own start and end.
 */
import type { WindowClip } from '../../domain/crossings';
import { isTakeName } from '../../domain/job';
import type { TickRange, Ticks } from '../../domain/time';
import { HostPlatform, premierePath } from './nativePath';
import { hostError, requireProject, requireSequence } from './projectAccess';
import type { PremiereSubset } from './subset';
import { asEditorCut } from './originalSound';
import { scanTracks } from './takeLanes';
import { premiereToTimeline, ticksOf } from './timeConvention';
import type { HostBehaviour } from './hostBehaviour';

/**
 * Opens the take file in the Source Monitor and moves its position to `at` (ticks from the file's
 * start). Neither call is an action, so neither runs under lockedAccess. Unconfirmed on a real
 * Premiere (Adobe's reference types the position as a TickTime with no origin stated): whether
 * setPosition counts from the media's start or from its start timecode (the takes Runware returns
 * carry none seen so far), and whether openFilePath adds the file to the project.
 */
export async function openForReview(ppro: PremiereSubset, takePath: string, at: Ticks, platform: HostPlatform): Promise<void> {
  const opened = await ppro.SourceMonitor.openFilePath(premierePath(takePath, platform));
  if (!opened) throw hostError(`Premiere could not open the take in the Source Monitor (${takePath}). Open it from the “LTX Retakes” folder by hand.`);
  await ppro.SourceMonitor.setPosition(ppro.TickTime.createWithTicks(at.toString()));
}

/**
 * The enabled clips overlapping `window` (ticks from the timeline start) on every video and audio
 * track. Takes are left out: they sit over their own range by design, blended by the model at both
 * ends, and are not shots of the edit.
 */
export async function readClipsOver(ppro: PremiereSubset, sequenceId: string, window: TickRange, behaviour: HostBehaviour): Promise<WindowClip[]> {
  const sequence = await requireSequence(await requireProject(ppro), sequenceId);
  const zeroPoint = ticksOf(await sequence.getZeroPoint());
  const out: WindowClip[] = [];
  for (const kind of ['video', 'audio'] as const) {
    for (const track of await scanTracks(ppro, sequence, kind)) {
      for (const clip of asEditorCut(track.clips)) {
        if (clip.disabled || isTakeName(clip.name)) continue;
        const withZero = behaviour.timesIncludeZeroPoint;
        const range = { start: premiereToTimeline(clip.start, zeroPoint, withZero), end: premiereToTimeline(clip.end, zeroPoint, withZero) };
        if (range.end > window.start && range.start < window.end) out.push({ kind, trackIndex: track.index, name: clip.name, range });
      }
    }
  }
  return out;
}
