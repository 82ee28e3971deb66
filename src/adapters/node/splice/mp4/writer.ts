import { constants } from 'fs';
import { FileHandle, copyFile, open, readFile } from 'fs/promises';
import { Box, Mp4FormatError, boxHeader, boxHeaderSize, makeBox, makeBoxHeader, readBoxes, rebuild } from './boxes';
import { Samples, chunkOffsetBox, readChunkOffsets, readSamples, writeSampleBoxes } from './sampleTable';
import { Track, avcLengthSize, readStretchFile, readTracks, soleSampleEntry, unknownTableBoxes } from './tracks';

/**
 * Writes a spliced MP4 without remuxing it: the input's bytes are copied as they are (its sample
 * data stays byte for byte, in place, every box the splice does not touch as written), the
 * re-encoded samples go into one new `mdat`, and the `moov` is written again with the sample
 * tables of the replaced tracks rebuilt and every track's chunk offsets moved to where their
 * bytes now are. The moov stays where it was (before the media for a "fast start" file, after
 * it otherwise). Anything this writer does not understand is declined before a byte is written,
 * and the caller muxes with ffmpeg instead.
 */
export interface Mp4SpliceRequest {
  input: string;
  output: string;
  /** Video samples [from, from + n) of the track replaced by the n samples of each file's video track. */
  video: { trackId: number | null; stretches: Array<{ from: number; path: string }> } | null;
  /** AAC samples [first, first + frames.length) of the first sound track replaced by these ADTS frames. */
  audio: { totalFrames: number; stretches: Array<{ first: number; frames: Buffer[] }> } | null;
}

export type Mp4SpliceResult = { ok: true } | { ok: false; reason: string };

/** A track whose sample table is rebuilt: its samples, those in the new mdat marked (offsets relative to its content). */
interface RebuiltTrack {
  samples: Samples;
  fresh: Uint8Array;
}

interface Plan {
  topLevel: Array<{ type: string; start: number; end: number }>;
  moov: Box;
  tracks: Track[];
  rebuilt: Map<Track, RebuiltTrack>;
  newMedia: Buffer[];
}

/** A stretch of the output: bytes of the input copied, the moov, or the new mdat. */
type Piece = { kind: 'copy'; from: number; to: number } | { kind: 'moov' } | { kind: 'new' };

/** Bytes read and written at a time when the input is copied. */
const COPY_BUFFER_BYTES = 4 << 20;

export async function writeSplicedMp4(r: Mp4SpliceRequest): Promise<Mp4SpliceResult> {
  const input = await open(r.input, 'r');
  try {
    let plan: Plan | { reason: string };
    let pieces: Piece[];
    let moov: Buffer;
    // Everything is read and laid out before a byte is written: what the writer cannot read, it declines.
    try {
      plan = await planSplice(input, r);
      if (!('moov' in plan)) return { ok: false, reason: plan.reason };
      pieces = layout(plan);
      moov = finalMoov(plan, pieces);
    } catch (e) {
      if (e instanceof Mp4FormatError) return { ok: false, reason: e.message };
      throw e;
    }
    await writePieces(input, r, plan, pieces, moov);
    return { ok: true };
  } finally {
    await input.close();
  }
}

async function planSplice(input: FileHandle, r: Mp4SpliceRequest): Promise<Plan | { reason: string }> {
  const topLevel = await readTopLevel(input);
  const moovs = topLevel.filter((b) => b.type === 'moov');
  if (moovs.length !== 1) return { reason: 'the file does not have one moov' };
  if (topLevel.some((b) => b.type === 'moof' || b.type === 'mfra')) return { reason: 'the file is fragmented' };
  if (!topLevel.some((b) => b.type === 'mdat')) return { reason: 'the file has no mdat' };
  const moovBytes = Buffer.alloc(moovs[0].end - moovs[0].start);
  await input.read(moovBytes, 0, moovBytes.length, moovs[0].start);
  const [moov] = readBoxes(moovBytes);
  if (moov.children?.some((c) => c.type === 'mvex')) return { reason: 'the file is fragmented' };
  // Boxes that hold file offsets of their own (sample auxiliary data, item locations) would be left pointing at the old places.
  for (const type of ['saio', 'iloc']) if (moovBytes.includes(type, 0, 'latin1')) return { reason: `the file has a ${type} box` };

  const tracks = readTracks(moov);
  // A track whose media lives in another file (a QuickTime reference) has offsets into that file.
  if (tracks.some((t) => !t.selfContained)) return { reason: 'a track refers to media in another file' };
  const rebuilt = new Map<Track, RebuiltTrack>();
  const newMedia: Buffer[] = [];
  let newLength = 0;
  const place = (bytes: Buffer): number => {
    newMedia.push(bytes);
    newLength += bytes.length;
    return newLength - bytes.length;
  };

  if (r.video) {
    const track = tracks.find((t) => t.handler === 'vide' && (r.video!.trackId === null || t.id === r.video!.trackId));
    if (!track) return { reason: 'the video track was not found' };
    const entry = soleSampleEntry(track);
    if (!entry.ok) return entry;
    const unknown = unknownTableBoxes(track, []);
    if (unknown.length) return { reason: `the video sample table has ${unknown.join(', ')}` };
    const s = readSamples(track.stbl);
    const fresh = new Uint8Array(s.count);
    for (const stretch of r.video.stretches) {
      const file = readStretchFile(await readFile(stretch.path));
      const n = file.samples.count;
      const { from } = stretch;
      if (file.entryType !== entry.entry.type || file.lengthSize !== avcLengthSize(entry.entry)) return { reason: 'the re-encoded stretch is not stored like the source (sample entry or NAL length size)' };
      if (file.timescale !== track.timescale) return { reason: 'the re-encoded stretch has another timescale' };
      if (n === 0 || from + n > s.count) return { reason: 'the re-encoded stretch does not fit the source' };
      const isSync = (i: number) => !s.sync || s.sync[i] === 1;
      if (!isSync(from) || (from + n < s.count && !isSync(from + n)) || (file.samples.sync && !file.samples.sync[0])) return { reason: 'the re-encoded stretch does not run from keyframe to keyframe' };
      // The stretch's keyframe is presented where the source's was; the rest keep their place relative to it.
      const anchor = (s.compositionOffsets?.[from] ?? 0) - (file.samples.compositionOffsets?.[0] ?? 0);
      for (let j = 0; j < n; j++) {
        const i = from + j;
        if (file.samples.durations[j] !== s.durations[i]) return { reason: 'the re-encoded stretch has other frame durations' };
        const composition = anchor + (file.samples.compositionOffsets?.[j] ?? 0);
        if (s.compositionOffsets) s.compositionOffsets[i] = composition;
        else if (composition !== 0) return { reason: 'the re-encoded stretch reorders frames and the source does not' };
        const stretchSync = !file.samples.sync || file.samples.sync[j] === 1;
        if (s.sync) s.sync[i] = stretchSync ? 1 : 0;
        else if (!stretchSync) return { reason: 'the source has only sync samples' };
        if (s.dependency) s.dependency[i] = file.samples.dependency?.[j] ?? 0;
        const at = file.samples.offsets[j];
        s.offsets[i] = place(file.data.subarray(at, at + file.samples.sizes[j]));
        s.sizes[i] = file.samples.sizes[j];
        fresh[i] = 1;
      }
    }
    rebuilt.set(track, { samples: s, fresh });
  }

  if (r.audio) {
    const track = tracks.find((t) => t.handler === 'soun');
    if (!track) return { reason: 'the sound track was not found' };
    const entry = soleSampleEntry(track);
    if (!entry.ok) return entry;
    if (entry.entry.type !== 'mp4a') return { reason: `the sound is stored as ${entry.entry.type}, not mp4a` };
    // Sample groups (AAC's pre-roll) describe samples by their index: the count does not change.
    const unknown = unknownTableBoxes(track, ['sgpd', 'sbgp']);
    if (unknown.length) return { reason: `the sound sample table has ${unknown.join(', ')}` };
    const s = readSamples(track.stbl);
    if (s.count !== r.audio.totalFrames) return { reason: 'the sound track and its AAC frames do not count the same' };
    const fresh = new Uint8Array(s.count);
    for (const stretch of r.audio.stretches) {
      if (stretch.first < 0 || stretch.first + stretch.frames.length > s.count) return { reason: 'the re-encoded sound does not fit the source' };
      stretch.frames.forEach((frame, k) => {
        // ADTS: a 7-byte header, 9 with a CRC (protection_absent = 0); the MP4 sample is the raw frame after it.
        const raw = frame.subarray((frame[1] & 0x01) === 1 ? 7 : 9);
        const i = stretch.first + k;
        s.offsets[i] = place(raw);
        s.sizes[i] = raw.length;
        fresh[i] = 1;
      });
    }
    rebuilt.set(track, { samples: s, fresh });
  }
  return { topLevel, moov, tracks, rebuilt, newMedia };
}

/** The top-level boxes of the file: type and extent. A box that runs "to the end of the file" is declined. */
async function readTopLevel(input: FileHandle): Promise<Array<{ type: string; start: number; end: number }>> {
  const { size } = await input.stat();
  const boxes: Array<{ type: string; start: number; end: number }> = [];
  const header = Buffer.alloc(16);
  for (let at = 0; at < size;) {
    const { bytesRead } = await input.read(header, 0, 16, at);
    if (bytesRead >= 4 && header.readUInt32BE(0) === 0) throw new Mp4FormatError('a box runs to the end of the file');
    const box = boxHeader(header.subarray(0, bytesRead), 0, size - at);
    boxes.push({ type: box.type, start: at, end: at + box.size });
    at += box.size;
  }
  return boxes;
}

/**
 * The output's pieces in order: the input's boxes with the moov in its place, and the new mdat
 * just before the moov when the moov follows the media, at the end when it comes first.
 */
function layout(plan: Plan): Piece[] {
  const moovAt = plan.topLevel.findIndex((b) => b.type === 'moov');
  const moovFirst = moovAt < plan.topLevel.findIndex((b) => b.type === 'mdat');
  const pieces: Piece[] = [];
  plan.topLevel.forEach((b, i) => {
    if (i === moovAt) {
      if (!moovFirst && plan.newMedia.length) pieces.push({ kind: 'new' });
      pieces.push({ kind: 'moov' });
      return;
    }
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'copy' && last.to === b.start) last.to = b.end;
    else pieces.push({ kind: 'copy', from: b.start, to: b.end });
  });
  if (moovFirst && plan.newMedia.length) pieces.push({ kind: 'new' });
  return pieces;
}

/**
 * The moov for a layout, with 64-bit chunk offsets for the tracks that need them: the moov's own
 * size moves the media after it, so it is built again until no track's offsets outgrow 32 bits.
 */
function finalMoov(plan: Plan, pieces: Piece[]): Buffer {
  const mdatHeaderSize = boxHeaderSize(plan.newMedia.reduce((n, b) => n + b.length, 0));
  const wide = new Set(plan.tracks.filter((t) => t.stbl.children?.some((c) => c.type === 'co64')));
  for (;;) {
    const moovSize = buildMoov(plan, wide, () => 0).length;
    const map = offsetMap(pieces, moovSize, mdatHeaderSize);
    const grown = plan.tracks.filter((t) => !wide.has(t) && trackOffsets(plan, t, map).some((o) => o > 0xffffffff));
    if (!grown.length) return buildMoov(plan, wide, map);
    grown.forEach((t) => wide.add(t));
  }
}

/** Where an input byte (or, with `fresh`, a byte of the new mdat's content) lands in the output. */
type OffsetMap = (offset: number, fresh?: boolean) => number;

function offsetMap(pieces: Piece[], moovSize: number, mdatHeaderSize: number): OffsetMap {
  let at = 0;
  let newContent = 0;
  const copies: Array<{ from: number; to: number; out: number }> = [];
  for (const p of pieces) {
    if (p.kind === 'copy') {
      copies.push({ from: p.from, to: p.to, out: at });
      at += p.to - p.from;
    } else if (p.kind === 'moov') {
      at += moovSize;
    } else {
      newContent = at + mdatHeaderSize;
      at = newContent;
    }
  }
  return (offset, fresh) => {
    if (fresh) return newContent + offset;
    const copy = copies.find((c) => offset >= c.from && offset < c.to);
    if (!copy) throw new Mp4FormatError('a sample lies outside the copied boxes');
    return copy.out + offset - copy.from;
  };
}

/** A track's chunk offsets (kept tracks) or sample offsets (rebuilt tracks) in the output. */
function trackOffsets(plan: Plan, track: Track, map: OffsetMap): Float64Array {
  const rebuilt = plan.rebuilt.get(track);
  if (!rebuilt) return readChunkOffsets(track.stbl).map((o) => map(o));
  return rebuilt.samples.offsets.map((o, i) => map(o, rebuilt.fresh[i] === 1));
}

function buildMoov(plan: Plan, wide: Set<Track>, map: OffsetMap): Buffer {
  const stblOf = (track: Track): Buffer => {
    const isWide = wide.has(track);
    const rebuilt = plan.rebuilt.get(track);
    const boxes = rebuilt ? writeSampleBoxes(rebuilt.samples, rebuilt.fresh, map, isWide) : new Map<string, Buffer>();
    const offsets = rebuilt ? boxes.get(isWide ? 'co64' : 'stco')! : chunkOffsetBox(trackOffsets(plan, track, map), isWide);
    return makeBox('stbl', ...(track.stbl.children ?? []).map((c) => (c.type === 'stco' || c.type === 'co64' ? offsets : (boxes.get(c.type) ?? c.bytes))));
  };
  const byStbl = new Map(plan.tracks.map((t) => [t.stbl, t]));
  return rebuild(plan.moov, (box) => {
    const track = byStbl.get(box);
    return track ? stblOf(track) : null;
  });
}

async function writePieces(input: FileHandle, r: Mp4SpliceRequest, plan: Plan, pieces: Piece[], moov: Buffer): Promise<void> {
  // When the output starts with the input's bytes (the moov after the media), the kernel copies
  // the whole input at once, the fastest copy there is, and the rest is written over its end.
  // Both ways fail on an existing file: the output name is this run's own.
  const first = pieces[0];
  const head = first.kind === 'copy' && first.from === 0 ? first.to : 0;
  if (head > 0) await copyFile(r.input, r.output, constants.COPYFILE_EXCL);
  const output = await open(r.output, head > 0 ? 'r+' : 'wx');
  try {
    let at = head;
    const write = async (bytes: Buffer) => {
      await output.write(bytes, 0, bytes.length, at);
      at += bytes.length;
    };
    const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    for (const p of head > 0 ? pieces.slice(1) : pieces) {
      if (p.kind === 'moov') await write(moov);
      else if (p.kind === 'new') {
        // The header, then each sample as it is: a 4K stretch is not copied into one more buffer.
        const length = plan.newMedia.reduce((n, b) => n + b.length, 0);
        await write(makeBoxHeader('mdat', length));
        for (const sample of plan.newMedia) await write(sample);
      }
      else {
        for (let from = p.from; from < p.to;) {
          const { bytesRead } = await input.read(buffer, 0, Math.min(buffer.length, p.to - from), from);
          if (bytesRead === 0) throw new Error('the input changed while it was being copied');
          await write(buffer.subarray(0, bytesRead));
          from += bytesRead;
        }
      }
    }
    await output.truncate(at);
  } finally {
    await output.close();
  }
}
