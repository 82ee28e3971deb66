import type { SourceVideo } from './probe';

/**
 * Encoder settings for the fallback, a full re-encode at high quality: H.264 (CRF 12), keeping the
 * source's frame size, rate and, where the bundled 8-bit encoder can write it, its pixel format.
 */
export function fullReencodeArgs(v: SourceVideo): string[] {
  const pixFmt = ['yuv420p', 'yuvj420p', 'yuv422p', 'yuv444p'].includes(v.pixFmt) ? v.pixFmt : 'yuv420p';
  return ['-c:v', 'libx264', '-preset', 'medium', '-crf', '12', '-pix_fmt', pixFmt, '-r', `${v.rate.num}/${v.rate.den}`];
}
