/**
 * The self-check's scratch: a copy of the shipped clip in the scratch folder, a bin of its own at
 * the project root holding the imported clip and the subclips, and a sequence made from the clip
 * with its start timecode at 01:00:00:00. `removeScratch` takes all of it away again and says
 * what, if anything, it could not remove.
 */
import type { FileStore } from '../../../app/ports';
import { FRAME_RATES, FrameRate, framesToTicks } from '../../../domain/time';
import { timecodeToFrames } from '../../../domain/timecode';
import { HostPlatform, premierePath } from '../nativePath';
import { commit, sequenceId } from '../projectAccess';
import type { PClipProjectItem, PFolderItem, PProject, PProjectItem, PSequence, PremiereSubset } from '../subset';
import { ticksOf } from '../timeConvention';

/** The shipped clip (selfcheck/ltx-selfcheck.mp4 in the plugin folder, made at build time by scripts/make-selfcheck-clip.js). */
export const SELF_CHECK_CLIP = { rate: FRAME_RATES['25'] as FrameRate, frames: 50, width: 64, height: 36 };
export const SCRATCH_START_TIMECODE = '01:00:00:00';
export const SCRATCH_NAME = 'LTX Self-check (temporary)';

/** Every change the check commits goes through here, so the report can list its undo steps. */
export class Journaled {
  readonly undoSteps: string[] = [];
  constructor(readonly project: PProject) {}

  commit(label: string, build: Parameters<typeof commit>[2]): boolean {
    const ok = commit(this.project, `LTX Self-check: ${label}`, build);
    if (ok) this.undoSteps.push(`LTX Self-check: ${label}`);
    return ok;
  }
}

export interface ProjectShape {
  rootItemIds: string[];
  sequenceIds: string[];
  activeSequenceId: string | null;
}

export async function projectShape(project: PProject): Promise<ProjectShape> {
  const root = await project.getRootItem();
  const active = await project.getActiveSequence();
  return {
    rootItemIds: (await root.getItems()).map((i) => i.getId()).sort(),
    sequenceIds: (await project.getSequences()).map(sequenceId).sort(),
    activeSequenceId: active ? sequenceId(active) : null,
  };
}

export interface Scratch {
  /** Files the check wrote; all are removed at the end. */
  files: string[];
  clipPath: string;
  bin: PFolderItem | null;
  binItem: PProjectItem | null;
  clipItem: PProjectItem | null;
  clip: PClipProjectItem | null;
  sequence: PSequence | null;
  /** The editor's active sequence before the check, to give back. */
  editorSequence: PSequence | null;
}

export interface ScratchDeps {
  files: FileStore;
  platform: HostPlatform;
  /** Where the shipped clip is (a path the FileStore reads). */
  clipSource: string;
  stamp: string;
}

/** Copies the clip, makes the bin, imports. Throws with a sentence when a step fails; what was made is in `scratch`. */
export async function buildScratch(ppro: PremiereSubset, project: Journaled, deps: ScratchDeps, scratch: Scratch): Promise<void> {
  const folder = await deps.files.scratchFolder();
  scratch.clipPath = deps.files.join(folder, `ltx-selfcheck-${deps.stamp}.mp4`);
  scratch.files.push(scratch.clipPath);
  await deps.files.write(scratch.clipPath, await deps.files.read(deps.clipSource));

  const binName = `${SCRATCH_NAME} ${deps.stamp}`;
  const root = await project.project.getRootItem();
  const existing = new Set((await root.getItems()).map((i) => i.getId()));
  if (!project.commit('make scratch bin', () => [root.createBinAction(binName, true)])) throw new Error('Premiere refused to make the scratch bin.');
  // Only a bin that was not there before is ours (makeUnique may have added a suffix): the cleanup removes it.
  const binItem = (await root.getItems()).find((i) => !existing.has(i.getId()) && i.type === ppro.ProjectItem.TYPE_BIN && i.name.startsWith(binName)) ?? null;
  scratch.binItem = binItem;
  scratch.bin = binItem ? ppro.FolderItem.cast(binItem) : null;
  if (!scratch.bin) throw new Error('The scratch bin did not appear in the project.');
}

/** The sequence from the imported clip, its start timecode set to 01:00:00:00 when Premiere did not take the clip's. */
export async function buildScratchSequence(ppro: PremiereSubset, project: Journaled, deps: ScratchDeps, scratch: Scratch): Promise<void> {
  if (!scratch.clip || !scratch.binItem) throw new Error('The clip was not imported, so no scratch sequence could be made.');
  scratch.sequence = (await project.project.createSequenceFromMedia(`${SCRATCH_NAME} ${deps.stamp}`, [scratch.clip], scratch.binItem)) ?? null;
  if (!scratch.sequence) throw new Error('Premiere did not make a sequence from the clip.');
  const rate = SELF_CHECK_CLIP.rate;
  const zero = framesToTicks(timecodeToFrames(SCRATCH_START_TIMECODE, rate), rate);
  if (ticksOf(await scratch.sequence.getZeroPoint()) !== zero) {
    const sequence = scratch.sequence;
    if (!project.commit('set start timecode', () => [sequence.createSetZeroPointAction(ppro.TickTime.createWithTicks(zero.toString()))])) {
      throw new Error('Premiere refused to set the scratch sequence to start at 01:00:00:00.');
    }
  }
}

export function importPath(scratch: Scratch, platform: HostPlatform): string {
  return premierePath(scratch.clipPath, platform);
}

/**
 * Deletes the scratch sequence, removes the bin (with the clip and subclips), deletes the files
 * and gives the editor's active sequence back. Each step is tried whatever the others did.
 * Returns what is left, as sentences (empty when everything went).
 */
export async function removeScratch(project: Journaled, files: FileStore, scratch: Scratch, before: ProjectShape): Promise<string[]> {
  const left: string[] = [];
  const attempt = async (what: string, step: () => Promise<boolean>) => {
    try {
      if (!(await step())) left.push(what);
    } catch {
      left.push(what);
    }
  };
  if (scratch.sequence) {
    const sequence = scratch.sequence;
    await attempt(`the sequence "${SCRATCH_NAME}"`, () => project.project.deleteSequence(sequence));
  }
  if (scratch.binItem) {
    const binItem = scratch.binItem;
    const root = await project.project.getRootItem();
    await attempt(`the bin "${binItem.name}"`, async () => project.commit('remove scratch bin', () => [root.createRemoveItemAction(binItem)]));
  }
  if (scratch.editorSequence) {
    const editor = scratch.editorSequence;
    const active = await project.project.getActiveSequence().catch(() => null);
    if (!active || sequenceId(active) !== sequenceId(editor)) {
      await attempt('your active sequence (open it again from the project panel)', () => project.project.setActiveSequence(editor));
    }
  }
  for (const path of scratch.files) {
    await attempt(`the file ${path}`, async () => {
      await files.remove(path);
      return !(await files.exists(path));
    });
  }
  const after = await projectShape(project.project).catch(() => null);
  if (after) {
    const extraItems = after.rootItemIds.filter((id) => !before.rootItemIds.includes(id));
    const extraSequences = after.sequenceIds.filter((id) => !before.sequenceIds.includes(id));
    if (extraItems.length > 0 && !left.some((l) => l.startsWith('the bin'))) left.push(`${extraItems.length} new item(s) at the project root`);
    if (extraSequences.length > 0 && !left.some((l) => l.startsWith('the sequence'))) left.push(`${extraSequences.length} new sequence(s)`);
  }
  return left;
}
