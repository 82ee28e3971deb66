import { promises as fsp } from 'fs';

/**
 * Which containers an upload may be, and how ffmpeg/ffprobe must open one. Lightricks, which
 * Runware passes retakes to, takes MP4, MOV or MKV (runware-api.md); WebM is Matroska, and the
 * stand-in's own WEBM results can be uploaded again by URL. Ours: the container is told by the
 * file's first bytes and the demuxer is forced to it, so that no probing ever picks a demuxer
 * that opens other files (an HLS playlist, concat, image2 patterns): a file that claims to be
 * MP4 is read as MP4 or not at all.
 */
export type Container = 'mp4' | 'mkv';

/** ISO base media (MP4/MOV) top-level boxes a file can start with. */
const ISO_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide']);
/** Matroska's EBML header ID. */
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
/** Bytes needed to tell the container. */
export const SNIFF_BYTES = 8;

/** The container the first bytes claim, or undefined: not one that is accepted. */
export function sniffContainer(head: Buffer): Container | undefined {
  if (head.length >= SNIFF_BYTES && ISO_FIRST_BOXES.has(head.toString('latin1', 4, 8))) return 'mp4';
  if (head.length >= EBML_MAGIC.length && head.subarray(0, EBML_MAGIC.length).equals(EBML_MAGIC)) return 'mkv';
  return undefined;
}

/** The container of a file on disk (its first bytes). */
export async function containerOfFile(file: string): Promise<Container | undefined> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return sniffContainer(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * ffmpeg/ffprobe input options that open the file as `container` and nothing else: the demuxer
 * forced, and for MP4/MOV no external data references (the mov demuxer's `enable_drefs`).
 */
export function demuxerOptions(container: Container): string[] {
  return container === 'mp4' ? ['-f', 'mov', '-enable_drefs', '0'] : ['-f', 'matroska'];
}

/** The refusal's sentence (an upload that is not one of these). */
export const ACCEPTED_CONTAINERS = 'an MP4/MOV or MKV/WebM file';
