import { mkdtemp, readFile, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { ffmpeg } from '../adapters/node/ffmpeg';
import { RetakeOutputResult, writeRetakeOutput } from '../adapters/node/splice';
import { makeSource } from '../testing/sources';

/**
 * Writing a retake's output on long sources: the splice against a plain stream copy of the file
 * (the floor: every packet read and written once) and against a full re-encode (what the command
 * line did before), with the quality of every frame outside the replaced range.
 *
 * Sources are generated at 320x180 to keep this feasible on 2 cores: 25 fps H.264 with B-frames
 * (x264 veryfast), a keyframe every 2 s, AAC stereo. The 10- and 60-minute sources are the 1-minute
 * one concatenated by stream copy, so generating them costs seconds. The take is 1080p, as Runware
 * returns it; the retake replaces 3 s (75 frames) in the middle, starting off a keyframe.
 */
/** Source lengths in minutes; SPLICE_BENCH_MINUTES=1,10 runs a shorter set. */
const MINUTES = (process.env.SPLICE_BENCH_MINUTES ?? '1,10,60').split(',').map(Number).filter((m) => m > 0);
const FPS = 25;
const RETAKE_FRAMES = 75;
/** The full re-encode of the 60-minute source takes minutes on 2 cores: run only when asked. */
const FULL_REENCODE_MAX_MINUTES = process.env.SPLICE_BENCH_FULL_60 ? 60 : 10;

export interface SpliceBenchRow {
  minutes: number;
  frames: number;
  copyMs: number;
  spliceMs: number;
  fullMs: number | null;
  splice: RetakeOutputResult;
  /** Frames outside the re-encoded GOPs whose decoded picture is bit-identical to the source's. */
  identicalOutsideBoundary: number;
  outsideBoundary: number;
  /** PSNR (dB) over the frames outside the replaced range, re-encoded boundary frames included. */
  splicePsnrOutside: number;
  /** PSNR of the boundary frames outside the replaced range alone (the only frames not copied). */
  spliceBoundaryPsnr: number;
  fullPsnrOutside: number | null;
}

export async function runSpliceBench(): Promise<SpliceBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'ltx-splice-bench-'));
  try {
    const oneMinute = await makeSource(join(dir, 'src-1.mp4'), { seconds: 60, fps: String(FPS), gop: 2 * FPS, audioRate: 48000 });
    const take = await makeSource(join(dir, 'take.mp4'), { seconds: 6, fps: String(FPS), width: 1920, height: 1080, pattern: 'color=c=red', audioRate: 48000 });
    const rows: SpliceBenchRow[] = [];
    for (const minutes of MINUTES) {
      const source = minutes === 1 ? oneMinute : await repeat(oneMinute, minutes, join(dir, `src-${minutes}.mp4`));
      const frames = minutes * 60 * FPS;
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
      const stats = await frameMse(spliceOut, source, join(dir, 'psnr.log'));
      const outsideBoundary = stats.filter((_, i) => i < boundary.from || i >= boundary.to);
      const boundaryOutsideRange = stats.filter((_, i) => i >= boundary.from && i < boundary.to && (i < replaced.from || i >= replaced.to));
      const outsideRange = stats.filter((_, i) => i < replaced.from || i >= replaced.to);
      await rm(spliceOut);

      let fullMs: number | null = null;
      let fullPsnrOutside: number | null = null;
      if (minutes <= FULL_REENCODE_MAX_MINUTES) {
        const fullOut = join(dir, `full-${minutes}.mp4`);
        fullMs = await timed(() => fullReencode(source, take, replaced, fullOut));
        fullPsnrOutside = psnr((await frameMse(fullOut, source, join(dir, 'psnr.log'))).filter((_, i) => i < replaced.from || i >= replaced.to));
        await rm(fullOut);
      }
      rows.push({
        minutes, frames, copyMs, spliceMs, fullMs, splice: splice!,
        identicalOutsideBoundary: outsideBoundary.filter((mse) => mse === 0).length,
        outsideBoundary: outsideBoundary.length,
        splicePsnrOutside: psnr(outsideRange),
        spliceBoundaryPsnr: psnr(boundaryOutsideRange),
        fullPsnrOutside,
      });
      if (minutes !== 1) await rm(source);
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The whole source re-encoded with the replaced frames from the take: the command line before the splice. */
async function fullReencode(source: string, take: string, replaced: { from: number; to: number }, output: string): Promise<void> {
  const graph = [
    '[0:v]split=2[a][b]',
    `[a]trim=end_frame=${replaced.from},setpts=PTS-STARTPTS[before]`,
    `[1:v]trim=start_frame=${FPS}:end_frame=${FPS + RETAKE_FRAMES},setpts=PTS-STARTPTS,scale=320:180,setsar=1[take]`,
    `[b]trim=start_frame=${replaced.to},setpts=PTS-STARTPTS[after]`,
    '[before][take][after]concat=n=3:v=1:a=0[v]',
  ].join(';');
  await ffmpeg(['-i', source, '-i', take, '-filter_complex', graph, '-map', '[v]', '-map', '0:a', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-c:a', 'aac', output]);
}

/**
 * The 1-minute source n times over, by stream copy (the concat demuxer). Picture and sound are
 * joined separately: joined together, the AAC priming of each copy would shift the picture's start.
 */
async function repeat(source: string, times: number, output: string): Promise<string> {
  const parts: string[] = [];
  for (const kind of ['v', 'a']) {
    const unit = `${source}.${kind}.mp4`;
    await ffmpeg(['-i', source, '-map', `0:${kind}`, '-c', 'copy', unit]);
    const list = `${output}.${kind}.ffconcat`;
    await writeFile(list, `ffconcat version 1.0\n${`file '${unit}'\nduration 60\n`.repeat(times)}`);
    parts.push('-f', 'concat', '-safe', '0', '-i', list);
  }
  await ffmpeg([...parts, '-map', '0:v', '-map', '1:a', '-c', 'copy', output]);
  return output;
}

/** Mean squared error of every frame of `a` against `b` (ffmpeg's psnr filter; 0 means bit-identical planes). */
async function frameMse(a: string, b: string, statsFile: string): Promise<number[]> {
  await ffmpeg(['-i', a, '-i', b, '-lavfi', `[0:v][1:v]psnr=stats_file=${statsFile}`, '-f', 'null', '-']);
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
  const db = (v: number | null) => (v === null ? '-' : Number.isFinite(v) ? `${v.toFixed(1)} dB` : 'identical');
  const lines = ['source | stream copy | splice | full re-encode | splice / copy | full / splice | PSNR outside the range: splice (boundary frames) / full'];
  const verdicts: string[] = [];
  for (const r of rows) {
    lines.push(
      `${r.minutes} min | ${s(r.copyMs)} | ${s(r.spliceMs)} (${r.splice.method}, re-encoded ${r.splice.reencoded ? r.splice.reencoded.to - r.splice.reencoded.from : 0} frames) | ${s(r.fullMs)} | ` +
        `${(r.spliceMs / r.copyMs).toFixed(2)}x | ${r.fullMs === null ? '-' : `${(r.fullMs / r.spliceMs).toFixed(1)}x`} | ${db(r.splicePsnrOutside)} (${db(r.spliceBoundaryPsnr)}) / ${db(r.fullPsnrOutside)}`,
    );
    const identical = r.identicalOutsideBoundary === r.outsideBoundary;
    verdicts.push(`${identical && r.splice.method === 'splice' ? 'PASS' : 'FAIL'} ${r.minutes} min: ${r.identicalOutsideBoundary}/${r.outsideBoundary} frames outside the boundary GOPs bit-identical to the source`);
    verdicts.push(`${r.spliceMs <= 2 * r.copyMs ? 'PASS' : 'FAIL'} ${r.minutes} min: splice within 2x of a stream copy (${(r.spliceMs / r.copyMs).toFixed(2)}x)`);
    if (r.minutes === 10 && r.fullMs !== null) verdicts.push(`${r.fullMs >= 10 * r.spliceMs ? 'PASS' : 'FAIL'} 10 min: splice at least 10x faster than a full re-encode (${(r.fullMs / r.spliceMs).toFixed(1)}x)`);
  }
  return [...lines, ...verdicts].join('\n');
}
