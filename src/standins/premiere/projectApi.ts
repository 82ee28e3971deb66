/**
 * Project, bins and project items. Bins and clips are both "project items"; the cast functions
 * turn one kind of wrapper into another over the same item, as Premiere's do.
 */
import { PROJECT_ITEM_TYPE } from './constants';
import type {
  PClipProjectItem,
  PFolderItem,
  PProject,
  PProjectItem,
  PSequence,
  PTickTime,
} from '../../adapters/premiere/subset';
import type { Ctx } from './context';
import { sequenceView } from './sequenceApi';
import { createSequenceFromMedia, deleteSequence, removeItemAction, setActiveSequence } from './sequenceLifecycle';
import { sequenceClipView } from './sequenceItemApi';
import {
  BinState,
  ClipItemState,
  basename,
  findClip,
  findItem,
  addClipItem,
  newId,
} from './state';
import { tickTicks, tickTime } from './time';

export function projectView(ctx: Ctx): PProject {
  const view: PProject = {
    get name() {
      return ctx.project.name;
    },
    get path() {
      return ctx.project.path;
    },
    get guid() {
      const guid = ctx.project.guid;
      return { toString: () => guid };
    },
    getActiveSequence: async () => {
      const active = ctx.project.activeSequence;
      return (active ? sequenceView(ctx, active) : null) as PSequence;
    },
    getSequences: async () => ctx.project.sequences.map((s) => sequenceView(ctx, s.guid)),
    getRootItem: async () => folderView(ctx, ctx.project.rootId),
    importFiles: (filePaths, suppressUI, targetBin, asNumberedStills) => importFiles(ctx, filePaths, suppressUI, targetBin, asNumberedStills),
    executeTransaction: (callback, undoString) => ctx.gate.executeTransaction(callback, undoString),
    lockedAccess: (callback) => ctx.gate.lockedAccess(callback),
    createSequenceFromMedia: (name, clipProjectItems, targetBin) => createSequenceFromMedia(ctx, name, clipProjectItems, targetBin),
    deleteSequence: (sequence) => deleteSequence(ctx, sequence),
    setActiveSequence: (sequence) => setActiveSequence(ctx, sequence),
  };
  return ctx.register(view, { kind: 'project' });
}

async function importFiles(
  ctx: Ctx,
  filePaths: string[],
  _suppressUI: boolean | undefined,
  targetBin: PProjectItem | undefined,
  _asNumberedStills: boolean | undefined,
): Promise<boolean> {
  if (ctx.gate.locked) throw new Error('Premiere rule: importFiles cannot run inside lockedAccess.');
  if (!Array.isArray(filePaths) || filePaths.some((p) => typeof p !== 'string')) throw new TypeError('importFiles needs an array of file paths.');
  if (targetBin === undefined) {
    throw new TypeError('importFiles: targetBin is undefined. Pass null for the project root, or a bin.');
  }
  let binId = ctx.project.rootId;
  if (targetBin !== null) {
    const ref = ctx.refOf(targetBin, 'item', 'importFiles targetBin');
    const bin = findItem(ctx.project, ref.id);
    if (bin.kind !== 'bin') throw new TypeError(`importFiles: "${bin.name}" is not a bin.`);
    binId = bin.id;
  }
  if (ctx.faults.importFails) return false;
  const probes = [];
  for (const path of filePaths) {
    if (!(await ctx.options.media.exists(path))) return false;
    try {
      probes.push({ path, media: await ctx.options.media.probe(path) });
    } catch {
      return false;
    }
  }
  const project = ctx.project;
  const bin = project.items[binId];
  if (!bin || bin.kind !== 'bin') return false;
  for (const { path, media } of probes) addClipItem(ctx.world, project, binId, path, media, basename(path));
  ctx.notify();
  if (ctx.faults.importThrowsAfterImporting) throw new Error('importFiles failed after importing');
  return true;
}

export function projectItemView(ctx: Ctx, id: string): PProjectItem {
  const item = () => findItem(ctx.project, id);
  const view: PProjectItem = {
    get name() {
      return item().name;
    },
    get type() {
      return typeOf(ctx, id);
    },
    getId: () => id,
  };
  return ctx.register(view, { kind: 'item', id });
}

export function folderView(ctx: Ctx, id: string): PFolderItem {
  const bin = (): BinState => {
    const item = findItem(ctx.project, id);
    if (item.kind !== 'bin') throw new TypeError(`"${item.name}" is not a bin.`);
    return item;
  };
  const view: PFolderItem = {
    get name() {
      return bin().name;
    },
    get type() {
      return typeOf(ctx, id);
    },
    getItems: async () => bin().children.map((child) => projectItemView(ctx, child)),
    createRemoveItemAction: (item) => removeItemAction(ctx, id, item),
    createBinAction: (name, makeUnique) => {
      if (typeof name !== 'string' || name.trim() === '') throw new TypeError('createBinAction needs a name.');
      return ctx.gate.action('FolderItem.createBinAction', (project) => {
        const parent = project.items[id];
        if (!parent || parent.kind !== 'bin') throw new Error('the parent bin no longer exists');
        const siblings = new Set(parent.children.map((c) => project.items[c]?.name));
        let finalName = name;
        if (makeUnique) for (let n = 2; siblings.has(finalName); n++) finalName = `${name} ${n}`;
        const created: BinState = { kind: 'bin', id: newId(ctx.world, 'bin'), name: finalName, parentId: id, children: [] };
        project.items[created.id] = created;
        parent.children.push(created.id);
      });
    },
  };
  return ctx.register(view, { kind: 'item', id });
}

export function clipView(ctx: Ctx, id: string): PClipProjectItem {
  const clip = () => findClip(ctx.project, id);
  const view: PClipProjectItem = {
    get name() {
      return clip().name;
    },
    get type() {
      return typeOf(ctx, id);
    },
    getMediaFilePath: async () => clip().mediaPath,
    getInPoint: async (_mediaType) => tickTime(clip().inPoint ?? (clip().subclip?.start ?? 0n)),
    getOutPoint: async (_mediaType) => tickTime(clip().outPoint ?? (clip().subclip?.end ?? clip().duration)),
    findItemsMatchingMediaPath: async (matchString, ignoreSubclips) => {
      if (ctx.faults.mediaPathLookupFails) throw new Error('findItemsMatchingMediaPath failed');
      const project = ctx.project;
      return Object.values(project.items)
        .filter((i): i is ClipItemState => i.kind === 'clip' && i.mediaPath.includes(matchString) && !(ignoreSubclips && i.subclip))
        .map((i) => projectItemView(ctx, i.id));
    },
    createClearInOutPointsAction: () =>
      ctx.gate.action('ClipProjectItem.createClearInOutPointsAction', (project) => {
        const target = findClip(project, id);
        target.inPoint = null;
        target.outPoint = null;
      }),
    createSetScaleToFrameSizeAction: () =>
      ctx.gate.action('ClipProjectItem.createSetScaleToFrameSizeAction', (project) => {
        findClip(project, id).scaleToFrameSize = true;
      }),
    getColorLabelIndex: async () => clip().colorLabel ?? 0,
    createSetColorLabelAction: (inColorLabelIndex) => {
      // Premiere's label set has 16 entries (Preferences > Labels); the reference gives no range.
      if (!Number.isInteger(inColorLabelIndex) || inColorLabelIndex < 0 || inColorLabelIndex > 15) throw new TypeError('createSetColorLabelAction needs a label index from 0 to 15.');
      return ctx.gate.action('ClipProjectItem.createSetColorLabelAction', (project) => {
        findClip(project, id).colorLabel = inColorLabelIndex;
      });
    },
    createSetInOutPointsAction: (inPoint: PTickTime, outPoint: PTickTime) => {
      const start = tickTicks(inPoint);
      const end = tickTicks(outPoint);
      return ctx.gate.action('ClipProjectItem.createSetInOutPointsAction', (project) => {
        const target = findClip(project, id);
        const lo = target.subclip ? target.subclip.start : 0n;
        const hi = target.subclip ? target.subclip.end : target.duration;
        if (start < lo || end > hi || end <= start) {
          throw new Error(`in/out ${start}-${end} ticks are outside the media (${lo}-${hi})`);
        }
        target.inPoint = start;
        target.outPoint = end;
      });
    },
    createSubClipAction: (name, startTime, endTime, hasHardBoundaries, options) => {
      const start = tickTicks(startTime);
      const end = tickTicks(endTime);
      const wanted = (options ?? {}) as { takeVideo?: boolean; takeAudio?: boolean };
      return ctx.gate.action('ClipProjectItem.createSubClipAction', (project) => {
        const master = findClip(project, id);
        if (master.subclip) throw new Error('a subclip of a subclip is not supported by this fake');
        if (start < 0n || end > master.duration || end <= start) {
          throw new Error(`the subclip range ${start}-${end} ticks is outside the media (0-${master.duration})`);
        }
        const ignore = ctx.faults.subclipIgnoresMediaOptions;
        const takeVideo = ignore ? true : wanted.takeVideo !== false;
        const takeAudio = ignore ? true : wanted.takeAudio !== false;
        if (!(takeVideo && master.media.hasVideo) && !(takeAudio && master.media.hasAudio)) {
          throw new Error('the subclip would hold neither video nor audio');
        }
        const parent = project.items[master.parentId];
        if (!parent || parent.kind !== 'bin') throw new Error('the clip is not in a bin');
        const sub: ClipItemState = {
          ...structuredClone(master),
          id: newId(ctx.world, 'item'),
          name,
          inPoint: null,
          outPoint: null,
          subclip: { masterId: master.id, start, end, hardBoundaries: hasHardBoundaries, takeVideo, takeAudio },
        };
        project.items[sub.id] = sub;
        parent.children.push(sub.id);
      });
    },
  };
  return ctx.register(view, { kind: 'item', id });
}

function typeOf(ctx: Ctx, id: string): number {
  const item = findItem(ctx.project, id);
  if (item.kind === 'clip') return PROJECT_ITEM_TYPE.CLIP;
  return item.id === ctx.project.rootId ? PROJECT_ITEM_TYPE.ROOT : PROJECT_ITEM_TYPE.BIN;
}

/** Project columns as Premiere's metadata call returns them: a JSON array of columns. */
export function projectColumnsMetadata(ctx: Ctx, item: PProjectItem): string {
  const ref = ctx.refOf(item, 'item', 'getProjectColumnsMetadata');
  const found = findItem(ctx.project, ref.id);
  const columns: Array<{ ColumnID: string; ColumnName: string; ColumnValue: string }> = [
    { ColumnID: 'Column.Intrinsic.Name', ColumnName: 'Name', ColumnValue: found.name },
  ];
  if (found.kind === 'clip') {
    const m = found.media;
    columns.push({ ColumnID: 'Column.Intrinsic.FilePath', ColumnName: 'File Path', ColumnValue: found.mediaPath });
    columns.push({ ColumnID: 'Column.Intrinsic.MediaStart', ColumnName: 'Media Start', ColumnValue: '0' });
    columns.push({ ColumnID: 'Column.Intrinsic.MediaEnd', ColumnName: 'Media End', ColumnValue: found.duration.toString() });
    if (m.hasVideo) {
      columns.push({ ColumnID: 'Column.Intrinsic.VideoInfo', ColumnName: 'Video Info', ColumnValue: `${m.width} x ${m.height} (1.0)` });
    }
  }
  return JSON.stringify(columns);
}

/** The casts: the same item seen through another wrapper (null when the item is of another kind). */
export function castToProjectItem(ctx: Ctx, item: PFolderItem | PClipProjectItem): PProjectItem {
  const ref = ctx.refOf(item, 'item', 'ProjectItem.cast');
  return projectItemView(ctx, ref.id);
}

export function castToClip(ctx: Ctx, item: PProjectItem): PClipProjectItem {
  const seqRef = ctx.refs.get(item);
  if (seqRef?.kind === 'sequenceItem') return sequenceClipView(ctx, seqRef.seq);
  const ref = ctx.refOf(item, 'item', 'ClipProjectItem.cast');
  return (findItem(ctx.project, ref.id).kind === 'clip' ? clipView(ctx, ref.id) : null) as PClipProjectItem;
}

export function castToFolder(ctx: Ctx, item: PProjectItem): PFolderItem {
  const ref = ctx.refOf(item, 'item', 'FolderItem.cast');
  return (findItem(ctx.project, ref.id).kind === 'bin' ? folderView(ctx, ref.id) : null) as PFolderItem;
}
