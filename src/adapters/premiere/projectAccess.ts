/**
 * Shared plumbing: finding the project, a sequence, items by media path, and committing one
 * labelled undo step under the 26.3 lock rules.
 */
import { RetakeError, isRetakeError } from '../../domain/errors';
import type {
  Action,
  PClipProjectItem,
  PFolderItem,
  PProject,
  PProjectItem,
  PSequence,
  PremiereSubset,
} from './subset';

export function hostError(message: string, cause?: unknown): RetakeError {
  return new RetakeError('host', message, cause === undefined ? {} : { cause });
}

/** Runs `work`, turning anything but a RetakeError into a host error with `sentence`. */
export async function asHost<T>(sentence: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isRetakeError(e)) throw e;
    throw hostError(sentence, e);
  }
}

export async function requireProject(ppro: PremiereSubset): Promise<PProject> {
  const project = await ppro.Project.getActiveProject();
  if (!project) throw hostError('No Premiere project is open. Open the project with the sequence to retake, then try again.');
  return project;
}

export function sequenceId(sequence: PSequence): string {
  return sequence.guid.toString();
}

export async function requireSequence(project: PProject, id: string): Promise<PSequence> {
  const sequences = await project.getSequences();
  const found = sequences.find((s) => sequenceId(s) === id);
  if (!found) {
    throw hostError('The sequence this retake belongs to is no longer in the open project. Reopen that project (or sequence) and try again.');
  }
  return found;
}

/**
 * One labelled undo step: all actions are created under the project lock inside the transaction
 * callback, synchronously (every await must happen before). Returns false when Premiere refused.
 */
export function commit(project: PProject, label: string, build: () => Action[]): boolean {
  let ok = false;
  project.lockedAccess(() => {
    ok = project.executeTransaction((compound) => {
      for (const action of build()) compound.addAction(action);
    }, label);
  });
  return ok;
}

/** Like commit, but a refusal becomes a host error with `sentence`. */
export function commitOrThrow(project: PProject, label: string, sentence: string, build: () => Action[]): void {
  let ok: boolean;
  try {
    ok = commit(project, label, build);
  } catch (e) {
    throw hostError(sentence, e);
  }
  if (!ok) throw hostError(sentence);
}

export interface ClipEntry {
  item: PProjectItem;
  clip: PClipProjectItem;
  mediaPath: string;
  /** The bin holding it, when it was found by walking the bins. */
  bin?: PFolderItem;
}

/** Every clip in the project, walking the bins from the root. */
export async function allClips(ppro: PremiereSubset, project: PProject): Promise<ClipEntry[]> {
  const out: ClipEntry[] = [];
  const walk = async (folder: PFolderItem, depth: number): Promise<void> => {
    if (depth > 32) return;
    for (const item of await folder.getItems()) {
      if (item.type === ppro.ProjectItem.TYPE_BIN) {
        const bin = ppro.FolderItem.cast(item);
        if (bin) await walk(bin, depth + 1);
      } else if (item.type === ppro.ProjectItem.TYPE_CLIP) {
        const clip = ppro.ClipProjectItem.cast(item);
        if (clip) out.push({ item, clip, mediaPath: await clip.getMediaFilePath(), bin: folder });
      }
    }
  };
  await walk(await project.getRootItem(), 0);
  return out;
}

/** Same file: separators and (as a fallback on case-insensitive volumes) case ignored. */
export function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+/g, '/');
  return norm(a) === norm(b) || norm(a).toLowerCase() === norm(b).toLowerCase();
}

/**
 * Clips whose media is `mediaPath`; with `mastersOnly`, subclips are left out.
 * Unconfirmed: that ClipProjectItem.findItemsMatchingMediaPath(path, true) leaves out subclips and
 * matches on a substring of the media path, as its d.ts comment says.
 */
export async function clipsForMedia(ppro: PremiereSubset, project: PProject, mediaPath: string, mastersOnly: boolean): Promise<ClipEntry[]> {
  const matching = (await allClips(ppro, project)).filter((c) => samePath(c.mediaPath, mediaPath));
  if (!mastersOnly || matching.length === 0) return matching;
  // Match on the file name: the host may spell the folders differently (separators, case).
  const fileName = mediaPath.split(/[\\/]/).pop() || mediaPath;
  const masters = await matching[0].clip.findItemsMatchingMediaPath(fileName, true);
  const masterIds = new Set(masters.map((m) => m.getId()));
  return matching.filter((c) => masterIds.has(c.item.getId()));
}
