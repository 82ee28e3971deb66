/**
 * Probes of the project and the timeline on the scratch: import, the Video Info column, subclips
 * and findItemsMatchingMediaPath, an insert at index = track count (a new track, nothing moved,
 * the placed item's name), the subclip media options, and selections of our own.
 */
import { framesToTicks } from '../../../domain/time';
import { readTakeFrameSize } from '../placer';
import { INSERT_LIMIT_SHIFT } from '../placer';
import type { ClipEntry } from '../projectAccess';
import type { PProjectItem, PTrackItemSelection } from '../subset';
import { Kind, TrackItem, trackAt, trackCount } from '../takeLanes';
import { ticksOf, timelineToPremiere } from '../timeConvention';
import { CheckContext, Probe, ProbeAnswer, answer, currentBehaviour } from './probe';
import { SELF_CHECK_CLIP, importPath } from './scratch';
import { scratchSequence } from './timingProbes';

const RATE = SELF_CHECK_CLIP.rate;
const KINDS = ['video', 'audio'] as const;

async function binClipNamed(c: CheckContext, names: string[]): Promise<ClipEntry | null> {
  if (!c.scratch.bin) return null;
  for (const item of await c.scratch.bin.getItems()) {
    if (item.type !== c.ppro.ProjectItem.TYPE_CLIP || !names.includes(item.name)) continue;
    const clip = c.ppro.ClipProjectItem.cast(item);
    if (clip) return { item, clip, mediaPath: await clip.getMediaFilePath().catch(() => '') };
  }
  return null;
}

export const importProbe: Probe = {
  rows: [{ id: 'import', title: 'Import into a bin', expected: 'importFiles(path, true, bin, false) resolves true and the clip appears in that bin, named after its file' }],
  run: async (c) => {
    const bin = c.scratch.bin;
    if (!bin) return { import: answer('failed', 'there is no scratch bin') };
    let said: string;
    try {
      said = String(await c.project.project.importFiles([importPath(c.scratch, c.platform)], true, c.ppro.ProjectItem.cast(bin), false));
    } catch (e) {
      said = `an error (${e instanceof Error ? e.message : String(e)})`;
    }
    const file = c.scratch.clipPath.replace(/^.*[\\/]/, '');
    const found = await binClipNamed(c, [file, file.replace(/\.mp4$/, '')]);
    if (found) {
      c.scratch.clipItem = found.item;
      c.scratch.clip = found.clip;
    }
    if (!found) return { import: answer('failed', `importFiles said ${said}; no clip named after the file in the bin`) };
    return { import: answer(said === 'true' ? 'pass' : 'differs', `importFiles said ${said}; found "${found.item.name}", media path ${found.mediaPath}`) };
  },
};

function scratchClip(c: CheckContext): { item: PProjectItem; clip: NonNullable<CheckContext['scratch']['clip']> } {
  if (!c.scratch.clip || !c.scratch.clipItem) throw new Error('the clip was not imported (see the import row)');
  return { item: c.scratch.clipItem, clip: c.scratch.clip };
}

export const videoInfoProbe: Probe = {
  rows: [{ id: 'videoInfo', title: 'The Video Info column', expected: `the project column "Video Info" reads "${SELF_CHECK_CLIP.width} x ${SELF_CHECK_CLIP.height} (…)"` }],
  run: async (c) => {
    const { item } = scratchClip(c);
    const columns: unknown = JSON.parse(await c.ppro.Metadata.getProjectColumnsMetadata(item));
    const column = Array.isArray(columns) ? columns.find((x) => x?.ColumnID === 'Column.Intrinsic.VideoInfo' || x?.ColumnName === 'Video Info') : undefined;
    const size = await readTakeFrameSize(c.ppro, item);
    const seen = column ? `"${String(column.ColumnValue)}"` : 'no Video Info column';
    const right = size?.width === SELF_CHECK_CLIP.width && size?.height === SELF_CHECK_CLIP.height;
    return { videoInfo: answer(right ? 'pass' : 'differs', right ? seen : `${seen} (the plugin then scales every take to the frame, harmless when sizes match)`) };
  },
};

const SUBCLIP_NAMES = { both: 'LTX Self-check both', videoOnly: 'LTX Self-check video only' };

export const subclipProbe: Probe = {
  rows: [
    {
      id: 'mediaPathLookup',
      title: 'findItemsMatchingMediaPath',
      expected: 'findItemsMatchingMediaPath(file name, true) finds the imported clip and leaves out its subclips; with false it finds them too',
    },
  ],
  run: async (c) => {
    const { item, clip } = scratchClip(c);
    const end = c.ppro.TickTime.createWithTicks(framesToTicks(25, RATE).toString());
    const start = c.ppro.TickTime.createWithTicks('0');
    const made = c.project.commit('make subclips', () => [
      clip.createSubClipAction(SUBCLIP_NAMES.both, start, end, true, { takeVideo: true, takeAudio: true }),
      clip.createSubClipAction(SUBCLIP_NAMES.videoOnly, start, end, true, { takeVideo: true, takeAudio: false }),
    ]);
    if (!made) return { mediaPathLookup: answer('failed', 'Premiere refused to make the subclips') };
    c.subclips.both = (await binClipNamed(c, [SUBCLIP_NAMES.both])) ?? undefined;
    c.subclips.videoOnly = (await binClipNamed(c, [SUBCLIP_NAMES.videoOnly])) ?? undefined;
    const file = c.scratch.clipPath.replace(/^.*[\\/]/, '');
    const masters = (await clip.findItemsMatchingMediaPath(file, true)).map((i) => i.getId());
    const all = (await clip.findItemsMatchingMediaPath(file, false)).map((i) => i.getId());
    const subIds = [c.subclips.both, c.subclips.videoOnly].filter((s): s is ClipEntry => !!s).map((s) => s.item.getId());
    const right = masters.includes(item.getId()) && !subIds.some((id) => masters.includes(id)) && subIds.every((id) => all.includes(id)) && subIds.length === 2;
    return {
      mediaPathLookup: answer(
        right ? 'pass' : 'differs',
        `with true: ${masters.length} item(s)${masters.includes(item.getId()) ? ' including the clip' : ', not the clip'}; with false: ${all.length}; subclips made: ${subIds.length}${right ? '' : ' (the plugin also finds takes by name in its bin)'}`,
      ),
    };
  },
};

export interface Placed {
  kind: Kind;
  index: number;
  start: bigint;
  end: bigint;
  name: string;
  item: TrackItem;
}

/** Every clip on the scratch timeline, with its Premiere times. */
export async function everything(c: CheckContext): Promise<Placed[]> {
  const sequence = scratchSequence(c);
  const out: Placed[] = [];
  for (const kind of KINDS) {
    for (let index = 0; index < (await trackCount(sequence, kind)); index++) {
      for (const item of (await trackAt(sequence, kind, index)).getTrackItems(c.ppro.Constants.TrackItemType.CLIP, false)) {
        out.push({ kind, index, start: ticksOf(await item.getStartTime()), end: ticksOf(await item.getEndTime()), name: await item.getName(), item });
      }
    }
  }
  return out;
}

async function counts(c: CheckContext): Promise<Record<Kind, number>> {
  const sequence = scratchSequence(c);
  return { video: await trackCount(sequence, 'video'), audio: await trackCount(sequence, 'audio') };
}

/** Inserts a subclip at `frame` with track indexes `count + pastCount`; true when Premiere took the transaction. */
async function insertAt(c: CheckContext, part: ClipEntry, frame: number, pastCount: number): Promise<boolean> {
  const sequence = scratchSequence(c);
  const zero = ticksOf(await sequence.getZeroPoint());
  const at = timelineToPremiere(framesToTicks(frame, RATE), zero, currentBehaviour(c).timesIncludeZeroPoint);
  const n = await counts(c);
  const editor = c.ppro.SequenceEditor.getEditor(sequence);
  const time = c.ppro.TickTime.createWithTicks(at.toString());
  return c.project.commit('insert on new tracks', () => [
    editor.createInsertProjectItemAction(part.item, time, n.video + pastCount, n.audio + pastCount, INSERT_LIMIT_SHIFT),
  ]);
}

export const same = (a: Placed, b: Placed) => a.kind === b.kind && a.index === b.index && a.start === b.start && a.end === b.end;

export const insertProbe: Probe = {
  rows: [
    {
      id: 'insertNewTrack',
      title: 'Insert at index = track count',
      expected: 'an insert with both track indexes equal to the track counts (limitShift=true) adds one video and one audio track and moves nothing already there',
    },
    { id: 'placedName', title: 'Placed-item naming', expected: 'a placed track item is named after its project item (the subclip)' },
    {
      id: 'sourceTime',
      title: 'Source times from the media start',
      expected: "a subclip from 0 of a clip whose timecode starts at 01:00:00:00, placed, shows media time 0 at its first frame (item and subclip times count from the media's first frame)",
    },
  ],
  run: async (c) => {
    const part = c.subclips.both;
    if (!part) throw new Error('the subclips were not made (see the findItemsMatchingMediaPath row)');
    const before = await everything(c);
    const n = await counts(c);
    const tried: string[] = [];
    let added: 0 | 1 | null = null;
    for (const pastCount of [0, 1] as const) {
      const took = await insertAt(c, part, 25, pastCount);
      const now = await counts(c);
      tried.push(`index count+${pastCount}: ${took ? 'accepted' : 'refused'}, tracks ${n.video}/${n.audio} -> ${now.video}/${now.audio}`);
      if (now.video === n.video + 1 && now.audio === n.audio + 1) {
        added = pastCount;
        break;
      }
    }
    const after = await everything(c);
    const moved = before.filter((b) => !after.some((a) => same(a, b)));
    const placed = after.filter((a) => a.kind === 'video' && a.index === n.video);
    let insertRow: ProbeAnswer;
    if (added === null) insertRow = answer('differs', `${tried.join('; ')}: no index added the tracks; the plugin can only use take tracks that already exist`);
    else if (moved.length > 0) insertRow = answer('differs', `${tried.join('; ')}; ${moved.length} clip(s) already there moved`);
    else if (added === 0) insertRow = answer('pass', `${tried.join('; ')}; nothing moved`);
    else {
      c.measured.newTrackIndexPastCount = 1;
      insertRow = answer('differs', `${tried.join('; ')}; nothing moved: only an index past the count adds a track, and the plugin now passes count+1`);
    }
    const nameRow = placed[0]
      ? answer(placed[0].name === part.item.name ? 'pass' : 'differs', `"${placed[0].name}"${placed[0].name === part.item.name ? '' : ' (the plugin renames it in its tidy step)'}`)
      : answer('failed', 'nothing was placed on a new track');
    const sourceIn = placed[0] ? ticksOf(await placed[0].item.getInPoint()) : null;
    const sourceRow =
      sourceIn === null
        ? answer('failed', 'nothing was placed on a new track')
        : answer(sourceIn === 0n ? 'pass' : 'differs', `the placed subclip's in point reads ${sourceIn} ticks${sourceIn === 0n ? '' : ' (takes start at 0, so the plugin is not affected; please send this report)'}`);
    return { insertNewTrack: insertRow, placedName: nameRow, sourceTime: sourceRow };
  },
};

export const mediaOptionsProbe: Probe = {
  rows: [{ id: 'subclipOptions', title: 'Subclip media options', expected: 'a subclip made with { takeVideo: true, takeAudio: false } places picture only' }],
  run: async (c) => {
    const part = c.subclips.videoOnly;
    if (!part) throw new Error('the subclips were not made (see the findItemsMatchingMediaPath row)');
    const before = await everything(c);
    if (!(await insertAt(c, part, 0, currentBehaviour(c).newTrackIndexPastCount))) return { subclipOptions: answer('failed', 'Premiere refused to place the subclip') };
    const added = (await everything(c)).filter((a) => !before.some((b) => same(a, b)) && a.name === part.item.name);
    const video = added.filter((a) => a.kind === 'video').length;
    const audio = added.filter((a) => a.kind === 'audio').length;
    const seen = `${video} video and ${audio} audio item(s) placed`;
    if (video === 0) return { subclipOptions: answer('failed', `${seen}: no picture`) };
    return { subclipOptions: answer(audio === 0 ? 'pass' : 'differs', audio === 0 ? seen : `${seen}: the options were ignored; the plugin removes the unwanted half in its tidy step`) };
  },
};

export const selectionProbe: Probe = {
  rows: [
    {
      id: 'selection',
      title: 'Selections of our own',
      expected: "createEmptySelection calls its callback before it returns, leaves the sequence's selection alone, and setSelection applies it",
    },
  ],
  run: async (c) => {
    const sequence = scratchSequence(c);
    const target = (await everything(c)).find((p) => p.kind === 'video');
    if (!target) return { selection: answer('failed', 'nothing on the scratch timeline to select') };
    const selected = async () => (await (await sequence.getSelection()).getTrackItems()).length;
    const beforeCount = await selected();
    let made: PTrackItemSelection | null = null;
    const ok = c.ppro.TrackItemSelection.createEmptySelection((s) => {
      made = s;
    });
    const calledInTime = made !== null;
    const untouched = (await selected()) === beforeCount;
    const selection = made as PTrackItemSelection | null;
    if (!ok || !selection) return { selection: answer('differs', `returned ${ok}, callback ${calledInTime ? 'called' : 'not called'} before returning`) };
    selection.addItem(target.item, true);
    const applied = sequence.setSelection(selection) && (await selected()) === 1;
    const seen = `callback called before returning; sequence selection ${untouched ? 'untouched' : 'changed'}; setSelection ${applied ? 'selected the clip' : 'did not select it'}`;
    return { selection: answer(untouched && applied ? 'pass' : 'differs', seen) };
  },
};
