/**
 * Imports a take file into the project's "LTX Retakes" bin, once: a file already imported is found
 * by its media path and returned as it is.
 */
import type { FileStore, TakeItemRef } from '../../app/ports';
import { ClipEntry, clipsForMedia, commit, hostError, requireProject } from './projectAccess';
import type { PFolderItem, PProject, PProjectItem, PremiereSubset } from './subset';

export const TAKES_BIN_NAME = 'LTX Retakes';

export async function importTake(ppro: PremiereSubset, files: FileStore, takePath: string): Promise<TakeItemRef> {
  const project = await requireProject(ppro);
  const existing = await findTakeClip(ppro, project, takePath);
  if (existing) return { mediaPath: existing.mediaPath };
  if (!(await files.exists(takePath))) {
    throw hostError(`The take file is missing (${takePath}). Run the retake again to download it.`);
  }
  const bin = await takesBin(ppro, project);
  let imported: boolean;
  try {
    imported = await project.importFiles([takePath], true, importTarget(ppro, bin), false);
  } catch (e) {
    throw hostError(`Premiere could not import the take (${takePath}). Check that the file plays, then retry.`, e);
  }
  if (!imported) throw hostError(`Premiere could not import the take (${takePath}). Check that the file plays, then retry.`);
  const found = await findTakeClip(ppro, project, takePath);
  if (!found) {
    throw hostError(`Premiere reported the take as imported but it is not in the project (${takePath}). Import it by hand from that folder.`);
  }
  return { mediaPath: found.mediaPath };
}

/** The imported take (the master clip, not a subclip made from it), or null. */
export async function findTakeClip(ppro: PremiereSubset, project: PProject, takePath: string): Promise<ClipEntry | null> {
  const masters = await clipsForMedia(ppro, project, takePath, true);
  return masters[0] ?? null;
}

/** The "LTX Retakes" bin at the project root, created when missing; null (the root) if Premiere refuses. */
async function takesBin(ppro: PremiereSubset, project: PProject): Promise<PFolderItem | null> {
  const root = await project.getRootItem();
  const find = async (): Promise<PFolderItem | null> => {
    for (const item of await root.getItems()) {
      if (item.type === ppro.ProjectItem.TYPE_BIN && item.name === TAKES_BIN_NAME) return ppro.FolderItem.cast(item) ?? null;
    }
    return null;
  };
  const bin = await find();
  if (bin) return bin;
  let created = false;
  try {
    created = commit(project, 'LTX Retake: create bin', () => [root.createBinAction(TAKES_BIN_NAME, false)]);
  } catch {
    created = false;
  }
  return created ? await find() : null;
}

/**
 * importFiles' target: a real bin, or null for the project root. Adobe's d.ts types the parameter
 * as an optional ProjectItem, but undefined was seen to fail while null (Adobe's own sample) means
 * the root, hence the cast.
 */
function importTarget(ppro: PremiereSubset, bin: PFolderItem | null): PProjectItem {
  return (bin ? ppro.ProjectItem.cast(bin) : null) as PProjectItem;
}
