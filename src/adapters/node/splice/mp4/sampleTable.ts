import { Box, Mp4FormatError, child, makeFullBox, payload, version } from './boxes';

/**
 * A track's samples as its sample table (`stbl`) describes them, one entry a sample in decode
 * order: where its bytes are, how long it lasts, its composition offset, whether it is a sync
 * sample, its `sdtp` dependency byte, and whether it opens a chunk.
 */
export interface Samples {
  count: number;
  sizes: Uint32Array;
  /** Byte offset of each sample in the file it was read from. */
  offsets: Float64Array;
  durations: Uint32Array;
  /** ctts: composition time minus decode time; null when the table has none (all zero). */
  compositionOffsets: Int32Array | null;
  cttsVersion: number;
  /** stss: 1 for a sync sample; null when the table has none (every sample is one). */
  sync: Uint8Array | null;
  /** sdtp: one byte a sample; null when the table has none. */
  dependency: Uint8Array | null;
  /** 1 when the sample is the first of its chunk. */
  chunkStarts: Uint8Array;
}

/** The sample table boxes this module reads and writes again; a table with any other box is not rebuilt. */
export const REBUILT_BOXES = new Set(['stts', 'ctts', 'stss', 'stsz', 'stsc', 'stco', 'co64', 'sdtp']);

function fullPayload(stbl: Box, type: string): Buffer | null {
  const box = child(stbl, type);
  return box ? payload(box, true) : null;
}

/** The chunk offsets of a table (stco or co64). */
export function readChunkOffsets(stbl: Box): Float64Array {
  const stco = fullPayload(stbl, 'stco');
  const co64 = fullPayload(stbl, 'co64');
  const data = stco ?? co64;
  if (!data) throw new Mp4FormatError('a sample table has no chunk offsets');
  const count = data.readUInt32BE(0);
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) offsets[i] = stco ? data.readUInt32BE(4 + 4 * i) : Number(data.readBigUInt64BE(4 + 8 * i));
  return offsets;
}

/** Reads every sample of a table with one sample description (the caller checks stsd). */
export function readSamples(stbl: Box): Samples {
  const stsz = fullPayload(stbl, 'stsz');
  const stts = fullPayload(stbl, 'stts');
  const stsc = fullPayload(stbl, 'stsc');
  if (!stsz || !stts || !stsc) throw new Mp4FormatError('a sample table lacks stsz, stts or stsc');
  const constantSize = stsz.readUInt32BE(0);
  const count = stsz.readUInt32BE(4);
  const sizes = new Uint32Array(count);
  for (let i = 0; i < count; i++) sizes[i] = constantSize || stsz.readUInt32BE(8 + 4 * i);

  const durations = new Uint32Array(count);
  let at = 0;
  for (let e = 0, n = stts.readUInt32BE(0); e < n; e++) {
    const run = stts.readUInt32BE(4 + 8 * e);
    const delta = stts.readUInt32BE(8 + 8 * e);
    for (let k = 0; k < run && at < count; k++) durations[at++] = delta;
  }
  if (at !== count) throw new Mp4FormatError('stts does not count every sample');

  const cttsBox = child(stbl, 'ctts');
  let compositionOffsets: Int32Array | null = null;
  if (cttsBox) {
    const ctts = payload(cttsBox, true);
    compositionOffsets = new Int32Array(count);
    at = 0;
    for (let e = 0, n = ctts.readUInt32BE(0); e < n; e++) {
      const run = ctts.readUInt32BE(4 + 8 * e);
      // Version 0 stores unsigned offsets, version 1 signed; either fits 32 signed bits here or is refused.
      const offset = version(cttsBox) === 0 ? ctts.readUInt32BE(8 + 8 * e) : ctts.readInt32BE(8 + 8 * e);
      if (offset > 0x7fffffff) throw new Mp4FormatError('a composition offset does not fit 31 bits');
      for (let k = 0; k < run && at < count; k++) compositionOffsets[at++] = offset;
    }
    if (at !== count) throw new Mp4FormatError('ctts does not count every sample');
  }

  const stss = fullPayload(stbl, 'stss');
  let sync: Uint8Array | null = null;
  if (stss) {
    sync = new Uint8Array(count);
    for (let e = 0, n = stss.readUInt32BE(0); e < n; e++) {
      const sample = stss.readUInt32BE(4 + 4 * e) - 1;
      if (sample < 0 || sample >= count) throw new Mp4FormatError('stss names a sample that does not exist');
      sync[sample] = 1;
    }
  }

  const sdtp = fullPayload(stbl, 'sdtp');
  if (sdtp && sdtp.length !== count) throw new Mp4FormatError('sdtp does not have one byte a sample');

  const chunkOffsets = readChunkOffsets(stbl);
  const offsets = new Float64Array(count);
  const chunkStarts = new Uint8Array(count);
  const entries = stsc.readUInt32BE(0);
  let sample = 0;
  for (let e = 0; e < entries; e++) {
    const firstChunk = stsc.readUInt32BE(4 + 12 * e) - 1;
    const perChunk = stsc.readUInt32BE(8 + 12 * e);
    if (stsc.readUInt32BE(12 + 12 * e) !== 1) throw new Mp4FormatError('a chunk uses another sample description');
    const endChunk = e + 1 < entries ? stsc.readUInt32BE(16 + 12 * e) - 1 : chunkOffsets.length;
    for (let c = firstChunk; c < endChunk; c++) {
      let offset = chunkOffsets[c];
      for (let k = 0; k < perChunk; k++) {
        if (sample >= count) throw new Mp4FormatError('stsc lists more samples than stsz');
        chunkStarts[sample] = k === 0 ? 1 : 0;
        offsets[sample] = offset;
        offset += sizes[sample++];
      }
    }
  }
  if (sample !== count) throw new Mp4FormatError('stsc does not place every sample');
  return { count, sizes, offsets, durations, compositionOffsets, cttsVersion: cttsBox ? version(cttsBox) : 0, sync, dependency: sdtp ? Uint8Array.from(sdtp) : null, chunkStarts };
}

/** Consecutive equal values as (count, value) pairs, flattened: the form of stts and ctts. */
function runs(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (out.length && out[out.length - 1] === values[i]) out[out.length - 2]++;
    else out.push(1, values[i]);
  }
  return out;
}

/** A table box's content: an entry count, then the entries, `columns` 32-bit fields each (negative ones written signed). */
function table(fields: ArrayLike<number>, columns: number): Buffer {
  const data = Buffer.alloc(4 + 4 * fields.length);
  data.writeUInt32BE(fields.length / columns, 0);
  for (let i = 0; i < fields.length; i++) {
    if (fields[i] < 0) data.writeInt32BE(fields[i], 4 + 4 * i);
    else data.writeUInt32BE(fields[i], 4 + 4 * i);
  }
  return data;
}

/**
 * The sample table boxes for `s`, by type. `fresh` marks the samples whose offsets are in the new
 * media rather than the input; `outputOffset` says where an offset of either lands in the written
 * file. Chunks are the source's wherever its samples stay together; a sample opens a new chunk
 * where its bytes do not follow the sample before it.
 */
export function writeSampleBoxes(s: Samples, fresh: Uint8Array, outputOffset: (offset: number, fresh: boolean) => number, wide: boolean): Map<string, Buffer> {
  const boxes = new Map<string, Buffer>();
  boxes.set('stts', makeFullBox('stts', 0, 0, table(runs(s.durations), 2)));
  if (s.compositionOffsets) {
    const negative = s.compositionOffsets.some((v) => v < 0);
    boxes.set('ctts', makeFullBox('ctts', negative ? 1 : s.cttsVersion, 0, table(runs(s.compositionOffsets), 2)));
  }
  if (s.sync) {
    const syncSamples: number[] = [];
    s.sync.forEach((isSync, i) => isSync && syncSamples.push(i + 1));
    boxes.set('stss', makeFullBox('stss', 0, 0, table(syncSamples, 1)));
  }
  const sizes = Buffer.alloc(8 + 4 * s.count);
  sizes.writeUInt32BE(s.count, 4);
  s.sizes.forEach((size, i) => sizes.writeUInt32BE(size, 8 + 4 * i));
  boxes.set('stsz', makeFullBox('stsz', 0, 0, sizes));
  if (s.dependency) boxes.set('sdtp', makeFullBox('sdtp', 0, 0, Buffer.from(s.dependency)));

  const chunkOffsets: number[] = [];
  const perChunk: number[] = [];
  for (let i = 0; i < s.count; i++) {
    const follows = i > 0 && fresh[i] === fresh[i - 1] && s.offsets[i] === s.offsets[i - 1] + s.sizes[i - 1];
    if (!follows || (s.chunkStarts[i] && !fresh[i])) {
      chunkOffsets.push(outputOffset(s.offsets[i], fresh[i] === 1));
      perChunk.push(0);
    }
    perChunk[perChunk.length - 1]++;
  }
  const stsc: number[] = [];
  const chunkRuns = runs(perChunk);
  for (let e = 0, firstChunk = 1; e < chunkRuns.length; firstChunk += chunkRuns[e], e += 2) stsc.push(firstChunk, chunkRuns[e + 1], 1);
  boxes.set('stsc', makeFullBox('stsc', 0, 0, table(stsc, 3)));
  boxes.set(wide ? 'co64' : 'stco', chunkOffsetBox(chunkOffsets, wide));
  return boxes;
}

/** stco (32-bit) or co64 (64-bit) chunk offsets. */
export function chunkOffsetBox(offsets: ArrayLike<number>, wide: boolean): Buffer {
  if (!wide) return makeFullBox('stco', 0, 0, table(offsets, 1));
  const data = Buffer.alloc(4 + 8 * offsets.length);
  data.writeUInt32BE(offsets.length, 0);
  for (let i = 0; i < offsets.length; i++) data.writeBigUInt64BE(BigInt(offsets[i]), 4 + 8 * i);
  return makeFullBox('co64', 0, 0, data);
}
