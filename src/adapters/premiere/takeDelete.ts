/**
 * Deleting a take at the editor's request: its project items (the imported clip and the parts
 * placed from it) leave the project, so the file can go without leaving offline media behind.
 * Never while any sequence still uses them: removing an item Premiere shows on a timeline would
 * take it off that timeline too, and the editor's sequences are never touched.
 */
import { allClips, commitOrThrow, hostError, requireProject, samePath } from './projectAccess';
import type { PProject, PremiereSubset } from './subset';
import { scanTracks } from './takeLanes';

export const DELETE_TAKE_UNDO_LABEL = 'LTX Retake: delete take';

export async function deleteTakeItems(ppro: PremiereSubset, takePath: string): Promise<void> {
  const project = await requireProject(ppro);
  const entries = (await allClips(ppro, project)).filter((c) => samePath(c.mediaPath, takePath));
  if (entries.length === 0) return;
  const ids = new Set(entries.map((e) => e.item.getId()));
  const usedIn = await sequencesUsing(ppro, project, ids);
  if (usedIn.length > 0) {
    throw hostError(`The take is still on the timeline of ${usedIn.map((n) => `“${n}”`).join(', ')}. Take it off there first; nothing was deleted.`);
  }
  commitOrThrow(project, DELETE_TAKE_UNDO_LABEL, 'Premiere would not remove the take from the project; remove it from the “LTX Retakes” bin by hand. The file was kept.', () =>
    entries.map((e) => {
      if (!e.bin) throw hostError('The take’s bin could not be found.');
      return e.bin.createRemoveItemAction(e.item);
    }),
  );
}

/** Names of the sequences with a track item (enabled or not) made from one of these project items. */
async function sequencesUsing(ppro: PremiereSubset, project: PProject, itemIds: Set<string>): Promise<string[]> {
  const names: string[] = [];
  for (const sequence of await project.getSequences()) {
    let used = false;
    for (const kind of ['video', 'audio'] as const) {
      for (const track of await scanTracks(ppro, sequence, kind)) {
        for (const clip of track.clips) if (itemIds.has((await clip.item.getProjectItem()).getId())) used = true;
      }
    }
    if (used) names.push(sequence.name);
  }
  return names;
}
