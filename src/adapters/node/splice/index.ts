import { mkdtemp, rename, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { basename, dirname, extname, join } from 'path';
import { spliceAudio } from './audio';
import { CutPlan, planCuts } from './cutPoints';
import { BoundaryEncoding, boundaryEncoding, freeParameterSetId } from './encoderMatch';
import { VideoPiece, concatList, muxOutput } from './mux';
import { SourceInfo, SourceVideo, probeSource, readH264ParameterSetIds, readVideoPackets } from './probe';
import { FrameSpan, encodeStretch } from './stretch';
import { fullReencodeArgs } from './fullReencode';

/**
 * Writes a retake's output: the input with frames [replaced.from, replaced.to) taken from the take
 * (picture and/or sound by what the retake replaces).
 *
 * Video is spliced: the input's packets are copied before and after the two GOPs that contain the
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
}

export interface RetakeOutputResult {
  method: 'splice' | 'full re-encode';
  /** Why the splice was not possible (full re-encode only). */
  reason?: string;
  /** The source frames whose picture was re-encoded (none when the picture was copied whole). */
  reencoded: FrameSpan | null;
}

/** How far around the cuts packets are read to find keyframes: longer GOPs fall back to a re-encode. */
const KEYFRAME_SEARCH_SECONDS = 30;

export const DEFAULT_AUDIO_FADE_MS = 10;

export async function writeRetakeOutput(r: RetakeOutputRequest): Promise<RetakeOutputResult> {
  const source = await probeSource(r.input);
  const video = source.video;
  if (!video) throw new Error(`${r.input} has no video stream`);
  const work = await mkdtemp(join(tmpdir(), 'ltx-splice-'));
  // Written beside the output, then renamed: a failed write never leaves a half file at the output.
  const partial = join(dirname(r.output), `.${basename(r.output, extname(r.output))}.partial${extname(r.output) || '.mp4'}`);
  try {
    const frameSeconds = video.rate.den / video.rate.num;
    let audio: Parameters<typeof muxOutput>[0]['audio'] = source.audio ? { kind: 'input' } : { kind: 'none' };
    if (r.replaceAudio) {
      // MP4 keeps the encoder's priming in an edit list, so the copied sound keeps its length.
      const path = join(work, 'audio.m4a');
      await spliceAudio({
        input: r.input, take: r.take, audio: source.audio, output: path, fadeMs: r.audioFadeMs,
        fromSeconds: r.replaced.from * frameSeconds, toSeconds: r.replaced.to * frameSeconds,
        takeFromSeconds: r.takeFrom * frameSeconds, totalSeconds: source.durationSeconds,
      });
      audio = { kind: 'file', path };
    }
    const base = { input: r.input, output: partial, audio, sourceHasAudio: source.audio !== null };
    let result: RetakeOutputResult = { method: 'splice', reencoded: null };
    if (!r.replaceVideo) {
      await muxOutput({ ...base, video: { kind: 'input' } });
    } else {
      const splice = await trySplice(r, source, video, work);
      if (splice.ok) {
        await muxOutput({ ...base, video: { kind: 'concat', list: splice.list, listPath: join(work, 'pieces.ffconcat') } });
        result = { method: 'splice', reencoded: splice.reencoded };
      } else {
        const path = join(work, 'video.mp4');
        const totalFrames = countFrames(source, video);
        const full = { from: 0, to: totalFrames };
        await encodeStretch({ input: r.input, take: r.take, video, stretch: full, replaced: r.replaced, takeFrom: r.takeFrom, encoderArgs: fullReencodeArgs(video), timescale: video.timeBase.num === 1 ? video.timeBase.den : 90000, output: path });
        await muxOutput({ ...base, video: { kind: 'file', path } });
        result = { method: 'full re-encode', reason: splice.reason, reencoded: full };
      }
    }
    await rename(partial, r.output);
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

type SpliceAttempt = { ok: true; list: string; reencoded: FrameSpan } | { ok: false; reason: string };

interface SpliceAnalysis {
  ok: true;
  video: SourceVideo;
  cuts: CutPlan;
  frameTicks: number;
  totalFrames: number;
  encoding: BoundaryEncoding;
}

/**
 * How the output would be written, without writing anything: spliced (and which frames would be
 * re-encoded) or re-encoded whole (and why). What `--dry-run` shows.
 */
export async function previewRetakeOutput(input: string, replaced: FrameSpan, replaceVideo: boolean): Promise<RetakeOutputResult> {
  const source = await probeSource(input);
  if (!source.video) throw new Error(`${input} has no video stream`);
  if (!replaceVideo) return { method: 'splice', reencoded: null };
  const analysis = await analyseSplice(input, replaced, source, source.video);
  return analysis.ok
    ? { method: 'splice', reencoded: { from: analysis.cuts.reencodeFrom, to: analysis.cuts.reencodeTo } }
    : { method: 'full re-encode', reason: analysis.reason, reencoded: { from: 0, to: countFrames(source, source.video) } };
}

/** Whether the source's video can be spliced around `replaced`, and where: reads packets and parameter sets only. */
async function analyseSplice(input: string, replaced: FrameSpan, source: SourceInfo, video: SourceVideo): Promise<SpliceAnalysis | { ok: false; reason: string }> {
  if (!/\b(mov|mp4)\b/.test(source.container)) return { ok: false, reason: `the container (${source.container}) is not MP4 or QuickTime` };
  if (video.rate.num * video.averageRate.den !== video.averageRate.num * video.rate.den) return { ok: false, reason: 'the frame rate is variable' };
  const frameTicks = (video.timeBase.den * video.rate.den) / (video.rate.num * video.timeBase.num);
  if (!Number.isInteger(frameTicks)) return { ok: false, reason: 'frames do not fall on whole ticks of the time base' };
  if (Math.abs(video.startSeconds) > 1e-6) return { ok: false, reason: 'the video does not start at zero' };
  if (video.codec !== 'h264') return { ok: false, reason: `the video codec is ${video.codec}, and only H.264 is spliced` };
  const frameSeconds = video.rate.den / video.rate.num;
  const totalFrames = countFrames(source, video);
  const packets = await readVideoPackets(input, video.index, replaced.from * frameSeconds - KEYFRAME_SEARCH_SECONDS, replaced.to * frameSeconds + KEYFRAME_SEARCH_SECONDS);
  const cuts = planCuts({ packets, frameTicks, from: replaced.from, to: replaced.to, totalFrames });
  if (!cuts.ok) return cuts;
  const parameterSetId = freeParameterSetId(await readH264ParameterSetIds(input, video.index));
  if (parameterSetId === null) return { ok: false, reason: 'the stream uses every parameter-set id' };
  const encoding = boundaryEncoding(video, { delayFrames: cuts.plan.delayFrames, gopFrames: cuts.plan.gopFrames, parameterSetId });
  if (!encoding.ok) return encoding;
  return { ok: true, video, cuts: cuts.plan, frameTicks, totalFrames, encoding: encoding.encoding };
}

async function trySplice(r: RetakeOutputRequest, source: SourceInfo, video: SourceVideo, work: string): Promise<SpliceAttempt> {
  const analysis = await analyseSplice(r.input, r.replaced, source, video);
  if (!analysis.ok) return analysis;
  const { cuts, frameTicks, totalFrames, encoding } = analysis;
  const { reencodeFrom, reencodeTo } = cuts;
  const frameSeconds = video.rate.den / video.rate.num;
  const stretch = { from: reencodeFrom, to: reencodeTo };
  const path = join(work, 'boundary.mp4');
  await encodeStretch({ input: r.input, take: r.take, video, stretch, replaced: r.replaced, takeFrom: r.takeFrom, encoderArgs: encoding.args, timescale: encoding.timescale, output: path });
  // The re-encoded stretch must decode-order join both copied pieces: same frame count and delay.
  const written = await readVideoPackets(path, 0, 0, (reencodeTo - reencodeFrom + 10) * frameSeconds);
  const first = written[0];
  if (written.length !== reencodeTo - reencodeFrom || !first?.key || first.pts - first.dts !== cuts.delayFrames * frameTicks) {
    return { ok: false, reason: 'the re-encoded boundary did not match the source stream' };
  }
  const pieces: VideoPiece[] = [];
  if (reencodeFrom > 0) pieces.push({ kind: 'source', fromFrame: 0, toFrame: reencodeFrom, outpointTicks: cuts.headOutpoint });
  pieces.push({ kind: 'file', path, frames: reencodeTo - reencodeFrom });
  if (reencodeTo < totalFrames) pieces.push({ kind: 'source', fromFrame: reencodeTo, toFrame: totalFrames });
  return { ok: true, list: concatList(r.input, video, pieces), reencoded: stretch };
}

function countFrames(source: SourceInfo, video: SourceVideo): number {
  return video.frames ?? Math.round((source.durationSeconds * video.rate.num) / video.rate.den);
}
