/**
 * Renders a RenderSpec to an H.264 + AAC MP4 with the npm ffmpeg, frame-accurate: exactly
 * `window.frames` frames at the sequence rate and size.
 *
 * Picture: the window is cut into runs of frames where the same clip is top-most (or nothing is:
 * black), each run is rendered from its media and the runs are concatenated. Where the top clip
 * has a dissolve, its frames are blended with the clip beneath by a linear opacity ramp. Sound: every audible
 * clip is delayed to its place and mixed over silence.
 */
import { mkdtemp, open, readFile, rm } from 'fs/promises';
import { dirname, join } from 'path';
import { ffmpeg } from '../../adapters/node/ffmpeg';
import { dissolveAt, dissolveOpacity } from './composite';
import type { RenderClip, RenderDissolve, RenderSpec, SequenceRenderer } from './types';

const SAMPLE_RATE = 48000;

interface Run {
  clip: RenderClip | null;
  start: number;
  end: number;
  /** The clip is fading in or out here over `under` (the next clip beneath, or black). */
  dissolve?: { dissolve: RenderDissolve; under: RenderClip | null };
}

export interface RendererOptions {
  x264Preset?: string;
  /** Pause between the steps of writing the file (header, then the rest in parts), ms. */
  growthPauseMs?: number;
  /**
   * Create the output, never replace what is there (a file, or a link planted after the caller
   * checked): the demo server's renders, whose output path comes from the page.
   */
  createOnly?: boolean;
}

/**
 * Like an encoder, the file appears with its header first and grows: the finished render is moved
 * into place as the first box, then the rest in four parts, `growthPauseMs` apart.
 */
export function createFfmpegRenderer(options: RendererOptions = {}): SequenceRenderer {
  return {
    render: (spec, outPath) =>
      inPrivateDirBeside(outPath, async (dir) => {
        const rendering = join(dir, 'rendering.mp4');
        await renderWithFfmpeg(spec, rendering, options.x264Preset ?? 'ultrafast');
        await writeGrowing(await readFile(rendering), outPath, options.growthPauseMs ?? 20, options.createOnly ?? false);
      }),
  };
}

/**
 * Runs `work` with a new folder beside `outPath` (mode 0700, an unguessable name) for the files a
 * render makes on its way, so no other process can plant a link where ffmpeg writes; removed after.
 */
export async function inPrivateDirBeside<T>(outPath: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(dirname(outPath), '.ltx-render-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes `bytes` to `to` through one handle, the header first and the rest in four parts, `pauseMs` apart. */
async function writeGrowing(bytes: Buffer, to: string, pauseMs: number, createOnly: boolean): Promise<void> {
  // 'wx' is O_CREAT | O_EXCL: it fails on anything at the path, a link included, without following it.
  // Made readable by its owner only, as it is created (a chmod after would follow a link swapped in).
  const file = await open(to, createOnly ? 'wx' : 'w', 0o600);
  try {
    const headerEnd = Math.min(bytes.length, bytes.readUInt32BE(0) || bytes.length);
    await file.write(bytes.subarray(0, headerEnd));
    const step = Math.ceil((bytes.length - headerEnd) / 4);
    for (let pos = headerEnd; pos < bytes.length; pos += step) {
      await new Promise((r) => setTimeout(r, pauseMs));
      await file.write(bytes.subarray(pos, Math.min(bytes.length, pos + step)));
    }
  } finally {
    await file.close();
  }
}

export async function renderWithFfmpeg(spec: RenderSpec, outPath: string, x264Preset = 'ultrafast'): Promise<void> {
  await ffmpeg(ffmpegArgs(spec, outPath, x264Preset));
}

/** The whole ffmpeg command line for a spec (exported for inspection in tests). */
export function ffmpegArgs(spec: RenderSpec, outPath: string, x264Preset = 'ultrafast'): string[] {
  const frames = spec.window.frames;
  if (!Number.isInteger(frames) || frames <= 0) throw new Error('Nothing to render: the window is empty.');
  const { num, den } = spec.frameRate;
  const rate = `${num}/${den}`;
  const frameSeconds = den / num;
  const { width: W, height: H } = spec.frameSize;
  const inputs: string[] = [];
  const graph: string[] = [];
  let inputCount = 0;
  const addInput = (path: string, from: number, seconds: number): number => {
    inputs.push('-ss', Math.max(0, from).toFixed(6), '-t', seconds.toFixed(6), '-i', path);
    return inputCount++;
  };

  // Picture.
  const segment = (clip: RenderClip | null, start: number, n: number, label: string): string => {
    if (!clip) return `color=c=black:s=${W}x${H}:r=${rate},trim=end_frame=${n},setsar=1,format=yuv420p[${label}]`;
    const sourceStart = clip.sourceInSeconds + (start - clip.windowStartFrame) * frameSeconds;
    // Seek a quarter frame early so the first wanted frame is never lost to rounding.
    const input = addInput(clip.mediaPath, sourceStart - frameSeconds / 4, n * frameSeconds + 1);
    return (
      `[${input}:v]setpts=PTS-STARTPTS,fps=${rate},${fit(clip, W, H)},setsar=1,format=yuv420p,` +
      `tpad=stop=${n}:stop_mode=clone,trim=end_frame=${n},setpts=PTS-STARTPTS[${label}]`
    );
  };
  const runs = pictureRuns(spec);
  runs.forEach((run, k) => {
    const n = run.end - run.start;
    if (!run.dissolve) {
      graph.push(segment(run.clip, run.start, n, `v${k}`));
      return;
    }
    // The clip's opacity at each frame's middle, over what lies beneath (black where nothing does).
    // The ramp is linear in the frame, so two of its values give the expression for frame N of the run.
    const { dissolve, under } = run.dissolve;
    const first = dissolveOpacity(dissolve, run.start);
    const opacity = `(${first}+(${dissolveOpacity(dissolve, run.start + 1) - first})*N)`;
    graph.push(segment(run.clip, run.start, n, `t${k}`), segment(under, run.start, n, `u${k}`));
    graph.push(`[t${k}][u${k}]blend=all_expr='A*${opacity}+B*(1-${opacity})'[v${k}]`);
  });
  graph.push(`${runs.map((_, k) => `[v${k}]`).join('')}concat=n=${runs.length}:v=1:a=0[vout]`);

  // Sound.
  const totalSamples = Math.round(frames * frameSeconds * SAMPLE_RATE);
  graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=end_sample=${totalSamples}[a0]`);
  let mixed = 1;
  for (const track of spec.audio) {
    for (const clip of track.clips) {
      const n = clip.windowEndFrame - clip.windowStartFrame;
      if (n <= 0) continue;
      const samples = Math.round(n * frameSeconds * SAMPLE_RATE);
      const delayMs = Math.round(clip.windowStartFrame * frameSeconds * 1000);
      const input = addInput(clip.mediaPath, clip.sourceInSeconds, n * frameSeconds + 0.5);
      graph.push(
        `[${input}:a]aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,asetpts=PTS-STARTPTS,` +
          `atrim=end_sample=${samples},adelay=${delayMs}|${delayMs},apad=whole_len=${totalSamples},atrim=end_sample=${totalSamples}[a${mixed}]`,
      );
      mixed++;
    }
  }
  const labels = Array.from({ length: mixed }, (_, i) => `[a${i}]`).join('');
  // amix scales each input by 1/n; every input lasts the whole window, so volume=n undoes it exactly.
  graph.push(mixed === 1 ? '[a0]anull[aout]' : `${labels}amix=inputs=${mixed}:duration=first:dropout_transition=0,volume=${mixed}[aout]`);

  return [
    ...inputs,
    '-filter_complex', graph.join(';'),
    '-map', '[vout]', '-map', '[aout]',
    '-c:v', 'libx264', '-preset', x264Preset, '-pix_fmt', 'yuv420p', '-r', rate, '-frames:v', String(frames),
    '-c:a', 'aac', '-b:a', '128k', '-ar', String(SAMPLE_RATE), '-ac', '2',
    '-movflags', '+faststart', '-f', 'mp4', outPath,
  ];
}

/** Consecutive frames showing the same top-most clip (or nothing), split where a dissolve of it starts or ends. */
export function pictureRuns(spec: RenderSpec): Run[] {
  const frames = spec.window.frames;
  const cuts = new Set<number>([0, frames]);
  for (const track of spec.video) {
    for (const clip of track.clips) {
      for (const frame of [clip.windowStartFrame, clip.windowEndFrame, ...(clip.dissolves ?? []).flatMap((d) => [d.startFrame, d.endFrame])]) {
        cuts.add(clamp(frame, 0, frames));
      }
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (end <= start) continue;
    const [clip = null, under = null] = stackAt(spec, start);
    const dissolve = dissolveAt(clip?.dissolves, start);
    const last = runs[runs.length - 1];
    if (dissolve) runs.push({ clip, start, end, dissolve: { dissolve, under } });
    else if (last && !last.dissolve && last.clip === clip && last.end === start) last.end = end;
    else runs.push({ clip, start, end });
  }
  return runs;
}

/** The clips showing at a frame, top-most first (the spec holds only clips that show: composite.ts's rule, applied by encoderApi.ts). */
function stackAt(spec: RenderSpec, frame: number): RenderClip[] {
  const out: RenderClip[] = [];
  for (const track of spec.video) {
    const clip = track.clips.find((c) => c.windowStartFrame <= frame && frame < c.windowEndFrame);
    if (clip) out.push(clip);
  }
  return out;
}

/** Scaled to the frame (letterboxed if the aspect differs), or at its own size, centred and cropped. */
function fit(clip: RenderClip, W: number, H: number): string {
  const same = clip.mediaSize.width === W && clip.mediaSize.height === H;
  if (clip.scaleToFrame || same) {
    return `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2`;
  }
  return `crop=w='min(iw,${W})':h='min(ih,${H})',pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2`;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
