import { ffmpeg } from '../adapters/node/ffmpeg';

/** Test and demo media: generated with ffmpeg so nothing binary is committed. */
export interface TestClipOptions {
  seconds: number;
  /** ffmpeg rate expression, e.g. "25", "24000/1001", "30000/1001". */
  fps: string;
  width?: number;
  height?: number;
  /** Sine frequency of the audio track, or null for a clip without audio. */
  toneHz?: number | null;
  /** lavfi video source: "testsrc2" (moving pattern) or a colour such as "color=c=0x3366cc". */
  pattern?: string;
}

export async function makeTestClip(file: string, o: TestClipOptions): Promise<string> {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const pattern = o.pattern ?? 'testsrc2';
  const source = pattern.startsWith('color=') ? `${pattern}:s=${width}x${height}:r=${o.fps}` : `${pattern}=s=${width}x${height}:r=${o.fps}`;
  const args = ['-f', 'lavfi', '-i', source];
  const toneHz = o.toneHz === undefined ? 440 : o.toneHz;
  if (toneHz !== null) args.push('-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=48000`);
  args.push('-t', String(o.seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '12');
  if (toneHz !== null) args.push('-c:a', 'aac', '-ac', '2', '-ar', '48000');
  args.push('-movflags', '+faststart', file);
  await ffmpeg(args);
  return file;
}

/**
 * Mean R, G, B (0-255) over the whole picture of the first frame whose timestamp is at or after
 * `atSeconds` (ffmpeg's accurate seek). For an exact frame, use meanColourOfFrame.
 */
export async function meanColourAt(file: string, atSeconds: number): Promise<[number, number, number]> {
  const raw = await ffmpeg([
    '-ss', atSeconds.toFixed(4), '-i', file, '-frames:v', '1', '-vf', 'scale=32:18', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
  ]);
  const sums = [0, 0, 0];
  for (let i = 0; i < raw.length; i += 3) for (let c = 0; c < 3; c++) sums[c] += raw[i + c];
  const n = raw.length / 3;
  return [sums[0] / n, sums[1] / n, sums[2] / n];
}

/** Mean colour of frame number `frame` (0-based) of a constant-rate file at `fps` frames per second. */
export function meanColourOfFrame(file: string, frame: number, fps: number): Promise<[number, number, number]> {
  return meanColourAt(file, Math.max(0, (frame - 0.5) / fps));
}

/** Mono 16-bit samples at 48 kHz from `fromSeconds` for `seconds`. */
export async function samples(file: string, fromSeconds: number, seconds: number): Promise<Int16Array> {
  const raw = await ffmpeg([
    '-ss', fromSeconds.toFixed(4), '-t', seconds.toFixed(4), '-i', file, '-vn', '-ac', '1', '-ar', '48000', '-f', 's16le', '-',
  ]);
  return new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 2));
}

/** Dominant frequency of a stretch of audio, estimated from zero crossings (good for pure tones). */
export async function toneFrequencyAt(file: string, fromSeconds: number, seconds: number): Promise<number> {
  const s = await samples(file, fromSeconds, seconds);
  let crossings = 0;
  for (let i = 1; i < s.length; i++) if ((s[i - 1] < 0) !== (s[i] < 0)) crossings++;
  return crossings / 2 / (s.length / 48000);
}

/** Root-mean-square level (0-1) of a stretch of audio. */
export async function rmsAt(file: string, fromSeconds: number, seconds: number): Promise<number> {
  const s = await samples(file, fromSeconds, seconds);
  let sum = 0;
  for (const v of s) sum += (v / 32768) ** 2;
  return Math.sqrt(sum / Math.max(1, s.length));
}
