/**
 * Is the exported window a finished file of the right length? An encoder writes the MP4 header
 * first and grows the file, so a file whose size has stopped changing can still be incomplete:
 * it is complete when its top-level boxes fill it exactly and hold the index (moov), and its
 * video lasts the window within a frame.
 */
import { readMp4VideoInfo } from '../../app/mp4';
import type { FileStore } from '../../app/ports';
import { FrameRate, TICKS_PER_SECOND, Ticks } from '../../domain/time';

export type ExportFileCheck =
  | { kind: 'complete' }
  | { kind: 'incomplete' }
  | { kind: 'wrongLength'; seconds: number; expectedSeconds: number };

export async function checkExportedFile(files: FileStore, path: string, windowTicks: Ticks, rate: FrameRate): Promise<ExportFileCheck> {
  const size = await files.size(path);
  if (size === null || size === 0) return { kind: 'incomplete' };
  const bytes = await files.read(path);
  if (!boxesFillFile(bytes)) return { kind: 'incomplete' };
  const info = readMp4VideoInfo(bytes);
  if (!info) return { kind: 'incomplete' };
  const expectedSeconds = Number(windowTicks) / Number(TICKS_PER_SECOND);
  const frameSeconds = rate.den / rate.num;
  // Within one frame, plus a little for container rounding.
  if (Math.abs(info.durationSeconds - expectedSeconds) > frameSeconds * 1.01) {
    return { kind: 'wrongLength', seconds: info.durationSeconds, expectedSeconds };
  }
  return { kind: 'complete' };
}

/** The top-level boxes end exactly at the end of the file and one of them is the moov. */
export function boxesFillFile(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let sawMoov = false;
  while (pos + 8 <= bytes.byteLength) {
    let size = view.getUint32(pos);
    if (size === 1) {
      if (pos + 16 > bytes.byteLength) return false;
      size = Number(view.getBigUint64(pos + 8));
    } else if (size === 0) {
      size = bytes.byteLength - pos; // "to the end of the file"
    }
    if (size < 8) return false;
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    if (type === 'moov') sawMoov = true;
    pos += size;
  }
  return pos === bytes.byteLength && sawMoov;
}
