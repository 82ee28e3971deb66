import { ffmpeg } from '../ffmpeg';
import type { SourceAudio } from './probe';

/**
 * The sound of a retake: the source's sound outside the replaced ranges, each take's inside its
 * range, crossfaded at each cut so the joins do not click. Written in the source's codec, sample
 * rate, channel count and layout (and bit rate, when the source states one).
 */
export interface AudioSegment {
  take: string;
  /** The replaced range in the source, seconds. */
  fromSeconds: number;
  toSeconds: number;
  /** Where the replaced range starts in the take, seconds. */
  takeFromSeconds: number;
}

export interface AudioSpliceRequest {
  input: string;
  /** Null when the source has no sound: the takes' sound then sits in silence. */
  audio: SourceAudio | null;
  /** In order, not overlapping. */
  segments: AudioSegment[];
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

/** A stretch of the output's sound: the source's (or silence) between cuts, or a take's range. */
interface Piece {
  kind: 'source' | 'take';
  /** Input index in the ffmpeg command (0 is the source). */
  input: number;
  from: number;
  to: number;
}

export async function spliceAudio(r: AudioSpliceRequest): Promise<void> {
  const sampleRate = r.audio?.sampleRate ?? 48000;
  const layout = r.audio?.channelLayout ?? (r.audio ? null : 'stereo');
  const format = `aresample=${sampleRate}${layout ? `,aformat=channel_layouts=${layout}` : ''}`;
  const fade = r.audio ? Math.max(0, r.fadeMs) / 1000 : 0;

  // The pieces in output order, each cut at its exact time; the fades are added around the cuts below.
  const pieces: Piece[] = [];
  let at = 0;
  r.segments.forEach((s, i) => {
    if (s.fromSeconds > at) pieces.push({ kind: 'source', input: 0, from: at, to: s.fromSeconds });
    pieces.push({ kind: 'take', input: i + 1, from: s.takeFromSeconds, to: s.takeFromSeconds + (s.toSeconds - s.fromSeconds) });
    at = s.toSeconds;
  });
  if (r.totalSeconds > at) pieces.push({ kind: 'source', input: 0, from: at, to: r.totalSeconds });

  // Each fade is centred on its cut: half of it comes from either side, no more than either side has.
  const fades = pieces.slice(1).map((next, i) => {
    const prev = pieces[i];
    const take = prev.kind === 'take' ? prev : next;
    return Math.min(fade, prev.to - prev.from, next.to - next.from, 2 * take.from);
  });
  const sourcePieces = pieces.filter((p) => p.kind === 'source').length;
  const chains: string[] = [];
  const sourceLabels = pieces.filter((p) => p.kind === 'source').map((_, i) => `[s${i}]`);
  if (r.audio && sourcePieces > 1) chains.push(`[0:a]asplit=${sourcePieces}${sourceLabels.join('')}`);
  let sourceIndex = 0;
  const labels = pieces.map((p, i) => {
    const before = i > 0 ? fades[i - 1] / 2 : 0;
    const after = i < fades.length ? fades[i] / 2 : 0;
    const label = `[p${i}]`;
    if (p.kind === 'source' && !r.audio) {
      chains.push(`anullsrc=r=${sampleRate}:cl=stereo,atrim=duration=${s(p.to - p.from)}${label}`);
    } else {
      const from = p.kind === 'source' && sourcePieces > 1 ? sourceLabels[sourceIndex] : `[${p.input}:a]`;
      chains.push(`${from}atrim=start=${s(p.from - before)}:end=${s(p.to + after)},asetpts=PTS-STARTPTS,${format}${label}`);
    }
    if (p.kind === 'source') sourceIndex++;
    return label;
  });
  let joined = labels[0];
  labels.slice(1).forEach((label, i) => {
    const out = `[j${i}]`;
    chains.push(join(joined, label, fades[i], out));
    joined = out;
  });
  if (!r.audio) {
    chains.push(`${joined}atrim=end=${s(r.totalSeconds)}[sound]`);
    joined = '[sound]';
  }
  const encoder = r.audio ? audioEncoderFor(r.audio.codec) : 'aac';
  if (!encoder) throw new Error(`the source's sound is ${r.audio?.codec}, which the bundled ffmpeg cannot write`);
  const args = ['-i', r.input, ...r.segments.flatMap((x) => ['-i', x.take]), '-filter_complex', chains.join(';'), '-map', joined, '-vn', '-c:a', encoder, '-ar', String(sampleRate)];
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
