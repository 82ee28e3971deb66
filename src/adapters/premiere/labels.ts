/**
 * What a take is, where the Project panel and the Source Monitor show it: a comment marker on the
 * take's clip over the regenerated frames (prompt, mode, cost, job and task ids, date), a colour
 * label on the clip and on the part placed from it, and the same facts as project metadata
 * (takeMetadata.ts). Best effort, after the take is placed: a label Premiere refuses never costs
 * the editor the take itself; what was not written is reported.
 */
import type { TakeLabelMissing, TakePlacement } from '../../app/ports';
import { ClipEntry, commit } from './projectAccess';
import type { PProject, PremiereSubset } from './subset';
import { METADATA_UNDO_LABEL, writeTakeMetadata } from './takeMetadata';

export const LABEL_UNDO_LABEL = 'LTX Retake: label take';

/**
 * Unconfirmed: which colour a label index shows depends on the editor's label set (Preferences >
 * Labels); in Premiere's default set index 7 is "Mango", apart from the defaults for video (Iris)
 * and audio (Forest) clips.
 */
export const TAKE_COLOR_LABEL_INDEX = 7;

/** Adobe's Marker reference names "Comment" among the marker types (createSetTypeAction). */
export const COMMENT_MARKER = 'Comment';

/** Labels the take's clip and its placed part; says what Premiere did not take (nothing: all written). */
export async function labelTake(ppro: PremiereSubset, project: PProject, master: ClipEntry, part: ClipEntry, placement: TakePlacement): Promise<TakeLabelMissing[]> {
  const label = placement.label;
  if (!label) return [];
  const missing: TakeLabelMissing[] = [];
  if (!(await markTake(ppro, project, master, part, placement))) missing.push('marker');
  const metadata = await writeTakeMetadata(ppro, (build) => commit(project, METADATA_UNDO_LABEL, build), [master.item, part.item], label.fields);
  if (!metadata.ok) missing.push('metadata');
  return missing;
}

/** The comment marker on the take's clip and the colour labels, in one undo step. */
async function markTake(ppro: PremiereSubset, project: PProject, { clip: master }: ClipEntry, { clip: part }: ClipEntry, placement: TakePlacement): Promise<boolean> {
  const label = placement.label;
  if (!label) return true;
  try {
    const markers = await ppro.Markers.getMarkers(master);
    const marked = markers.getMarkers().some((m) => m.getName() === label.name); // a retried placement labels once
    const start = ppro.TickTime.createWithTicks(placement.source.start.toString());
    const duration = ppro.TickTime.createWithTicks((placement.source.end - placement.source.start).toString());
    return commit(project, LABEL_UNDO_LABEL, () => [
      ...(marked ? [] : [markers.createAddMarkerAction(label.name, COMMENT_MARKER, start, duration, label.comments)]),
      master.createSetColorLabelAction(TAKE_COLOR_LABEL_INDEX),
      part.createSetColorLabelAction(TAKE_COLOR_LABEL_INDEX),
    ]);
  } catch {
    return false;
  }
}
