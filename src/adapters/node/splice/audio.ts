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
  /** Only this stretch of the output's sound (the rest is copied by the caller); default: all of it. */
  window?: AudioWindow;
  /** The output's container, when its name does not say (ADTS for frames the caller joins). */
  format?: 'adts';
  /** More encoder options. */
  encoderArgs?: string[];
}

/** A stretch of the output's timeline, seconds. */
export interface AudioWindow {
  fromSeconds: number;
  toSeconds: number;
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
  /** Where the piece starts in the output, seconds. */
  at: number;
  /** The piece in its input, seconds. */
  from: number;
  to: number;
}

export async function spliceAudio(r: AudioSpliceRequest): Promise<void> {
  const sampleRate = r.audio?.sampleRate ?? 48000;
  const layout = r.audio?.channelLayout ?? (r.audio ? null : 'stereo');
  const format = `aresample=${sampleRate}${layout ? `,aformat=channel_layouts=${layout}` : ''}`;
  const fade = r.audio ? Math.max(0, r.fadeMs) / 1000 : 0;

  // The pieces in output order, each cut at its exact time; the fades are added around the cuts below.
  const all: Piece[] = [];
  let at = 0;
  r.segments.forEach((s, i) => {
    if (s.fromSeconds > at) all.push({ kind: 'source', input: 0, at, from: at, to: s.fromSeconds });
    all.push({ kind: 'take', input: i + 1, at: s.fromSeconds, from: s.takeFromSeconds, to: s.takeFromSeconds + (s.toSeconds - s.fromSeconds) });
    at = s.toSeconds;
  });
  if (r.totalSeconds > at) all.push({ kind: 'source', input: 0, at, from: at, to: r.totalSeconds });

  // Each fade is centred on its cut: half of it comes from either side, no more than either side has.
  const allFades = all.slice(1).map((next, i) => {
    const prev = all[i];
    const take = prev.kind === 'take' ? prev : next;
    return Math.min(fade, prev.to - prev.from, next.to - next.from, 2 * take.from);
  });
  // A window keeps the pieces (and the fades between them) that reach into it, the source's cut to it.
  const w = r.window ?? { fromSeconds: 0, toSeconds: r.totalSeconds };
  const kept = all.map((p, i) => ({ p, i })).filter(({ p }) => p.at < w.toSeconds && p.at + (p.to - p.from) > w.fromSeconds);
  const pieces = kept.map(({ p }) => {
    if (p.kind !== 'source') return p;
    const from = Math.max(p.from, w.fromSeconds);
    return { ...p, at: from, from, to: Math.min(p.to, w.toSeconds) };
  });
  const fadeBefore = (k: number) => (k > 0 ? allFades[kept[k].i - 1] : 0);
  const fadeAfter = (k: number) => (k < kept.length - 1 ? allFades[kept[k].i] : 0);
  // The source is read from a second before the window (the decoder's first frames after a seek are not the stream's).
  const seek = r.window ? Math.max(0, w.fromSeconds - 1) : 0;

  const sourcePieces = pieces.filter((p) => p.kind === 'source').length;
  const chains: string[] = [];
  const sourceLabels = pieces.filter((p) => p.kind === 'source').map((_, i) => `[s${i}]`);
  if (r.audio && sourcePieces > 1) chains.push(`[0:a]asplit=${sourcePieces}${sourceLabels.join('')}`);
  let sourceIndex = 0;
  const labels = pieces.map((p, i) => {
    const before = fadeBefore(i) / 2;
    const after = fadeAfter(i) / 2;
    const label = `[p${i}]`;
    if (p.kind === 'source' && !r.audio) {
      chains.push(`anullsrc=r=${sampleRate}:cl=stereo,atrim=duration=${s(p.to - p.from)}${label}`);
    } else {
      const from = p.kind === 'source' && sourcePieces > 1 ? sourceLabels[sourceIndex] : `[${p.input}:a]`;
      const offset = p.kind === 'source' ? seek : 0;
      chains.push(`${from}atrim=start=${s(p.from - before - offset)}:end=${s(p.to + after - offset)},asetpts=PTS-STARTPTS,${format}${label}`);
    }
    if (p.kind === 'source') sourceIndex++;
    return label;
  });
  let joined = labels[0];
  labels.slice(1).forEach((label, i) => {
    const out = `[j${i}]`;
    chains.push(join(joined, label, fadeAfter(i), out));
    joined = out;
  });
  if (!r.audio) {
    chains.push(`${joined}atrim=end=${s(r.totalSeconds)}[sound]`);
    joined = '[sound]';
  }
  const encoder = r.audio ? audioEncoderFor(r.audio.codec) : 'aac';
  if (!encoder) throw new Error(`the source's sound is ${r.audio?.codec}, which the bundled ffmpeg cannot write`);
  const args = [...(seek > 0 ? ['-ss', s(seek)] : []), '-i', r.input, ...r.segments.flatMap((x) => ['-i', x.take]), '-filter_complex', chains.join(';'), '-map', joined, '-vn', '-c:a', encoder, '-ar', String(sampleRate)];
  if (r.audio?.bitRate && !encoder.startsWith('pcm_') && encoder !== 'flac' && encoder !== 'alac') args.push('-b:a', String(r.audio.bitRate));
  if (r.encoderArgs) args.push(...r.encoderArgs);
  if (r.format) args.push('-f', r.format);
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
