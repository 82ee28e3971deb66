import { ffmpeg } from '../adapters/node/ffmpeg';

/**
 * Generated sources shaped like camera or NLE exports: H.264 with B-frames (x264's veryfast preset:
 * three B-frames, pyramid), a fixed GOP, optional AAC sound, timecode and a title.
 */
export interface SourceOptions {
  seconds: number;
  /** ffmpeg rate expression: "24000/1001", "30000/1001", "25". */
  fps: string;
  width?: number;
  height?: number;
  /** Frames per GOP; 1 makes an intra-only stream. */
  gop?: number;
  /** AAC sound at this sample rate, or null for none. */
  audioRate?: number | null;
  /** More options for the sound's encoder. */
  audioArgs?: string[];
  toneHz?: number;
  timecode?: string;
  title?: string;
  /** lavfi source: "testsrc2" (moving pattern) or a colour such as "color=c=red". */
  pattern?: string;
  preset?: string;
  /** Temporal grain of this strength on the picture (ffmpeg's noise filter), so the encoder spends real bits. */
  grain?: number;
  /** A target bitrate (x264 ABR, e.g. "16M") instead of x264's default CRF. */
  videoBitrate?: string;
  /** The moov written before the media ("fast start"), as web and streaming exports have it. */
  faststart?: boolean;
}

export async function makeSource(file: string, o: SourceOptions): Promise<string> {
  const size = `${o.width ?? 320}x${o.height ?? 180}`;
  const pattern = o.pattern ?? 'testsrc2';
  const args = ['-f', 'lavfi', '-i', pattern.startsWith('color=') ? `${pattern}:s=${size}:r=${o.fps}` : `${pattern}=s=${size}:r=${o.fps}`];
  const audioRate = o.audioRate === undefined ? 44100 : o.audioRate;
  if (audioRate !== null) args.push('-f', 'lavfi', '-i', `sine=frequency=${o.toneHz ?? 440}:sample_rate=${audioRate}`);
  args.push('-t', String(o.seconds));
  if (o.grain) args.push('-vf', `noise=alls=${o.grain}:allf=t`);
  args.push('-c:v', 'libx264', '-preset', o.preset ?? 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(o.gop ?? 24));
  if (o.videoBitrate) args.push('-b:v', o.videoBitrate, '-maxrate', o.videoBitrate, '-bufsize', o.videoBitrate);
  if (audioRate !== null) args.push('-c:a', 'aac', '-ac', '2', '-b:a', '128k', ...(o.audioArgs ?? []));
  if (o.timecode) args.push('-timecode', o.timecode);
  if (o.title) args.push('-metadata', `title=${o.title}`);
  if (o.faststart) args.push('-movflags', '+faststart');
  args.push(file);
  await ffmpeg(args);
  return file;
}

/** The MD5 of every decoded frame of the first video stream, in presentation order (ffmpeg's framemd5). */
export async function frameHashes(file: string, stream = 'v:0'): Promise<string[]> {
  const text = (await ffmpeg(['-i', file, '-map', `0:${stream}`, '-f', 'framemd5', '-'])).toString('utf8');
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()!.trim());
}

/** Container and stream tags (title, timecode, ...) as sorted "key=value" lines, and the timecode track if any. */
export async function containerTags(file: string): Promise<string[]> {
  const { execFile } = await import('child_process');
  const { FFPROBE_PATH } = await import('../adapters/node/ffmpeg');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(FFPROBE_PATH, ['-v', 'error', '-show_entries', 'format_tags:stream_tags:stream=codec_type,codec_tag_string', '-of', 'default=nw=1', file], (e, stdout) => (e ? reject(e) : resolve(stdout))),
  );
  return out.split('\n').filter(Boolean).map((l) => l.replace(/^TAG:/, '')).sort();
}
