import { ffmpeg } from '../ffmpeg';
import type { SourceAudio } from './probe';

/**
 * The sound of a retake: the source's sound before and after the replaced range, the take's in it,
 * crossfaded at each cut so the joins do not click. Written in the source's codec, sample rate,
 * channel count and layout (and bit rate, when the source states one).
 */
export interface AudioSpliceRequest {
  input: string;
  take: string;
  /** Null when the source has no sound: the take's sound then sits in silence. */
  audio: SourceAudio | null;
  /** The replaced range in the source, seconds. */
  fromSeconds: number;
  toSeconds: number;
  /** Where the replaced range starts in the take, seconds. */
  takeFromSeconds: number;
  /** Length of the source's sound (the output's sound keeps it). */
  totalSeconds: number;
  /** Crossfade length at each cut, centred on the cut. */
  fadeMs: number;
  output: string;
}

/** The encoder that writes each source codec again (ffmpeg codec name to encoder name). */
const AUDIO_ENCODERS: Record<string, string> = {
  aac: 'aac', mp3: 'libmp3lame', opus: 'libopus', vorbis: 'libvorbis', flac: 'flac', ac3: 'ac3', alac: 'alac',
};

export function audioEncoderFor(codec: string): string | null {
  return AUDIO_ENCODERS[codec] ?? (codec.startsWith('pcm_') ? codec : null);
}

export async function spliceAudio(r: AudioSpliceRequest): Promise<void> {
  const sampleRate = r.audio?.sampleRate ?? 48000;
  const layout = r.audio?.channelLayout ?? (r.audio ? null : 'stereo');
  const format = `aresample=${sampleRate}${layout ? `,aformat=channel_layouts=${layout}` : ''}`;
  const length = r.toSeconds - r.fromSeconds;
  const fade = Math.max(0, r.fadeMs) / 1000;
  // Each fade is centred on its cut, so it needs half its length of take before and after the range.
  const headFade = r.audio && r.fromSeconds > 0 ? Math.min(fade, 2 * r.takeFromSeconds, 2 * r.fromSeconds) : 0;
  const tailFade = r.audio && r.toSeconds < r.totalSeconds ? Math.min(fade, 2 * (r.totalSeconds - r.toSeconds)) : 0;
  const takeStart = r.takeFromSeconds - headFade / 2;
  const chains = [`[1:a]atrim=start=${s(takeStart)}:end=${s(r.takeFromSeconds + length + tailFade / 2)},asetpts=PTS-STARTPTS,${format}[take]`];
  let joined = '[take]';
  if (!r.audio) {
    const delayMs = Math.round(r.fromSeconds * 1000);
    chains.push(`[take]adelay=${delayMs}|${delayMs},apad,atrim=end=${s(r.totalSeconds)}[joined]`);
    joined = '[joined]';
  } else {
    const before = r.fromSeconds > 0;
    const after = r.toSeconds < r.totalSeconds;
    if (before && after) chains.push(`[0:a]asplit=2[s0][s1]`);
    const beforeSource = after ? '[s0]' : '[0:a]';
    const afterSource = before ? '[s1]' : '[0:a]';
    if (before) {
      chains.push(`${beforeSource}atrim=end=${s(r.fromSeconds + headFade / 2)},asetpts=PTS-STARTPTS[before]`);
      chains.push(join('[before]', '[take]', headFade, '[headjoin]'));
      joined = '[headjoin]';
    }
    if (after) {
      chains.push(`${afterSource}atrim=start=${s(r.toSeconds - tailFade / 2)},asetpts=PTS-STARTPTS[after]`);
      chains.push(join(joined, '[after]', tailFade, '[joined]'));
      joined = '[joined]';
    }
  }
  const encoder = r.audio ? audioEncoderFor(r.audio.codec) : 'aac';
  if (!encoder) throw new Error(`the source's sound is ${r.audio?.codec}, which the bundled ffmpeg cannot write`);
  const args = ['-i', r.input, '-i', r.take, '-filter_complex', chains.join(';'), '-map', joined, '-vn', '-c:a', encoder, '-ar', String(sampleRate)];
  if (r.audio?.bitRate && !encoder.startsWith('pcm_') && encoder !== 'flac' && encoder !== 'alac') args.push('-b:a', String(r.audio.bitRate));
  args.push(r.output);
  await ffmpeg(args);
}

/** Joins two sound chains, crossfading over `seconds` (a plain join when there is no fade). */
function join(first: string, second: string, seconds: number, label: string): string {
  return seconds > 0
    ? `${first}${second}acrossfade=d=${s(seconds)}:c1=tri:c2=tri${label}`
    : `${first}${second}concat=n=2:v=0:a=1${label}`;
}

function s(seconds: number): string {
  return Math.max(0, seconds).toFixed(6);
}
