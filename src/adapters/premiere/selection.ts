import { hostError } from './projectAccess';
import type { PTrackItemSelection, PremiereSubset } from './subset';
import type { TrackItem } from './takeLanes';

/**
 * A selection of our own, so the editor's timeline selection is never cleared or replaced
 * behind their back. Unconfirmed: createEmptySelection calls its callback before it returns
 * (the d.ts gives only the signature).
 */
export function selectionOf(ppro: PremiereSubset, items: TrackItem[]): PTrackItemSelection {
  let made: PTrackItemSelection | null = null;
  const ok = ppro.TrackItemSelection.createEmptySelection((selection) => {
    made = selection;
  });
  const selection = made as PTrackItemSelection | null;
  if (!ok || !selection) throw hostError('Premiere could not make a selection of the take clips. Retry; if it persists, edit the take by hand.');
  for (const item of items) selection.addItem(item, true);
  return selection;
}
