import { execFile } from 'child_process';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffprobeInstaller from '@ffprobe-installer/ffprobe';

/** ffmpeg and ffprobe come from npm packages that ship the binaries, so `npm ci` is the whole install. */
export const FFMPEG_PATH: string = ffmpegInstaller.path;
export const FFPROBE_PATH: string = ffprobeInstaller.path;

function run(binary: string, args: string[], maxBuffer = 256 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { encoding: 'buffer', maxBuffer }, (error, stdout, stderr) => {
      if (error) {
        const tail = stderr.toString('utf8').trim().split('\n').slice(-5).join('\n');
        reject(new Error(`${binary.split('/').pop()} failed: ${tail || error.message}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** Runs ffmpeg quietly and returns its stdout (raw frames or samples when the output is `-`). */
export function ffmpeg(args: string[]): Promise<Buffer> {
  return run(FFMPEG_PATH, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

export interface MediaInfo {
  durationSeconds: number;
  video?: {
    width: number;
    height: number;
    /** The stream's base rate (ffprobe r_frame_rate). */
    frameRate: { num: number; den: number };
    /** Frames over duration (ffprobe avg_frame_rate): differs from frameRate when the rate varies. */
    averageFrameRate?: { num: number; den: number };
    frames?: number;
  };
  audio?: { sampleRate: number; channels: number };
}

interface ProbeStream {
  codec_type: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  sample_rate?: string;
  channels?: number;
}

/**
 * Duration, picture size, frame rate and audio format of a media file. `inputOptions` go before the
 * file (e.g. a forced demuxer, for files from elsewhere).
 */
export async function probe(file: string, inputOptions: readonly string[] = []): Promise<MediaInfo> {
  const out = await run(FFPROBE_PATH, [
    '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...inputOptions, file,
  ]);
  const parsed = JSON.parse(out.toString('utf8')) as { format: { duration?: string }; streams: ProbeStream[] };
  const v = parsed.streams.find((s) => s.codec_type === 'video');
  const a = parsed.streams.find((s) => s.codec_type === 'audio');
  const info: MediaInfo = { durationSeconds: Number(parsed.format.duration ?? 0) };
  if (v && v.width && v.height && v.r_frame_rate) {
    const [num, den] = v.r_frame_rate.split('/').map(Number);
    info.video = { width: v.width, height: v.height, frameRate: { num, den: den || 1 } };
    const [avgNum, avgDen] = (v.avg_frame_rate ?? '').split('/').map(Number);
    if (avgNum > 0 && avgDen > 0) info.video.averageFrameRate = { num: avgNum, den: avgDen };
    if (v.nb_frames) info.video.frames = Number(v.nb_frames);
  }
  if (a && a.sample_rate) info.audio = { sampleRate: Number(a.sample_rate), channels: a.channels ?? 1 };
  return info;
}
