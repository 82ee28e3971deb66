import { mkdtemp, readFile, rm, stat, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { ffmpeg } from '../adapters/node/ffmpeg';
import { RetakeOutputResult, writeRetakeOutput } from '../adapters/node/splice';
import { levelLimits } from '../adapters/node/splice/encoderMatch';
import { probeSource } from '../adapters/node/splice/probe';
import { makeSource } from '../testing/sources';

/**
 * Writing a retake's output on long sources: the splice against a plain stream copy of the file
 * (the floor: every packet read and written once) and against a full re-encode (what the command
 * line did before), with the quality of every frame outside the replaced range.
 *
 * Two sets of sources, 25 fps H.264 with B-frames (x264 veryfast), a keyframe every 2 s, AAC
 * stereo; the 10- and 60-minute sources are the first piece concatenated by stream copy, so
 * generating them costs seconds:
 * - 320x180 (a moving test pattern, x264's default CRF, about 0.3 Mbit/s), with a flat red 1080p
 *   take: every frame decoded and compared.
 * - 1920x1080 as an editor's footage: the moving pattern with temporal grain, encoded at 16 Mbit/s
 *   (grain that needs about 10 Mbit/s at CRF 20, so the bits are spent as on camera footage), from
 *   a 10 s piece; a textured 1080p take of the same kind. Decoding an hour of 1080p twice takes
 *   longer than the rest of the bench, so here the packets outside the boundary GOPs are compared
 *   (a copied packet decodes to the same frame: the splice keeps the source's parameter sets) and
 *   only the boundary frames are decoded.
 * The retake replaces 3 s (75 frames) in the middle, starting off a keyframe.
 */
interface SourceSet {
  name: string;
  width: number;
  height: number;
  /** The generated piece that longer sources repeat. */
  pieceSeconds: number;
  grain?: number;
  videoBitrate?: string;
  takePattern: string;
  /** Longest source whose full re-encode is run (it takes minutes on 2 cores). */
  fullReencodeMaxMinutes: number;
  compare: 'frames' | 'packets';
}

const SETS: SourceSet[] = [
  { name: '320x180', width: 320, height: 180, pieceSeconds: 60, takePattern: 'color=c=red', fullReencodeMaxMinutes: process.env.SPLICE_BENCH_FULL_60 ? 60 : 10, compare: 'frames' },
  { name: '1080p', width: 1920, height: 1080, pieceSeconds: 10, grain: 4, videoBitrate: '16M', takePattern: 'testsrc2', fullReencodeMaxMinutes: 1, compare: 'packets' },
];

/** Source lengths in minutes; SPLICE_BENCH_MINUTES=1,10 runs a shorter set, SPLICE_BENCH_SETS=320x180 one set. */
const MINUTES = (process.env.SPLICE_BENCH_MINUTES ?? '1,10,60').split(',').map(Number).filter((m) => m > 0);
const SET_NAMES = (process.env.SPLICE_BENCH_SETS ?? SETS.map((set) => set.name).join(',')).split(',');
const FPS = 25;
const RETAKE_FRAMES = 75;

export interface SpliceBenchRow {
  set: string;
  minutes: number;
  frames: number;
  sourceBytes: number;
  copyMs: number;
  spliceMs: number;
  fullMs: number | null;
  splice: RetakeOutputResult;
  /** Frames outside the re-encoded GOPs bit-identical to the source's (decoded frames, or packets for a 'packets' set). */
  identicalOutsideBoundary: number;
  outsideBoundary: number;
  compared: 'frames' | 'packets';
  /** PSNR (dB) over the frames outside the replaced range, re-encoded boundary frames included. */
  splicePsnrOutside: number;
  /** PSNR of the boundary frames outside the replaced range alone (the only frames not copied). */
  spliceBoundaryPsnr: number;
  fullPsnrOutside: number | null;
  /** The least any splice must spend beyond copying the file: the new picture decoded, and decoded and encoded. */
  floor: NewPictureFloor;
}

/**
 * The take's replaced frames, read from its start and brought to the source's size, timed twice:
 * decoded alone, and decoded and encoded at the stretch's quality (CRF 11, the source level's
 * bitrate cap) by the fastest of x264's three fastest presets. No splice can do less than the
 * decode, because these frames are in no packet of the source.
 */
export interface NewPictureFloor {
  decodeMs: number;
  encodeMs: number;
  fastestPreset: string;
}

export async function runSpliceBench(): Promise<SpliceBenchRow[]> {
  const rows: SpliceBenchRow[] = [];
  for (const set of SETS.filter((x) => SET_NAMES.includes(x.name))) rows.push(...(await runSet(set)));
  return rows;
}

async function runSet(set: SourceSet): Promise<SpliceBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-splice-bench-'));
  try {
    const look = { width: set.width, height: set.height, grain: set.grain, videoBitrate: set.videoBitrate };
    const piece = await makeSource(join(dir, 'piece.mp4'), { seconds: set.pieceSeconds, fps: String(FPS), gop: 2 * FPS, audioRate: 48000, ...look });
    const take = await makeSource(join(dir, 'take.mp4'), {
      seconds: 6, fps: String(FPS), audioRate: 48000, pattern: set.takePattern,
      ...(set.grain ? look : {}), width: 1920, height: 1080,
    });
    const floor = await newPictureFloor(take, piece, set);
    const rows: SpliceBenchRow[] = [];
    for (const minutes of MINUTES) {
      const seconds = minutes * 60;
      const source = seconds === set.pieceSeconds ? piece : await repeat(piece, set.pieceSeconds, seconds / set.pieceSeconds, join(dir, `src-${minutes}.mp4`));
      const sourceBytes = (await stat(source)).size;
      const frames = seconds * FPS;
      const from = Math.floor(frames / 2) + 13;
      const replaced = { from, to: from + RETAKE_FRAMES };
      const request = { input: source, take, replaced, takeFrom: FPS, replaceVideo: true, replaceAudio: false, audioFadeMs: 10 };

      const copyOut = join(dir, `copy-${minutes}.mp4`);
      const copyMs = await timed(() => ffmpeg(['-i', source, '-map', '0', '-c', 'copy', copyOut]));
      await rm(copyOut);

      const spliceOut = join(dir, `splice-${minutes}.mp4`);
      let splice: RetakeOutputResult | undefined;
      const spliceMs = await timed(async () => void (splice = await writeRetakeOutput({ ...request, output: spliceOut })));
      const boundary = splice!.reencoded ?? replaced;
      const quality = set.compare === 'frames'
        ? await compareFrames(spliceOut, source, boundary, replaced, join(dir, 'psnr.log'))
        : await comparePackets(spliceOut, source, boundary, replaced, join(dir, 'psnr.log'));
      await rm(spliceOut);

      let fullMs: number | null = null;
      let fullPsnrOutside: number | null = null;
      if (minutes <= set.fullReencodeMaxMinutes) {
        const fullOut = join(dir, `full-${minutes}.mp4`);
        fullMs = await timed(() => fullReencode(source, take, replaced, set, fullOut));
        fullPsnrOutside = psnr((await frameMse(fullOut, source, join(dir, 'psnr.log'))).filter((_, i) => i < replaced.from || i >= replaced.to));
        await rm(fullOut);
      }
      rows.push({ set: set.name, minutes, frames, sourceBytes, copyMs, spliceMs, fullMs, splice: splice!, compared: set.compare, ...quality, fullPsnrOutside, floor });
      if (source !== piece) await rm(source);
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Span = { from: number; to: number };
type Quality = Pick<SpliceBenchRow, 'identicalOutsideBoundary' | 'outsideBoundary' | 'splicePsnrOutside' | 'spliceBoundaryPsnr'>;

/** Every decoded frame of the output against the source's. */
async function compareFrames(output: string, source: string, boundary: Span, replaced: Span, statsFile: string): Promise<Quality> {
  const stats = await frameMse(output, source, statsFile);
  const outsideBoundary = stats.filter((_, i) => i < boundary.from || i >= boundary.to);
  return {
    identicalOutsideBoundary: outsideBoundary.filter((mse) => mse === 0).length,
    outsideBoundary: outsideBoundary.length,
    splicePsnrOutside: psnr(stats.filter((_, i) => i < replaced.from || i >= replaced.to)),
    spliceBoundaryPsnr: psnr(stats.filter((_, i) => i >= boundary.from && i < boundary.to && (i < replaced.from || i >= replaced.to))),
  };
}

/**
 * The packets outside the boundary GOPs against the source's (by presentation time), and the
 * boundary frames decoded (both files seeked to the stretch) against the source's. A frame whose
 * packet differs counts as not identical and leaves the PSNR outside the range unknown (NaN).
 */
async function comparePackets(output: string, source: string, boundary: Span, replaced: Span, statsFile: string): Promise<Quality> {
  const [ours, theirs] = await Promise.all([packetHashes(output), packetHashes(source)]);
  let identical = 0;
  let outside = 0;
  for (const [frame, hash] of theirs) {
    if (frame >= boundary.from && frame < boundary.to) continue;
    outside++;
    if (ours.get(frame) === hash) identical++;
  }
  const length = boundary.to - boundary.from;
  // Each input read only over the stretch (and a frame more): ffmpeg decodes on to the end of an input otherwise.
  const window = ['-ss', ((boundary.from - 0.5) / FPS).toFixed(6), '-t', ((length + 1) / FPS).toFixed(6)];
  await ffmpeg([
    ...window, '-i', output, ...window, '-i', source, '-lavfi',
    `[0:v]trim=end_frame=${length},setpts=PTS-STARTPTS[a];[1:v]trim=end_frame=${length},setpts=PTS-STARTPTS[b];[a][b]psnr=stats_file=${statsFile}`,
    '-frames:v', String(length), '-f', 'null', '-',
  ]);
  const boundaryMse = (await readMse(statsFile)).filter((_, k) => boundary.from + k < replaced.from || boundary.from + k >= replaced.to);
  const copiedMse = new Array<number>(outside).fill(identical === outside ? 0 : NaN);
  return { identicalOutsideBoundary: identical, outsideBoundary: outside, splicePsnrOutside: psnr([...boundaryMse, ...copiedMse]), spliceBoundaryPsnr: psnr(boundaryMse) };
}

/** The MD5 of every video packet, by the frame it shows (its presentation time at FPS). */
async function packetHashes(file: string): Promise<Map<number, string>> {
  const text = (await ffmpeg(['-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framemd5', '-'])).toString('utf8');
  const timeBase = /^#tb 0: (\d+)\/(\d+)/m.exec(text);
  if (!timeBase) throw new Error(`no time base in the packet list of ${file}`);
  const hashes = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [, , pts, , , hash] = line.split(',').map((field) => field.trim());
    hashes.set(Math.round((Number(pts) * Number(timeBase[1]) * FPS) / Number(timeBase[2])), hash);
  }
  return hashes;
}

/** The whole source re-encoded with the replaced frames from the take: the command line before the splice. */
async function fullReencode(source: string, take: string, replaced: Span, set: SourceSet, output: string): Promise<void> {
  const graph = [
    '[0:v]split=2[a][b]',
    `[a]trim=end_frame=${replaced.from},setpts=PTS-STARTPTS[before]`,
    `[1:v]trim=start_frame=${FPS}:end_frame=${FPS + RETAKE_FRAMES},setpts=PTS-STARTPTS,scale=${set.width}:${set.height},setsar=1[take]`,
    `[b]trim=start_frame=${replaced.to},setpts=PTS-STARTPTS[after]`,
    '[before][take][after]concat=n=3:v=1:a=0[v]',
  ].join(';');
  await ffmpeg(['-i', source, '-i', take, '-filter_complex', graph, '-map', '[v]', '-map', '0:a', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-c:a', 'aac', output]);
}

async function newPictureFloor(take: string, source: string, set: SourceSet): Promise<NewPictureFloor> {
  const read = ['-i', take, '-an', '-vf', `trim=start_frame=${FPS}:end_frame=${FPS + RETAKE_FRAMES},scale=${set.width}:${set.height}`, '-frames:v', String(RETAKE_FRAMES)];
  const decodeMs = await timed(() => ffmpeg([...read, '-f', 'null', '-']));
  const { video } = await probeSource(source);
  const cap = levelLimits(video?.level ?? null, (video?.profile ?? '').toLowerCase());
  let fastest = { encodeMs: Infinity, fastestPreset: '' };
  for (const preset of ['ultrafast', 'superfast', 'veryfast']) {
    const encodeMs = await timed(() => ffmpeg([...read, '-c:v', 'libx264', '-preset', preset, '-crf', '11', ...cap, '-f', 'null', '-']));
    if (encodeMs < fastest.encodeMs) fastest = { encodeMs, fastestPreset: preset };
  }
  return { decodeMs, ...fastest };
}

/**
 * The piece n times over, by stream copy (the concat demuxer). Picture and sound are joined
 * separately: joined together, the AAC priming of each copy would shift the picture's start.
 */
async function repeat(piece: string, pieceSeconds: number, times: number, output: string): Promise<string> {
  const parts: string[] = [];
  for (const kind of ['v', 'a']) {
    const unit = `${piece}.${kind}.mp4`;
    await ffmpeg(['-i', piece, '-map', `0:${kind}`, '-c', 'copy', unit]);
    const list = `${output}.${kind}.ffconcat`;
    await writeFile(list, `ffconcat version 1.0\n${`file '${unit}'\nduration ${pieceSeconds}\n`.repeat(times)}`);
    parts.push('-f', 'concat', '-safe', '0', '-i', list);
  }
  await ffmpeg([...parts, '-map', '0:v', '-map', '1:a', '-c', 'copy', output]);
  return output;
}

/** Mean squared error of every frame of `a` against `b` (ffmpeg's psnr filter; 0 means bit-identical planes). */
async function frameMse(a: string, b: string, statsFile: string): Promise<number[]> {
  await ffmpeg(['-i', a, '-i', b, '-lavfi', `[0:v][1:v]psnr=stats_file=${statsFile}`, '-f', 'null', '-']);
  return readMse(statsFile);
}

/** The per-frame MSE lines of a psnr stats file. */
async function readMse(statsFile: string): Promise<number[]> {
  return (await readFile(statsFile, 'utf8')).split('\n').filter(Boolean).map((line) => Number(/mse_avg:([0-9.]+)/.exec(line)?.[1] ?? NaN));
}

function psnr(mse: number[]): number {
  const mean = mse.reduce((s, v) => s + v, 0) / Math.max(1, mse.length);
  return mean === 0 ? Infinity : 10 * Math.log10((255 * 255) / mean);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export function formatSpliceBench(rows: SpliceBenchRow[]): string {
  const s = (ms: number | null) => (ms === null ? 'not run' : `${(ms / 1000).toFixed(2)} s`);
  const db = (v: number | null) => (v === null ? '-' : Number.isFinite(v) ? `${v.toFixed(1)} dB` : Number.isNaN(v) ? 'unknown' : 'identical');
  const lines = ['source | size (bitrate) | stream copy | splice | full re-encode | splice / copy | full / splice | PSNR outside the range: splice (boundary frames) / full'];
  const verdicts: string[] = [];
  for (const r of rows) {
    const name = `${r.set} ${r.minutes} min`;
    const mbits = (r.sourceBytes * 8) / (r.frames / FPS) / 1e6;
    lines.push(
      `${name} | ${(r.sourceBytes / 1e6).toFixed(0)} MB (${mbits.toFixed(1)} Mbit/s) | ${s(r.copyMs)} | ${s(r.spliceMs)} (${r.splice.method}, re-encoded ${r.splice.reencoded ? r.splice.reencoded.to - r.splice.reencoded.from : 0} frames) | ${s(r.fullMs)} | ` +
        `${(r.spliceMs / r.copyMs).toFixed(2)}x | ${r.fullMs === null ? '-' : `${(r.fullMs / r.spliceMs).toFixed(1)}x`} | ${db(r.splicePsnrOutside)} (${db(r.spliceBoundaryPsnr)}) / ${db(r.fullPsnrOutside)}`,
    );
    const identical = r.identicalOutsideBoundary === r.outsideBoundary;
    const what = r.compared === 'frames' ? 'frames outside the boundary GOPs bit-identical to the source (decoded)' : 'packets outside the boundary GOPs identical to the source\'s';
    verdicts.push(`${identical && r.splice.method === 'splice' ? 'PASS' : 'FAIL'} ${name}: ${r.identicalOutsideBoundary}/${r.outsideBoundary} ${what}`);
    const floor = `2x the copy is ${s(2 * r.copyMs)}; the new picture alone takes ${s(r.floor.decodeMs)} to decode, ${s(r.floor.encodeMs)} to decode and encode at the stretch's CRF and cap (x264 ${r.floor.fastestPreset}, the fastest)`;
    verdicts.push(`${r.spliceMs <= 2 * r.copyMs ? 'PASS' : 'FAIL'} ${name}: splice within 2x of a stream copy (${(r.spliceMs / r.copyMs).toFixed(2)}x; ${floor})`);
    if (r.minutes === 10 && r.fullMs !== null) verdicts.push(`${r.fullMs >= 10 * r.spliceMs ? 'PASS' : 'FAIL'} ${name}: splice at least 10x faster than a full re-encode (${(r.fullMs / r.spliceMs).toFixed(1)}x)`);
  }
  return [...lines, ...verdicts].join('\n');
}
