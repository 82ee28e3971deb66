/** Ranged sequence markers (duration > 0), in timeline order, as ticks from the timeline start. */
import type { RangedMarker } from '../../app/ports';
import type { HostBehaviour } from './hostBehaviour';
import { requireProject, requireSequence } from './projectAccess';
import type { PSequence, PremiereSubset } from './subset';
import type { Ticks } from '../../domain/time';
import { premiereToTimeline, ticksOf } from './timeConvention';

export async function readRangedMarkers(ppro: PremiereSubset, sequenceId: string, behaviour: HostBehaviour): Promise<RangedMarker[]> {
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, sequenceId);
  return rangedMarkersOf(ppro, sequence, ticksOf(await sequence.getZeroPoint()), behaviour);
}

/** The ranged markers of a sequence already at hand, its zero point known. */
export async function rangedMarkersOf(ppro: PremiereSubset, sequence: PSequence, zeroPoint: Ticks, behaviour: HostBehaviour): Promise<RangedMarker[]> {
  const markers = (await ppro.Markers.getMarkers(sequence)).getMarkers();
  const ranged: RangedMarker[] = [];
  for (const marker of markers) {
    const duration = ticksOf(marker.getDuration());
    if (duration <= 0n) continue;
    const start = premiereToTimeline(ticksOf(marker.getStart()), zeroPoint, behaviour.timesIncludeZeroPoint);
    ranged.push({
      id: marker.guid.toString(),
      name: marker.getName() ?? '',
      comments: marker.getComments() ?? '',
      colorIndex: Number(marker.getColorIndex() ?? 0),
      range: { start, end: start + duration },
    });
  }
  return ranged.sort((a, b) => (a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : a.id < b.id ? -1 : 1));
}
