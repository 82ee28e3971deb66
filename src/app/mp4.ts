/**
 * Reads the video track's duration and picture size from an MP4/MOV header, in plain TypeScript,
 * so the take's timeline can be checked in UXP (no ffprobe there) as well as in Node.
 */
export interface Mp4VideoInfo {
  durationSeconds: number;
  width: number;
  height: number;
  /** The track's sample count (its sample size table), or null when the table is not there. */
  frames: number | null;
}

interface Box {
  type: string;
  start: number; // first byte of the payload
  end: number;
}

function boxes(view: DataView, start: number, end: number): Box[] {
  const out: Box[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    let size = view.getUint32(pos);
    const type = String.fromCharCode(view.getUint8(pos + 4), view.getUint8(pos + 5), view.getUint8(pos + 6), view.getUint8(pos + 7));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(pos + 8));
      header = 16;
    } else if (size === 0) {
      size = end - pos;
    }
    if (size < header || pos + size > end) break;
    out.push({ type, start: pos + header, end: pos + size });
    pos += size;
  }
  return out;
}

/**
 * Why the bytes are not a whole MP4 file, or null when they are: the top-level boxes must tile
 * the file exactly and include the movie header. An encoder that is still writing leaves a short
 * header (about 48 bytes) or a box that runs past the end of the file.
 */
export function mp4IncompleteReason(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const top = boxes(view, 0, bytes.byteLength);
  const covered = top.length ? top[top.length - 1].end : 0;
  if (covered < bytes.byteLength) return `it ends inside a box after ${covered} of ${bytes.byteLength} bytes`;
  if (!top.some((b) => b.type === 'moov')) return `it has no movie header (moov) in its ${bytes.byteLength} bytes`;
  return null;
}

const child = (view: DataView, parent: Box, type: string) => boxes(view, parent.start, parent.end).find((b) => b.type === type);

/** The first video track's duration and size, or null when the bytes hold no readable MP4 video. */
export function readMp4VideoInfo(bytes: Uint8Array): Mp4VideoInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const moov = boxes(view, 0, bytes.byteLength).find((b) => b.type === 'moov');
  if (!moov) return null;
  for (const trak of boxes(view, moov.start, moov.end).filter((b) => b.type === 'trak')) {
    const mdia = child(view, trak, 'mdia');
    const hdlr = mdia && child(view, mdia, 'hdlr');
    const mdhd = mdia && child(view, mdia, 'mdhd');
    const tkhd = child(view, trak, 'tkhd');
    if (!mdia || !hdlr || !mdhd || !tkhd) continue;
    const handler = String.fromCharCode(...Array.from(bytes.subarray(hdlr.start + 8, hdlr.start + 12)));
    if (handler !== 'vide') continue;
    const v1 = view.getUint8(mdhd.start) === 1;
    const timescale = view.getUint32(mdhd.start + (v1 ? 20 : 12));
    const duration = v1 ? Number(view.getBigUint64(mdhd.start + 24)) : view.getUint32(mdhd.start + 16);
    const width = view.getUint32(tkhd.end - 8) / 65536;
    const height = view.getUint32(tkhd.end - 4) / 65536;
    const minf = child(view, mdia, 'minf');
    const stbl = minf && child(view, minf, 'stbl');
    // stsz and stz2 both hold the count after version/flags and one 32-bit field (ISO 14496-12 8.7.3).
    const sizes = stbl && (child(view, stbl, 'stsz') ?? child(view, stbl, 'stz2'));
    const frames = sizes && sizes.end - sizes.start >= 12 ? view.getUint32(sizes.start + 8) : null;
    return { durationSeconds: duration / timescale, width, height, frames };
  }
  return null;
}
