/**
 * ISO base media file format boxes (ISO/IEC 14496-12): reading the tree of a `moov` and writing
 * boxes back. A box is a 32-bit size and a four-character type, the size 1 meaning a 64-bit size
 * follows and 0 meaning "to the end of the file" (top level only).
 */
export interface Box {
  type: string;
  /** The whole box, header included (a view of the bytes it was read from). */
  bytes: Buffer;
  /** Header length: 8, or 16 with a 64-bit size. */
  headerSize: number;
  /** Read for the containers the writer descends into; null for every other box (kept as bytes). */
  children: Box[] | null;
}

/** The boxes whose children the writer reads or rebuilds: the path from moov to each sample table. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

export class Mp4FormatError extends Error {}

/** The boxes in `data` (a moov's content, a whole small file); containers on the path to the sample tables are read too. */
export function readBoxes(data: Buffer): Box[] {
  const boxes: Box[] = [];
  let at = 0;
  while (at < data.length) {
    const header = boxHeader(data, at, data.length - at);
    const bytes = data.subarray(at, at + header.size);
    boxes.push({ type: header.type, bytes, headerSize: header.headerSize, children: CONTAINERS.has(header.type) ? readBoxes(bytes.subarray(header.headerSize)) : null });
    at += header.size;
  }
  return boxes;
}

/** One box header at `at`, with at most `available` bytes for the box. A size of 0 runs to `available`. */
export function boxHeader(data: Buffer, at: number, available: number): { type: string; size: number; headerSize: number } {
  if (available < 8) throw new Mp4FormatError('a box header is cut short');
  let size = data.readUInt32BE(at);
  const type = data.toString('latin1', at + 4, at + 8);
  let headerSize = 8;
  if (size === 1) {
    if (available < 16) throw new Mp4FormatError('a box header is cut short');
    size = Number(data.readBigUInt64BE(at + 8));
    headerSize = 16;
  } else if (size === 0) {
    size = available;
  }
  if (size < headerSize || size > available) throw new Mp4FormatError(`the ${type} box does not fit where it is`);
  return { type, size, headerSize };
}

export function child(box: Box | undefined, type: string): Box | undefined {
  return box?.children?.find((c) => c.type === type);
}

export function children(box: Box | undefined, type: string): Box[] {
  return box?.children?.filter((c) => c.type === type) ?? [];
}

/** A box's content after its header (and, for a full box, after version and flags when `fullBox`). */
export function payload(box: Box, fullBox = false): Buffer {
  return box.bytes.subarray(box.headerSize + (fullBox ? 4 : 0));
}

export function version(box: Box): number {
  return box.bytes[box.headerSize];
}

/** A box of `type` around `content`, with a 64-bit size only when it needs one. */
export function makeBox(type: string, ...content: Buffer[]): Buffer {
  return Buffer.concat([makeBoxHeader(type, content.reduce((n, c) => n + c.length, 0)), ...content]);
}

/** The header of a box of `type` around `contentLength` bytes. */
export function makeBoxHeader(type: string, contentLength: number): Buffer {
  const headerSize = boxHeaderSize(contentLength);
  const header = Buffer.alloc(headerSize);
  header.write(type, 4, 'latin1');
  if (headerSize === 16) {
    header.writeUInt32BE(1, 0);
    header.writeBigUInt64BE(BigInt(contentLength + 16), 8);
  } else {
    header.writeUInt32BE(contentLength + 8, 0);
  }
  return header;
}

/** The header length of a box around `contentLength` bytes: 16 when its size needs 64 bits. */
export function boxHeaderSize(contentLength: number): number {
  return contentLength + 8 > 0xffffffff ? 16 : 8;
}

/** A full box: version, 24 bits of flags, then the content. */
export function makeFullBox(type: string, boxVersion: number, flags: number, ...content: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((boxVersion & 0xff) << 24) | (flags & 0xffffff), 0);
  return makeBox(type, head, ...content);
}

/**
 * A container written again from its children: each child (container or not) is what `replace`
 * gives for it, or when it gives null, a container rebuilt the same way and any other box as read.
 */
export function rebuild(box: Box, replace: (c: Box) => Buffer | null): Buffer {
  if (!box.children) return box.bytes;
  return makeBox(box.type, ...box.children.map((c) => replace(c) ?? rebuild(c, replace)));
}
