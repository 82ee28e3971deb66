/**
 * Probes of the calls the take workflow makes that the edit and lane probes do not: the Source
 * Monitor (review before placing), a clip marker and colour label and the project metadata fields
 * (a take's labels), a frame export (the take's thumbnail), removing a clip from a bin (delete
 * take) and whether a disabled take is left out of the picture (switching takes). Each works on the
 * scratch clip or sequence; whatever it adds goes with the scratch bin and sequence.
 */
import { framesToTicks } from '../../../domain/time';
import type { TakeField } from '../../../domain/takeLabel';
import { COMMENT_MARKER, TAKE_COLOR_LABEL_INDEX } from '../labels';
import { allClips, sequenceId } from '../projectAccess';
import { metadataProperty, writeTakeMetadata } from '../takeMetadata';
import { THUMBNAIL_WIDTH, exportTakeThumbnail, frameDirectory, frameFileCandidates } from '../thumbnail';
import { ticksOf } from '../timeConvention';
import { everything } from './editProbes';
import { CheckContext, Probe, answer, currentBehaviour } from './probe';
import { SELF_CHECK_CLIP, importPath } from './scratch';
import { scratchSequence } from './timingProbes';

const RATE = SELF_CHECK_CLIP.rate;
const REVIEW_AT_FRAME = 10;

function scratchClip(c: CheckContext) {
  const { clip, clipItem } = c.scratch;
  if (!clip || !clipItem) throw new Error('there is no imported scratch clip (see the import row)');
  return { clip, item: clipItem };
}

export const sourceMonitorProbe: Probe = {
  rows: [
    {
      id: 'reviewOpen',
      title: 'Review in the Source Monitor',
      expected: 'SourceMonitor.openFilePath(a file) resolves true, adds nothing to the project and leaves the sequence as it was',
    },
    {
      id: 'reviewPosition',
      title: 'Source Monitor position',
      expected: `setPosition(${REVIEW_AT_FRAME} frames) resolves true and getPosition then reads ${REVIEW_AT_FRAME} frames: positions count from the file's first frame (the clip has no start timecode, so a timecode origin is not told apart)`,
    },
  ],
  run: async (c) => {
    const monitor = c.ppro.SourceMonitor;
    const clipsBefore = (await allClips(c.ppro, c.project.project)).length;
    const itemsBefore = (await everything(c)).length;
    const opened = await monitor.openFilePath(importPath(c.scratch, c.platform));
    const clipsAfter = (await allClips(c.ppro, c.project.project)).length;
    const itemsAfter = (await everything(c)).length;
    const untouched = clipsAfter === clipsBefore && itemsAfter === itemsBefore;
    const openRow = answer(
      opened && untouched ? 'pass' : opened ? 'differs' : 'failed',
      `openFilePath resolved ${String(opened)}; project clips ${clipsBefore} -> ${clipsAfter}; clips on the scratch sequence ${itemsBefore} -> ${itemsAfter}`,
    );
    if (!opened) return { reviewOpen: openRow, reviewPosition: answer('failed', 'nothing is open in the Source Monitor') };
    try {
      const want = framesToTicks(REVIEW_AT_FRAME, RATE);
      const set = await monitor.setPosition(c.ppro.TickTime.createWithTicks(want.toString()));
      const read = ticksOf(await monitor.getPosition());
      const frames = Number(read) / Number(framesToTicks(1, RATE));
      const positionRow = answer(set && read === want ? 'pass' : 'differs', `setPosition resolved ${String(set)}; getPosition reads ${read} ticks (${frames} frames)`);
      return { reviewOpen: openRow, reviewPosition: positionRow };
    } finally {
      await monitor.closeClip().catch(() => false); // the scratch file goes at cleanup: never leave it open
    }
  },
};

/** What a take's labels carry, for the probe: one field is enough to see the whole round trip. */
const PROBE_FIELD: TakeField = { key: 'prompt', label: 'Prompt', value: 'self-check: "rain" & <thunder>' };

export const takeLabelProbe: Probe = {
  rows: [
    {
      id: 'clipMarker',
      title: "A take's clip marker and colour label",
      expected: `a ${COMMENT_MARKER} marker added to a clip (media ticks, 10 frames in, 20 long) reads back with its start, duration, type and comment; colour label ${TAKE_COLOR_LABEL_INDEX} reads back`,
    },
    {
      id: 'projectMetadata',
      title: "A take's project metadata",
      expected: `addPropertyToProjectMetadataSchema("${metadataProperty(PROBE_FIELD).name}", TEXT) and createSetProjectMetadataAction: the field reads back from getProjectMetadata as written`,
    },
  ],
  run: async (c) => {
    const { clip, item } = scratchClip(c);
    const markers = await c.ppro.Markers.getMarkers(clip);
    const before = markers.getMarkers().length;
    const start = framesToTicks(10, RATE);
    const duration = framesToTicks(20, RATE);
    const t = (ticks: bigint) => c.ppro.TickTime.createWithTicks(ticks.toString());
    const comment = 'LTX Self-check marker\nwith two lines';
    const marked = c.project.commit('label a clip', () => [
      markers.createAddMarkerAction('LTX Self-check', COMMENT_MARKER, t(start), t(duration), comment),
      clip.createSetColorLabelAction(TAKE_COLOR_LABEL_INDEX),
    ]);
    const after = (await c.ppro.Markers.getMarkers(clip)).getMarkers();
    const added = after.find((m) => m.getName() === 'LTX Self-check');
    const label = await clip.getColorLabelIndex().catch(() => null);
    const markerRight = !!added && ticksOf(added.getStart()) === start && ticksOf(added.getDuration()) === duration && added.getType() === COMMENT_MARKER && added.getComments() === comment;
    const markerRow = !marked
      ? answer('failed', 'Premiere refused the marker transaction')
      : answer(
          markerRight && after.length === before + 1 && label === TAKE_COLOR_LABEL_INDEX ? 'pass' : 'differs',
          added
            ? `marker at ${ticksOf(added.getStart())} ticks, ${ticksOf(added.getDuration())} long, type ${added.getType()}, comment ${added.getComments() === comment ? 'as written' : `"${added.getComments()}"`}; colour label ${String(label)}`
            : `no marker named "LTX Self-check" on the clip (${after.length} marker(s)); colour label ${String(label)}`,
        );
    const written = await writeTakeMetadata(c.ppro, (build) => c.project.commit('take metadata', build), [item], [PROBE_FIELD]);
    return { clipMarker: markerRow, projectMetadata: answer(written.ok ? 'pass' : 'differs', written.seen) };
  },
};

export const frameExportProbe: Probe = {
  rows: [
    {
      id: 'frameExport',
      title: "A take's thumbnail",
      expected: `Exporter.exportSequenceFrame writes a PNG ${THUMBNAIL_WIDTH} px wide of the frame asked for, named "name.png.png" (Adobe's sample) or "name.png"`,
    },
  ],
  run: async (c) => {
    const sequence = scratchSequence(c);
    const folder = await c.files.scratchFolder();
    const name = 'ltx-selfcheck-frame';
    for (const file of [`take-${name}.png.png`, `take-${name}.png`]) c.scratch.files.push(c.files.join(folder, file));
    const path = await exportTakeThumbnail(c.ppro, c.files, { native: folder, url: folder }, sequenceId(sequence), framesToTicks(25, RATE), name, currentBehaviour(c), c.platform);
    if (!path) return { frameExport: answer('failed', 'exportSequenceFrame wrote no file under either name') };
    const bytes = await c.files.read(path);
    const png = bytes.length > 24 && String.fromCharCode(...bytes.subarray(1, 4)) === 'PNG';
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = png ? `${view.getUint32(16)} x ${view.getUint32(20)}` : 'not a PNG';
    const fileName = path.replace(/^.*[\\/]/, '');
    return { frameExport: answer(png && view.getUint32(16) === THUMBNAIL_WIDTH ? 'pass' : 'differs', `wrote "${fileName}", ${bytes.length} bytes, ${size}`) };
  },
};

export const removeItemProbe: Probe = {
  rows: [
    {
      id: 'removeItem',
      title: 'Deleting a take from the project',
      expected: "a bin's createRemoveItemAction(clip) removes a clip no sequence uses from that bin, and nothing else",
    },
  ],
  run: async (c) => {
    const { clip } = scratchClip(c);
    const bin = c.scratch.bin;
    if (!bin) throw new Error('there is no scratch bin');
    const name = 'LTX Self-check removal';
    const t = (frames: number) => c.ppro.TickTime.createWithTicks(framesToTicks(frames, RATE).toString());
    if (!c.project.commit('make a clip to remove', () => [clip.createSubClipAction(name, t(0), t(10), true, {})])) {
      return { removeItem: answer('failed', 'Premiere refused to make the subclip to remove') };
    }
    const items = await bin.getItems();
    const otherNames = items.map((i) => i.name).filter((n) => n !== name); // read now: a removed item's getters fail
    const target = items.find((i) => i.name === name);
    if (!target) return { removeItem: answer('failed', 'the subclip to remove did not appear in the bin') };
    const removed = c.project.commit('remove a clip', () => [bin.createRemoveItemAction(target)]);
    const left = (await bin.getItems()).map((i) => i.name);
    const others = otherNames.every((n) => left.includes(n));
    return {
      removeItem: answer(
        removed && !left.includes(name) && others ? 'pass' : removed ? 'differs' : 'failed',
        `transaction ${removed ? 'accepted' : 'refused'}; the clip is ${left.includes(name) ? 'still in the bin' : 'gone'}; the bin's other ${otherNames.length} item(s) ${others ? 'stayed' : 'changed'}`,
      ),
    };
  },
};

/** The mean brightness (0-255) of a BMP's pixels, or null when it is not an uncompressed 24/32-bit BMP. */
export function bmpBrightness(bytes: Uint8Array): number | null {
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const height = Math.abs(view.getInt32(22, true));
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true); // 0: none; 3: bit fields (32-bit BGRA)
  if ((bpp !== 24 && bpp !== 32) || width <= 0 || height <= 0 || (compression !== 0 && compression !== 3)) return null;
  const rowBytes = Math.floor((bpp * width + 31) / 32) * 4;
  if (offset + height * rowBytes > bytes.length) return null;
  let sum = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = offset + y * rowBytes + x * (bpp / 8);
      sum += bytes[p] + bytes[p + 1] + bytes[p + 2];
    }
  }
  return sum / (width * height * 3);
}

/** Brighter than this is a picture (the shipped clip is a test pattern); darker than DARK is the black of a gap. */
const VISIBLE = 24;
const DARK = 8;

export const disabledFrameProbe: Probe = {
  rows: [
    {
      id: 'disabledHidden',
      title: 'A disabled take is not seen',
      expected: 'a clip alone on a take track shows in exportSequenceFrame; once createSetDisabledAction(true) runs, the same frame is black (the sequence plays the take that is enabled, or the original)',
    },
  ],
  run: async (c) => {
    const part = c.subclips.both;
    if (!part) throw new Error('the subclips were not made (see the findItemsMatchingMediaPath row)');
    const sequence = scratchSequence(c);
    const frame = framesToTicks(1, RATE);
    // Past everything on the scratch timeline, on the second video track: nothing under it but black.
    const at = (await everything(c)).reduce((end, p) => (p.end > end ? p.end : end), 0n) + 10n * frame;
    const editor = c.ppro.SequenceEditor.getEditor(sequence);
    const atTime = c.ppro.TickTime.createWithTicks(at.toString());
    if (!c.project.commit('place a clip alone', () => [editor.createOverwriteItemAction(part.item, atTime, 1, 1)])) {
      return { disabledHidden: answer('failed', 'Premiere refused to place the clip') };
    }
    const placed = (await everything(c)).find((p) => p.kind === 'video' && p.index === 1 && p.start === at);
    if (!placed) return { disabledHidden: answer('failed', 'the clip did not land on the second video track') };
    const folder = await c.files.scratchFolder();
    const brightness = async (name: string): Promise<number | null> => {
      const candidates = frameFileCandidates(name).map((n) => c.files.join(folder, n));
      c.scratch.files.push(...candidates);
      const time = c.ppro.TickTime.createWithTicks((at + 5n * frame).toString());
      if (!(await c.ppro.Exporter.exportSequenceFrame(sequence, time, name, frameDirectory(folder, c.platform), SELF_CHECK_CLIP.width, SELF_CHECK_CLIP.height))) return null;
      for (const path of candidates) if (await c.files.exists(path)) return bmpBrightness(await c.files.read(path));
      return null;
    };
    const shown = await brightness('ltx-selfcheck-enabled.bmp');
    const disabled = c.project.commit('disable the clip', () => [placed.item.createSetDisabledAction(true)]);
    const hidden = await brightness('ltx-selfcheck-disabled.bmp');
    const say = (b: number | null) => (b === null ? 'no readable frame' : `brightness ${Math.round(b)}`);
    const seen = `enabled: ${say(shown)}; disabled (transaction ${disabled ? 'accepted' : 'refused'}): ${say(hidden)}`;
    if (shown === null || hidden === null || !disabled) return { disabledHidden: answer('failed', seen) };
    if (shown <= VISIBLE) return { disabledHidden: answer('failed', `${seen}: the enabled clip did not show, so nothing is told`) };
    return { disabledHidden: answer(hidden < DARK ? 'pass' : 'differs', seen) };
  },
};

export const TAKE_PROBES: Probe[] = [sourceMonitorProbe, takeLabelProbe, frameExportProbe, removeItemProbe, disabledFrameProbe];
