/**
 * The poll's cheap read: the in/out (and, when asked, the ranged markers) of the sequence the last
 * full read found, through the sequence object that read kept. Two host calls for the marks,
 * instead of the fifteen or so of a full read; sequence switches and edits arrive as events
 * (events.ts) and cause a full read, which replaces the object kept here.
 */
import type { MarksProbe, SequenceSnapshot } from '../../app/ports';
import type { HostBehaviour } from './hostBehaviour';
import type { MarkHolds } from './markHold';
import { rangedMarkersOf } from './markers';
import { marksFromPremiere } from './sequenceReader';
import type { PSequence, PremiereSubset } from './subset';
import { ticksOf } from './timeConvention';

export class LastRead {
  private last: { sequence: PSequence; snapshot: SequenceSnapshot } | null = null;

  remember(sequence: PSequence, snapshot: SequenceSnapshot): void {
    this.last = { sequence, snapshot };
  }

  forget(): void {
    this.last = null;
  }

  /** While an export holds the sequence, the held (editor's) marks, never the export window. */
  async probe(ppro: PremiereSubset, holds: MarkHolds, behaviour: HostBehaviour, o: { markers: boolean }): Promise<MarksProbe | null> {
    if (!this.last) return null;
    const { sequence, snapshot } = this.last;
    const raw = await holds.editorMarks(snapshot.id, async () => ({ in: ticksOf(await sequence.getInPoint()), out: ticksOf(await sequence.getOutPoint()) }));
    const probe: MarksProbe = { sequenceId: snapshot.id, marks: marksFromPremiere(raw.in, raw.out, snapshot.timing, behaviour) };
    if (o.markers) probe.markers = await rangedMarkersOf(ppro, sequence, snapshot.timing.zeroPoint, behaviour);
    return probe;
  }
}
