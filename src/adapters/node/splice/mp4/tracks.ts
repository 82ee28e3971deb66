import { Box, Mp4FormatError, child, children, payload, readBoxes, version } from './boxes';
import { REBUILT_BOXES, Samples, readSamples } from './sampleTable';

/** One `trak` of a movie: its id, handler, timescale and sample table. */
export interface Track {
  box: Box;
  id: number;
  /** hdlr's handler_type: 'vide', 'soun', 'tmcd', ... */
  handler: string;
  timescale: number;
  stbl: Box;
  /** Every data reference of the track is "in this file" (the flag 1 of a url/urn entry). */
  selfContained: boolean;
}

export function readTracks(moov: Box): Track[] {
  return children(moov, 'trak').map((box) => {
    const tkhd = child(box, 'tkhd');
    const mdia = child(box, 'mdia');
    const hdlr = child(mdia, 'hdlr');
    const mdhd = child(mdia, 'mdhd');
    const stbl = child(child(mdia, 'minf'), 'stbl');
    if (!tkhd || !hdlr || !mdhd || !stbl) throw new Mp4FormatError('a track lacks tkhd, hdlr, mdhd or stbl');
    // tkhd and mdhd: version 1 has 64-bit creation and modification times before the id / timescale.
    const id = payload(tkhd, true).readUInt32BE(version(tkhd) === 1 ? 16 : 8);
    const timescale = payload(mdhd, true).readUInt32BE(version(mdhd) === 1 ? 16 : 8);
    const handler = payload(hdlr, true).toString('latin1', 4, 8);
    return { box, id, handler, timescale, stbl, selfContained: dataIsInThisFile(child(child(mdia, 'minf'), 'dinf')) };
  });
}

/** dinf holds dref: a full box with an entry count, then one full box an entry (url , urn , alis, ...). */
function dataIsInThisFile(dinf: Box | undefined): boolean {
  const dref = dinf ? readBoxes(payload(dinf)).find((b) => b.type === 'dref') : undefined;
  if (!dref) return false;
  const entries = readBoxes(payload(dref, true).subarray(4));
  return entries.length > 0 && entries.every((e) => (payload(e).readUInt32BE(0) & 1) === 1);
}

/** The single sample description of a track, or a reason why the track cannot be rebuilt. */
export function soleSampleEntry(track: Track): { ok: true; entry: Box } | { ok: false; reason: string } {
  const stsd = child(track.stbl, 'stsd');
  if (!stsd) return { ok: false, reason: 'a track has no sample description' };
  const data = payload(stsd, true);
  if (data.readUInt32BE(0) !== 1) return { ok: false, reason: 'a track has several sample descriptions' };
  const [entry] = readBoxes(data.subarray(4));
  if (!entry) return { ok: false, reason: 'a sample description is empty' };
  return { ok: true, entry };
}

/** Sample table boxes other than the description and those rebuilt: kept as they are only when `kept` allows them. */
export function unknownTableBoxes(track: Track, kept: string[]): string[] {
  return (track.stbl.children ?? []).map((c) => c.type).filter((t) => t !== 'stsd' && !REBUILT_BOXES.has(t) && !kept.includes(t));
}

/**
 * The NAL unit length size (1, 2 or 4 bytes) of an AVC sample entry's avcC, or null. A visual
 * sample entry has 78 bytes of fields after its 8-byte header before its child boxes.
 */
export function avcLengthSize(entry: Box): number | null {
  if (entry.bytes.length < 86) return null;
  const avcC = readBoxes(entry.bytes.subarray(86)).find((b) => b.type === 'avcC');
  return avcC && avcC.bytes.length > 12 ? (payload(avcC)[4] & 0x03) + 1 : null;
}

/** A re-encoded stretch file: its one video track's samples and what they must match. */
export interface StretchFile {
  data: Buffer;
  samples: Samples;
  timescale: number;
  entryType: string;
  lengthSize: number | null;
}

export function readStretchFile(data: Buffer): StretchFile {
  const moov = readBoxes(data).find((b) => b.type === 'moov');
  const video = moov ? readTracks(moov).filter((t) => t.handler === 'vide') : [];
  if (video.length !== 1) throw new Mp4FormatError('a re-encoded stretch does not have one video track');
  const entry = soleSampleEntry(video[0]);
  if (!entry.ok) throw new Mp4FormatError(entry.reason);
  return { data, samples: readSamples(video[0].stbl), timescale: video[0].timescale, entryType: entry.entry.type, lengthSize: avcLengthSize(entry.entry) };
}
