import { randomBytes } from 'crypto';
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { basename, dirname, extname, join } from 'path';
import { spliceAacByCopy } from './aacCopy';
import { spliceAudio } from './audio';
import { CutPlan, planCuts } from './cutPoints';
import { BoundaryEncoding, boundaryEncoding, freeParameterSetId } from './encoderMatch';
import { MuxRequest, VideoPiece, concatList, muxOutput } from './mux';
import { SourceInfo, SourceVideo, probeSource, readH264ParameterSetIds, readVideoPackets } from './probe';
import { FrameSpan, TakeSegment, encodeStretch } from './stretch';
import { fullReencodeArgs } from './fullReencode';
import { Mp4SpliceRequest, Mp4SpliceResult, writeSplicedMp4 } from './mp4/writer';
import { ReplaceableAtOutput, placeOutput } from '../placeOutput';

export type { FrameSpan, TakeSegment } from './stretch';

/**
 * Writes a retake's output: the input with frames [replaced.from, replaced.to) taken from the take
 * (picture and/or sound by what the retake replaces).
 *
 * Video is spliced: the input's packets are copied before and after the GOPs that contain the
 * cuts, and only those GOPs are re-encoded, matched to the input's stream. Inputs the splice cannot
 * copy (not H.264 in MP4/MOV, intra-only, variable rate, open GOPs, ...) are re-encoded whole at
 * high quality, and the result says so and why.
 */
export interface RetakeOutputRequest {
  input: string;
  take: string;
  output: string;
  replaced: FrameSpan;
  /** The take's frame, counted at the input's frame rate, that lands on replaced.from. */
  takeFrom: number;
  replaceVideo: boolean;
  replaceAudio: boolean;
  /** Crossfade at each audio cut, milliseconds. */
  audioFadeMs: number;
  /** What the output may replace (default: nothing; see placeOutput). */
  replaceable?: ReplaceableAtOutput;
}

export interface RetakeOutputResult {
  method: 'splice' | 'full re-encode';
  /** Why the splice was not possible (full re-encode only). */
  reason?: string;
  /** The source frames whose picture was re-encoded (none when the picture was copied whole). */
  reencoded: FrameSpan | null;
}

/** One range of several written into one output: what it takes from its take. */
export interface Replacement extends TakeSegment {
  replaceVideo: boolean;
  replaceAudio: boolean;
}

export interface SplicedOutputRequest {
  input: string;
  output: string;
  /** Not overlapping; any order. */
  replacements: Replacement[];
  audioFadeMs: number;
  /** What the output may replace (default: nothing; see placeOutput). */
  replaceable?: ReplaceableAtOutput;
}

export interface SplicedOutputResult {
  method: 'splice' | 'full re-encode';
  reason?: string;
  /** The stretches of source frames whose picture was re-encoded, in order (empty when the picture was copied whole). */
  reencoded: FrameSpan[];
  /** When sound was replaced: the stretches of it (seconds) that were encoded again; every other AAC frame is the source's. */
  soundReencoded?: Array<{ fromSeconds: number; toSeconds: number }>;
}

/** How far around the cuts packets are read to find keyframes: longer GOPs fall back to a re-encode. */
const KEYFRAME_SEARCH_SECONDS = 30;

export const DEFAULT_AUDIO_FADE_MS = 10;

/**
 * Where the output is written before it is renamed into place (beside it, so the rename stays on
 * one disk and a failed write never leaves a half file at the output). Unique per run: an ffmpeg
 * left running by a killed earlier run may still be writing its own partial file.
 */
export function partialPath(output: string): string {
  const ext = extname(output);
  return join(dirname(output), `.${basename(output, ext)}.${process.pid}-${randomBytes(6).toString('hex')}.partial${ext || '.mp4'}`);
}

/** One range: the single retake's output. */
export async function writeRetakeOutput(r: RetakeOutputRequest): Promise<RetakeOutputResult> {
  const { take, replaced, takeFrom, replaceVideo, replaceAudio } = r;
  const replacements = [{ take, replaced, takeFrom, replaceVideo, replaceAudio }];
  return singleResult(await writeSplicedOutput({ input: r.input, output: r.output, audioFadeMs: r.audioFadeMs, replaceable: r.replaceable, replacements }));
}

/**
 * Every replacement written into one output in one pass: the picture spliced around each range
 * (ranges whose boundary GOPs meet share one re-encoded stretch), the sound rewritten when a
 * range replaces it. Written beside the output and put in place once complete, flushed to the
 * disk, replacing only what `replaceable` allows.
 */
export async function writeSplicedOutput(r: SplicedOutputRequest): Promise<SplicedOutputResult> {
  const source = await probeSource(r.input);
  const video = source.video;
  if (!video) throw new Error(`${r.input} has no video stream`);
  const replacements = [...r.replacements].sort((a, b) => a.replaced.from - b.replaced.from);
  const work = await mkdtemp(join(tmpdir(), 'ltx-splice-'));
  const partial = partialPath(r.output);
  try {
    // The sound and the picture are written at once (one ffmpeg each), then joined in one file.
    const [sound, picture] = await Promise.all([
      writeSound(r, replacements.filter((x) => x.replaceAudio), source, video, work),
      writePicture(r.input, replacements.filter((x) => x.replaceVideo), source, video, work),
    ]);
    const direct = await writeDirectly(source, partial, video, sound, picture);
    if (!direct.ok) await muxOutput({ input: r.input, output: partial, audio: sound.audio, sourceHasAudio: source.audio !== null, video: picture.video });
    await placeOutput(partial, r.output, r.replaceable ?? null);
    return sound.reencoded ? { ...picture.result, soundReencoded: sound.reencoded } : picture.result;
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

type WrittenSound = { audio: MuxRequest['audio']; reencoded?: SplicedOutputResult['soundReencoded']; frames?: Mp4SpliceRequest['audio'] };
type WrittenPicture = { video: MuxRequest['video']; result: SplicedOutputResult; stretches?: Array<{ from: number; path: string }> };

/**
 * The output written by our own MP4 writer (the input's bytes copied, the re-encoded samples
 * added) when the picture is copied or spliced and the sound copied or spliced by AAC frames;
 * declined (and then muxed by ffmpeg) for anything else or anything the writer does not read.
 */
function writeDirectly(source: SourceInfo, output: string, video: SourceVideo, sound: WrittenSound, picture: WrittenPicture): Promise<Mp4SpliceResult> {
  if (!isMp4(source)) return Promise.resolve({ ok: false, reason: `the container (${source.container}) is not MP4 or QuickTime` });
  if (sound.audio.kind === 'file' || picture.video.kind === 'file') return Promise.resolve({ ok: false, reason: 'a stream was written whole' });
  return writeSplicedMp4({
    input: source.file, output,
    video: picture.stretches ? { trackId: video.trackId, stretches: picture.stretches } : null,
    audio: sound.frames ?? null,
  });
}

/** The output's sound: the input's, or (when a range replaces it) the input's AAC frames with the stretches around the ranges encoded again, else rewritten whole. */
async function writeSound(r: SplicedOutputRequest, sounds: Replacement[], source: SourceInfo, video: SourceVideo, work: string): Promise<WrittenSound> {
  if (!sounds.length) return { audio: source.audio ? { kind: 'input' } : { kind: 'none' } };
  const frameSeconds = video.rate.den / video.rate.num;
  const sound = {
    input: r.input, fadeMs: r.audioFadeMs, totalSeconds: source.durationSeconds,
    segments: sounds.map((x) => ({ take: x.take, fromSeconds: x.replaced.from * frameSeconds, toSeconds: x.replaced.to * frameSeconds, takeFromSeconds: x.takeFrom * frameSeconds })),
  };
  const copied = source.audio ? await spliceAacByCopy({ ...sound, audio: source.audio, work }) : null;
  if (copied) {
    return {
      audio: { kind: 'adts', path: copied.path, primingSeconds: copied.primingSeconds },
      reencoded: copied.reencoded,
      frames: { totalFrames: copied.frameCount, stretches: copied.replacedFrames },
    };
  }
  // MP4 keeps the encoder's priming in an edit list, so the rewritten sound keeps its length.
  const path = join(work, 'audio.m4a');
  await spliceAudio({ ...sound, audio: source.audio, output: path });
  return { audio: { kind: 'file', path }, reencoded: [{ fromSeconds: 0, toSeconds: source.durationSeconds }] };
}

/** The output's picture: the input's, spliced around the ranges, or (when it cannot be) re-encoded whole. */
async function writePicture(input: string, pictures: Replacement[], source: SourceInfo, video: SourceVideo, work: string): Promise<WrittenPicture> {
  if (!pictures.length) return { video: { kind: 'input' }, result: { method: 'splice', reencoded: [] } };
  const splice = await trySplice(input, pictures, source, video, work);
  if (splice.ok) {
    return {
      video: { kind: 'concat', list: splice.list, listPath: join(work, 'pieces.ffconcat') },
      result: { method: 'splice', reencoded: splice.reencoded },
      stretches: splice.reencoded.map((span, i) => ({ from: span.from, path: splice.paths[i] })),
    };
  }
  const path = join(work, 'video.mp4');
  const full = { from: 0, to: countFrames(source, video) };
  await encodeStretch({ input, video, stretch: full, segments: pictures, encoderArgs: fullReencodeArgs(video), timescale: video.timeBase.num === 1 ? video.timeBase.den : 90000, output: path });
  return { video: { kind: 'file', path }, result: { method: 'full re-encode', reason: splice.reason, reencoded: [full] } };
}

function singleResult(r: SplicedOutputResult): RetakeOutputResult {
  return { method: r.method, ...(r.reason ? { reason: r.reason } : {}), reencoded: r.reencoded[0] ?? null };
}

type SpliceAttempt = { ok: true; list: string; reencoded: FrameSpan[]; paths: string[] } | { ok: false; reason: string };

/** A re-encoded stretch: from the clean keyframe before its first range to the one after its last. */
interface Stretch {
  span: FrameSpan;
  segments: TakeSegment[];
  headOutpoint: number;
}

interface SpliceAnalysis {
  ok: true;
  stretches: Stretch[];
  delayFrames: number;
  frameTicks: number;
  totalFrames: number;
  encoding: BoundaryEncoding;
}

/**
 * How the output would be written, without writing anything: spliced (and which frames would be
 * re-encoded) or re-encoded whole (and why). What `--dry-run` shows.
 */
export async function previewRetakeOutput(input: string, replaced: FrameSpan, replaceVideo: boolean): Promise<RetakeOutputResult> {
  return singleResult(await previewSplicedOutput(input, replaceVideo ? [replaced] : []));
}

/** previewRetakeOutput for several ranges whose picture is replaced (any order, not overlapping). */
export async function previewSplicedOutput(input: string, pictures: FrameSpan[]): Promise<SplicedOutputResult> {
  const source = await probeSource(input);
  if (!source.video) throw new Error(`${input} has no video stream`);
  if (!pictures.length) return { method: 'splice', reencoded: [] };
  const segments = [...pictures].sort((a, b) => a.from - b.from).map((replaced) => ({ take: '', replaced, takeFrom: 0 }));
  const analysis = await analyseSplice(input, segments, source, source.video);
  return analysis.ok
    ? { method: 'splice', reencoded: analysis.stretches.map((s) => s.span) }
    : { method: 'full re-encode', reason: analysis.reason, reencoded: [{ from: 0, to: countFrames(source, source.video) }] };
}

/** Whether the source's video can be spliced around each range (in order), and where: reads packets and parameter sets only. */
async function analyseSplice(input: string, segments: TakeSegment[], source: SourceInfo, video: SourceVideo): Promise<SpliceAnalysis | { ok: false; reason: string }> {
  if (!isMp4(source)) return { ok: false, reason: `the container (${source.container}) is not MP4 or QuickTime` };
  if (video.rate.num * video.averageRate.den !== video.averageRate.num * video.rate.den) return { ok: false, reason: 'the frame rate is variable' };
  const frameTicks = (video.timeBase.den * video.rate.den) / (video.rate.num * video.timeBase.num);
  if (!Number.isInteger(frameTicks)) return { ok: false, reason: 'frames do not fall on whole ticks of the time base' };
  if (Math.abs(video.startSeconds) > 1e-6) return { ok: false, reason: 'the video does not start at zero' };
  if (video.codec !== 'h264') return { ok: false, reason: `the video codec is ${video.codec}, and only H.264 is spliced` };
  const frameSeconds = video.rate.den / video.rate.num;
  const totalFrames = countFrames(source, video);
  // The parameter sets are read while the packets around the cuts are (two ffprobe/ffmpeg at once).
  const parameterSetIds = readH264ParameterSetIds(input, video.index);
  parameterSetIds.catch(() => undefined);
  const cuts: CutPlan[] = [];
  for (const s of segments) {
    const packets = await readVideoPackets(input, video.index, s.replaced.from * frameSeconds - KEYFRAME_SEARCH_SECONDS, s.replaced.to * frameSeconds + KEYFRAME_SEARCH_SECONDS);
    const cut = planCuts({ packets, frameTicks, from: s.replaced.from, to: s.replaced.to, totalFrames });
    if (!cut.ok) return cut;
    cuts.push(cut.plan);
  }
  if (cuts.some((c) => c.delayFrames !== cuts[0].delayFrames)) return { ok: false, reason: 'the decode delay differs between the cuts' };
  const stretches = mergeStretches(segments, cuts);
  const parameterSetId = freeParameterSetId(await parameterSetIds);
  if (parameterSetId === null) return { ok: false, reason: 'the stream uses every parameter-set id' };
  const gopFrames = Math.max(...cuts.map((c) => c.gopFrames));
  const encoding = boundaryEncoding(video, { delayFrames: cuts[0].delayFrames, gopFrames, parameterSetId });
  if (!encoding.ok) return encoding;
  return { ok: true, stretches, delayFrames: cuts[0].delayFrames, frameTicks, totalFrames, encoding: encoding.encoding };
}

/** Ranges whose re-encoded GOPs overlap share one stretch (a frame is never encoded twice). */
function mergeStretches(segments: TakeSegment[], cuts: CutPlan[]): Stretch[] {
  const stretches: Stretch[] = [];
  segments.forEach((segment, i) => {
    const c = cuts[i];
    const last = stretches[stretches.length - 1];
    if (last && c.reencodeFrom < last.span.to) {
      last.span.to = Math.max(last.span.to, c.reencodeTo);
      last.segments.push(segment);
    } else {
      stretches.push({ span: { from: c.reencodeFrom, to: c.reencodeTo }, segments: [segment], headOutpoint: c.headOutpoint });
    }
  });
  return stretches;
}

async function trySplice(input: string, segments: TakeSegment[], source: SourceInfo, video: SourceVideo, work: string): Promise<SpliceAttempt> {
  const analysis = await analyseSplice(input, segments, source, video);
  if (!analysis.ok) return analysis;
  const { stretches, delayFrames, frameTicks, totalFrames, encoding } = analysis;
  const frameSeconds = video.rate.den / video.rate.num;
  const paths = stretches.map((_, i) => join(work, `boundary-${i}.mp4`));
  // Two stretches at a time: one ffmpeg each, on a 2-core machine.
  const matched = await inBatches(stretches.map((stretch, i) => async () => {
    const { from, to } = stretch.span;
    await encodeStretch({ input, video, stretch: stretch.span, segments: stretch.segments, encoderArgs: encoding.args, timescale: encoding.timescale, output: paths[i] });
    // The re-encoded stretch must decode-order join both copied pieces: same frame count and delay.
    const written = await readVideoPackets(paths[i], 0, 0, (to - from + 10) * frameSeconds);
    const first = written[0];
    return written.length === to - from && first?.key === true && first.pts - first.dts === delayFrames * frameTicks;
  }), 2);
  if (matched.includes(false)) return { ok: false, reason: 'the re-encoded boundary did not match the source stream' };
  const pieces: VideoPiece[] = [];
  let copiedFrom = 0;
  for (const [i, stretch] of stretches.entries()) {
    const { from, to } = stretch.span;
    if (from > copiedFrom) pieces.push({ kind: 'source', fromFrame: copiedFrom, toFrame: from, outpointTicks: stretch.headOutpoint });
    pieces.push({ kind: 'file', path: paths[i], frames: to - from });
    copiedFrom = to;
  }
  if (copiedFrom < totalFrames) pieces.push({ kind: 'source', fromFrame: copiedFrom, toFrame: totalFrames });
  return { ok: true, list: concatList(input, video, pieces), reencoded: stretches.map((s) => s.span), paths };
}

/** Runs the tasks `size` at a time, in order; their results in the same order. */
async function inBatches<T>(tasks: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += size) results.push(...(await Promise.all(tasks.slice(i, i + size).map((task) => task()))));
  return results;
}

function isMp4(source: SourceInfo): boolean {
  return /\b(mov|mp4)\b/.test(source.container);
}

function countFrames(source: SourceInfo, video: SourceVideo): number {
  return video.frames ?? Math.round((source.durationSeconds * video.rate.num) / video.rate.den);
}
