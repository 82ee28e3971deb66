/**
 * Imports a take file into the project's "LTX Retakes" bin, once: a file already imported is found
 * (by media path, else by name in that bin) and returned as it is; a failed import is looked for
 * before it is reported, so a take is never imported twice.
 */
import type { FileStore, TakeItemRef } from '../../app/ports';
import { HostPlatform, premierePath } from './nativePath';
import { ClipEntry, clipsForMedia, commit, hostError, requireProject } from './projectAccess';
import type { PFolderItem, PProject, PProjectItem, PremiereSubset } from './subset';

export const TAKES_BIN_NAME = 'LTX Retakes';

export async function importTake(ppro: PremiereSubset, files: FileStore, takePath: string, platform: HostPlatform = 'mac'): Promise<TakeItemRef> {
  const project = await requireProject(ppro);
  const existing = await findTakeClip(ppro, project, takePath);
  if (existing) return { mediaPath: existing.mediaPath };
  if (!(await files.exists(takePath))) {
    throw hostError(`The take file is missing (${takePath}). Run the retake again to download it.`);
  }
  const bin = await takesBin(ppro, project);
  const refused = `Premiere could not import the take (${takePath}). Check that the file plays, then retry.`;
  let imported = false;
  let importError: unknown;
  try {
    imported = await project.importFiles([premierePath(takePath, platform)], true, importTarget(ppro, bin), false);
  } catch (e) {
    importError = e;
  }
  // Look even when Premiere said no: a take imported despite an error is used, never imported again.
  const found = await findTakeClip(ppro, project, takePath);
  if (found) return { mediaPath: found.mediaPath };
  if (importError !== undefined || !imported) throw hostError(refused, importError);
  throw hostError(`Premiere reported the take as imported but it is not in the project (${takePath}). Import it by hand from that folder.`);
}

/**
 * The imported take (the master clip, not a subclip made from it), or null. By media path first;
 * unconfirmed how Premiere spells an imported file's path, so failing that, the clip named after
 * the file in the takes bin (Premiere names an imported clip after its file).
 */
export async function findTakeClip(ppro: PremiereSubset, project: PProject, takePath: string): Promise<ClipEntry | null> {
  const masters = await clipsForMedia(ppro, project, takePath, true).catch(() => [] as ClipEntry[]);
  if (masters[0]) return masters[0];
  return clipNamedAfterFile(ppro, project, takePath).catch(() => null);
}

async function clipNamedAfterFile(ppro: PremiereSubset, project: PProject, takePath: string): Promise<ClipEntry | null> {
  const fileName = takePath.split(/[\\/]/).pop() ?? takePath;
  const names = new Set([fileName, fileName.replace(/\.[^.]+$/, '')]);
  const bin = await findTakesBin(ppro, project);
  if (!bin) return null;
  for (const item of await bin.getItems()) {
    if (item.type !== ppro.ProjectItem.TYPE_CLIP || !names.has(item.name)) continue;
    const clip = ppro.ClipProjectItem.cast(item);
    if (clip) return { item, clip, mediaPath: await clip.getMediaFilePath().catch(() => takePath) };
  }
  return null;
}

async function findTakesBin(ppro: PremiereSubset, project: PProject): Promise<PFolderItem | null> {
  const root = await project.getRootItem();
  for (const item of await root.getItems()) {
    if (item.type === ppro.ProjectItem.TYPE_BIN && item.name === TAKES_BIN_NAME) return ppro.FolderItem.cast(item) ?? null;
  }
  return null;
}

/** The "LTX Retakes" bin at the project root, created when missing; null (the root) if Premiere refuses. */
async function takesBin(ppro: PremiereSubset, project: PProject): Promise<PFolderItem | null> {
  const root = await project.getRootItem();
  const find = () => findTakesBin(ppro, project);
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
