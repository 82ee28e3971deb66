import { readFile, writeFile } from 'fs/promises';
import { join } from 'path';
import { FFPROBE_PATH, ffmpeg } from '../ffmpeg';
import { execFile } from 'child_process';
import { AudioSegment, AudioWindow, spliceAudio } from './audio';
import type { SourceAudio } from './probe';

/**
 * The sound of a retake with the source's AAC frames copied outside the replaced ranges.
 *
 * AAC codes 1024 samples a frame, and each decoded frame overlaps the frame before it (MDCT
 * overlap-add), so the frames of a stretch around each range (its crossfades and a frame of margin
 * each side) are encoded again from the joined sound, and every other frame is the source's own,
 * byte for byte. The decoded sound is then bit-identical to the source's everywhere except inside
 * those stretches and the one frame after each (which overlaps the last re-encoded frame).
 * Frames are cut and joined as ADTS; the source's priming (its first frame's negative timestamp,
 * kept by MP4 in an edit list) is given back when the output is muxed.
 */
export const AAC_FRAME_SAMPLES = 1024;

/**
 * The re-encoded frames use no perceptual noise substitution: a decoder draws PNS noise from one
 * random generator for the whole stream (ffmpeg's never resets it), so frames that draw a
 * different amount would change the noise of every copied frame after them. A source that uses
 * PNS itself still has its frames copied byte for byte, but its noise bands after a stretch decode
 * to other noise of the same level (not bit-identical): no splice can avoid that.
 */
const NO_NOISE_SUBSTITUTION = ['-aac_pns', '0'];

export interface CopiedAacSound {
  /** An ADTS file: the source's frames with the re-encoded stretches in place. */
  path: string;
  /** Seconds of encoder priming before the first presented sample (the muxer's input offset, negated). */
  primingSeconds: number;
  /** The re-encoded stretches, seconds of the output (each followed by one frame that decodes differently). */
  reencoded: Array<{ fromSeconds: number; toSeconds: number }>;
  /** How many frames the source has (the ADTS file has as many). */
  frameCount: number;
  /** The re-encoded frames (ADTS, header included) that replace source frames [first, first + frames.length). */
  replacedFrames: Array<{ first: number; frames: Buffer[] }>;
}

export interface AacCopyRequest {
  input: string;
  audio: SourceAudio;
  segments: AudioSegment[];
  totalSeconds: number;
  fadeMs: number;
  work: string;
}

/** Null when the frames cannot be copied (not AAC-LC at 1/rate, a range at the very start or end): the sound is then re-encoded whole. */
export async function spliceAacByCopy(r: AacCopyRequest): Promise<CopiedAacSound | null> {
  const a = r.audio;
  if (a.codec !== 'aac' || (a.profile !== null && a.profile !== 'LC')) return null;
  const priming = await firstAudioPts(r.input, a.index, a.sampleRate);
  if (priming === null || priming > 0) return null;
  const primingSamples = -priming;
  const sourceAdts = join(r.work, 'source.aac');
  await ffmpeg(['-i', r.input, '-map', `0:${a.index}`, '-c', 'copy', '-f', 'adts', sourceAdts]);
  const frames = adtsFrames(await readFile(sourceAdts));
  if (!frames) return null;
  const rate = a.sampleRate;
  const frameOf = (seconds: number) => (seconds * rate + primingSamples) / AAC_FRAME_SAMPLES;
  const secondsOf = (frame: number) => (frame * AAC_FRAME_SAMPLES - primingSamples) / rate;
  const fade = r.fadeMs / 1000;
  // Frames [first, end) of each range are re-encoded; ranges whose stretches meet share one.
  const stretches: Array<{ first: number; end: number; segments: AudioSegment[] }> = [];
  for (const s of r.segments) {
    const first = Math.floor(frameOf(s.fromSeconds - fade / 2)) - 1;
    const end = Math.ceil(frameOf(s.toSeconds + fade / 2)) + 1;
    const last = stretches[stretches.length - 1];
    if (last && first <= last.end + 1) {
      last.end = Math.max(last.end, end);
      last.segments.push(s);
    } else {
      stretches.push({ first, end, segments: [s] });
    }
  }
  // The encoder is fed from one frame before the stretch (its first output frame is priming), so the
  // stretch must start late enough for that frame to exist, and end before the source's last frame.
  const earliest = 1 + Math.ceil(primingSamples / AAC_FRAME_SAMPLES);
  if (stretches[0].first < earliest || stretches[stretches.length - 1].end > frames.length - 1) return null;

  const parts: Buffer[] = [];
  const replacedFrames: CopiedAacSound['replacedFrames'] = [];
  let copied = 0;
  for (const [i, st] of stretches.entries()) {
    parts.push(...frames.slice(copied, st.first));
    // Fed from one frame before the stretch; with the encoder's own 1024 samples of priming its
    // frame 2 is the stretch's first, and its first half overlaps the copied frame before it.
    const window: AudioWindow = { fromSeconds: secondsOf(st.first - 1), toSeconds: secondsOf(st.end + 1) };
    const encoded = join(r.work, `stretch-${i}.aac`);
    await spliceAudio({ input: r.input, audio: a, segments: st.segments, totalSeconds: r.totalSeconds, fadeMs: r.fadeMs, output: encoded, window, format: 'adts', encoderArgs: NO_NOISE_SUBSTITUTION });
    const fresh = adtsFrames(await readFile(encoded));
    const wanted = st.end - st.first;
    if (!fresh || fresh.length < 2 + wanted || !sameStreamHeader(fresh[2], frames[0])) return null;
    replacedFrames.push({ first: st.first, frames: fresh.slice(2, 2 + wanted) });
    parts.push(...replacedFrames[replacedFrames.length - 1].frames);
    copied = st.end;
  }
  parts.push(...frames.slice(copied));
  const path = join(r.work, 'sound.aac');
  await writeFile(path, Buffer.concat(parts));
  return {
    path,
    primingSeconds: primingSamples / rate,
    reencoded: stretches.map((st) => ({ fromSeconds: secondsOf(st.first), toSeconds: secondsOf(st.end) })),
    frameCount: frames.length,
    replacedFrames,
  };
}

/** The ADTS frames of a stream (each with its header), or null when the data is not a clean ADTS stream. */
export function adtsFrames(data: Buffer): Buffer[] | null {
  const frames: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 7 > data.length || data[at] !== 0xff || (data[at + 1] & 0xf0) !== 0xf0) return null;
    const length = ((data[at + 3] & 0x03) << 11) | (data[at + 4] << 3) | (data[at + 5] >> 5);
    // One raw data block per frame (1024 samples): more would break the frame arithmetic.
    if (length < 7 || at + length > data.length || (data[at + 6] & 0x03) !== 0) return null;
    frames.push(data.subarray(at, at + length));
    at += length;
  }
  return frames;
}

/** Same profile, sample-rate index and channel configuration in two ADTS headers. */
function sameStreamHeader(a: Buffer, b: Buffer): boolean {
  return (a[2] & 0xfd) === (b[2] & 0xfd) && (a[3] & 0xc0) === (b[3] & 0xc0);
}

/** The first audio packet's timestamp in samples (negative: the encoder's priming), or null. */
function firstAudioPts(file: string, streamIndex: number, sampleRate: number): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(FFPROBE_PATH, ['-v', 'error', '-select_streams', String(streamIndex), '-read_intervals', '%+#1', '-show_entries', 'packet=pts:stream=time_base', '-of', 'json', file], (error, stdout) => {
      if (error) return resolve(null);
      const parsed = JSON.parse(stdout) as { packets?: Array<{ pts?: number }>; streams?: Array<{ time_base?: string }> };
      const pts = parsed.packets?.[0]?.pts;
      const [num, den] = (parsed.streams?.[0]?.time_base ?? '').split('/').map(Number);
      // Frame arithmetic needs the time base to count samples.
      resolve(typeof pts === 'number' && num === 1 && den === sampleRate ? pts : null);
    });
  });
}
