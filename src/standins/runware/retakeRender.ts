import { spawn } from 'child_process';
import { extname } from 'path';
import { FFMPEG_PATH, probe } from '../../adapters/node/ffmpeg';
import { ACCEPTED_CONTAINERS, containerOfFile, demuxerOptions } from './containers';

/**
 * The stand-in's "generation": a deterministic, checkable imitation of an LTX-2 retake.
 *
 * - Output: 1920x1080 (1080x1920 for portrait input, as LTX does), scaled and padded to keep the
 *   aspect, same frame rate and same number of frames as the input, stereo 48 kHz audio always.
 * - Video modes: the picture inside [startTime, startTime + duration) is colour-inverted.
 * - Audio modes: the sound inside the segment is replaced by a 1000 Hz sine (original muted there).
 * - Everything outside the segment is the original, only scaled.
 *
 * The container follows the output file's extension: .mp4 / .mov (H.264 + AAC) or .webm (VP9 + Opus).
 * The input is an upload: it is opened only as the container its first bytes claim (containers.ts).
 */
export type RetakeMode = 'replace_video' | 'replace_audio' | 'replace_audio_and_video';

export const RETAKE_TONE_HZ = 1000;
const TONE_AMPLITUDE = 0.125;
const SAMPLE_RATE = 48000;
/** A frame belongs to the segment when its timestamp t satisfies a - EPS <= t < b - EPS. */
const EPS = 0.0005;

export function modeReplacesVideo(mode: RetakeMode): boolean {
  return mode === 'replace_video' || mode === 'replace_audio_and_video';
}

export function modeReplacesAudio(mode: RetakeMode): boolean {
  return mode === 'replace_audio' || mode === 'replace_audio_and_video';
}

export interface RenderOptions {
  /** Aborting kills the ffmpeg process (used by the server's close()). */
  signal?: AbortSignal;
}

/** Runs ffmpeg; settles only once the process has exited (aborting kills it with SIGKILL). */
function runFfmpeg(args: string[], signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('ffmpeg aborted'));
      return;
    }
    const child = spawn(FFMPEG_PATH, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-4000);
    });
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (code === 0) {
        resolve();
      } else {
        const tail = stderr.trim().split('\n').slice(-5).join('\n');
        reject(new Error(`ffmpeg failed (${killedBy ?? `exit ${String(code)}`}): ${tail}`));
      }
    });
  });
}

function num(n: number): string {
  return Number(n.toFixed(6)).toString();
}

export async function renderRetake(
  input: string,
  output: string,
  mode: RetakeMode,
  startTime: number,
  duration: number,
  options: RenderOptions = {},
): Promise<void> {
  const inputContainer = await containerOfFile(input);
  if (!inputContainer) throw new Error(`the input is not ${ACCEPTED_CONTAINERS}`);
  const demuxer = demuxerOptions(inputContainer);
  const info = await probe(input, demuxer);
  if (!info.video) throw new Error('input has no video stream');
  const { num: rateNum, den: rateDen } = info.video.frameRate;
  const frames = info.video.frames ?? Math.round((info.durationSeconds * rateNum) / rateDen);
  const clipSeconds = (frames * rateDen) / rateNum;
  const totalSamples = Math.round(clipSeconds * SAMPLE_RATE);
  const portrait = info.video.height > info.video.width;
  const [W, H] = portrait ? [1080, 1920] : [1920, 1080];

  const a = startTime - EPS;
  const b = startTime + duration - EPS;
  const gate = `gte(t,${num(a)})*lt(t,${num(b)})`;

  const video: string[] = ['[0:v]format=rgb24'];
  if (modeReplacesVideo(mode)) video.push(`negate=enable='${gate}'`);
  video.push(
    `scale=${W}:${H}:force_original_aspect_ratio=decrease`,
    `pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black`,
    'setsar=1',
    'format=yuv420p[v]',
  );

  const audio: string[] = [];
  if (info.audio) {
    audio.push(`[0:a]aresample=${SAMPLE_RATE}:async=1:first_pts=0`);
  } else {
    audio.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo`);
  }
  audio.push(
    `aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=stereo`,
    `apad=whole_len=${totalSamples}`,
    `atrim=end_sample=${totalSamples}`,
  );
  if (modeReplacesAudio(mode)) {
    const tone = `${TONE_AMPLITUDE}*sin(2*PI*${RETAKE_TONE_HZ}*t)`;
    const g = `(${gate})`;
    const ch = (i: number): string => `val(${i})*(1-${g})+${tone}*${g}`;
    audio.push(`aeval=exprs='${ch(0)}|${ch(1)}':c=same`);
  }
  const filter = `${video.join(',')};${audio.join(',')}[a]`;

  const ext = extname(output).toLowerCase();
  const codecs =
    ext === '.webm'
      ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '4M', '-c:a', 'libopus', '-b:a', '128k']
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-c:a', 'aac', '-b:a', '160k'];
  const container = ext === '.webm' ? [] : ['-movflags', '+faststart'];

  await runFfmpeg(
    [
      ...demuxer, '-i', input,
      '-filter_complex', filter,
      '-map', '[v]', '-map', '[a]',
      '-r', `${rateNum}/${rateDen}`,
      '-frames:v', String(frames),
      ...codecs,
      '-ar', String(SAMPLE_RATE), '-ac', '2',
      ...container,
      output,
    ],
    options.signal,
  );
}
