import { createHash } from 'crypto';
import { createReadStream } from 'fs';
import { asRetakeError, RetakeError } from '../../domain/errors';
import { MediaInfo, ffmpeg } from './ffmpeg';

/** The input's identity for resuming: its content, so a renamed copy resumes and an edited file does not. */
export async function fingerprintFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Whether the picture's rate varies: ffprobe's base rate (r_frame_rate) and its average over the
 * stream (avg_frame_rate) differ by more than rounding. Frame numbers then do not map to seconds,
 * so the window cut, the bill and the take would disagree.
 */
export function variableFrameRate(info: MediaInfo): { base: number; average: number } | null {
  const v = info.video;
  if (!v?.averageFrameRate) return null;
  const base = v.frameRate.num / v.frameRate.den;
  const average = v.averageFrameRate.num / v.averageFrameRate.den;
  return Math.abs(base - average) / base > 0.01 ? { base, average } : null;
}

/**
 * Re-times the input to a constant `rate` (frames repeated or dropped by their timestamps), sound
 * kept, so every later step counts frames at one rate. Written to `out`; the input is untouched.
 */
export async function conformToConstantRate(input: string, rate: { num: number; den: number }, hasAudio: boolean, out: string): Promise<void> {
  const args = ['-i', input, '-map', '0:v:0', '-vf', `fps=${rate.num}/${rate.den}`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p'];
  if (hasAudio) args.push('-map', '0:a:0', '-c:a', 'aac', '-ar', '48000');
  args.push('-f', 'mp4', out);
  await ffmpeg(args).catch((e: unknown) => {
    throw new RetakeError('invalidInput', `The input's frame rate varies and it could not be conformed to a constant rate: ${asRetakeError(e).message}`);
  });
}
