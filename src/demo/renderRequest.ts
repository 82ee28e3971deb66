/**
 * The two requests from the page that reach ffmpeg: `POST /api/media/render {spec, outPath}` (an
 * export) and `POST /api/media/frame {spec, outPath, size}` (a still, Exporter.exportSequenceFrame).
 * Every field is checked (known fields only, finite numbers in range, tick strings of digits) and
 * the spec handed to the renderer is rebuilt from the checked values, with the media and output
 * paths replaced by their real paths inside the data folder. No text from the request reaches the
 * filter graph: what the graph holds is numbers, and paths travel as separate ffmpeg arguments.
 */
import { promises as fs } from 'fs';
import { extname, sep } from 'path';
import { z } from 'zod';
import type { RenderSpec } from '../standins/premiere/types';
import type { DataFolder } from './dataFolder';

/** Bounds well past anything the demo sequence (25 fps, 1280x720, windows of 20 s at most) asks for. */
const MAX_FRAMES = 120 * 60;
const MAX_SECONDS = 24 * 3600;
const MAX_SIDE = 8192;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const seconds = z.number().finite().min(0).max(MAX_SECONDS);
const ticks = z.string().regex(/^-?\d{1,20}$/, 'must be a whole number of ticks');
const size = z.object({ width: int(1, MAX_SIDE), height: int(1, MAX_SIDE) }).strict();

const clip = z
  .object({
    mediaPath: z.string().min(1).max(4096),
    name: z.string().max(1000),
    sequenceStartTicks: ticks,
    sequenceEndTicks: ticks,
    sourceInTicks: ticks,
    windowStartFrame: int(0, MAX_FRAMES),
    windowEndFrame: int(0, MAX_FRAMES),
    sourceInSeconds: seconds,
    mediaSize: size,
    scaleToFrame: z.boolean(),
    // A clip's dissolves may begin before the window (negative) or end after it.
    dissolves: z
      .array(z.object({ startFrame: int(-MAX_FRAMES, 2 * MAX_FRAMES), endFrame: int(-MAX_FRAMES, 2 * MAX_FRAMES), fadesIn: z.boolean() }).strict().refine((d) => d.endFrame > d.startFrame, 'must end after it starts'))
      .max(2)
      .optional(),
  })
  .strict();

const track = z.object({ trackIndex: int(0, 255), clips: z.array(clip).max(1000) }).strict();

const spec = z
  .object({
    frameRate: z.object({ num: int(1, 240_000), den: int(1, 10_000) }).strict().refine((r) => r.num / r.den >= 1 && r.num / r.den <= 120, 'must be 1 to 120 frames per second'),
    frameSize: z.object({ width: int(16, MAX_SIDE), height: int(16, MAX_SIDE) }).strict(),
    window: z.object({ startTicks: ticks, endTicks: ticks, startSeconds: seconds, endSeconds: seconds, frames: int(1, MAX_FRAMES) }).strict(),
    video: z.array(track).max(64),
    audio: z.array(track).max(64),
  })
  .strict();

const request = z.object({ spec, outPath: z.string().min(1).max(4096) }).strict();
/** A still is a thumbnail-sized picture: no side past the frame bounds. */
const frameRequest = z.object({ spec, outPath: z.string().min(1).max(4096), size }).strict();

export class BadRenderRequest extends Error {}

/** The refusal when something is at a render's output path: checked first, and again as the file is created. */
export const outputExists = (outPath: string) => `${outPath} already exists; the demo never overwrites a file with a render.`;

/** What a render writes: exports as H.264 MP4 (the export preset), stills as PNG (the thumbnails). */
export const EXPORT_OUTPUT = { extensions: ['.mp4'], what: 'Exports' };
export const FRAME_OUTPUT = { extensions: ['.png'], what: 'Frames' };
type Output = typeof EXPORT_OUTPUT;

/**
 * The checked export request, or BadRenderRequest with a sentence naming the field. `outDir`
 * is the only folder exports may be written to; an existing file there is never overwritten.
 */
export async function parseRenderRequest(body: unknown, folder: DataFolder, outDir: string): Promise<{ spec: RenderSpec; outPath: string }> {
  const { spec: checked, outPath } = checkedFields(request, body);
  return { spec: await withRealMedia(checked, folder), outPath: await checkedOutput(outPath, folder, outDir, EXPORT_OUTPUT) };
}

/** The checked frame request: as an export's, with the size of the still and a new .png in `outDir`. */
export async function parseFrameRequest(body: unknown, folder: DataFolder, outDir: string): Promise<{ spec: RenderSpec; outPath: string; size: { width: number; height: number } }> {
  const { spec: checked, outPath, size: stillSize } = checkedFields(frameRequest, body);
  if (checked.window.frames !== 1) throw new BadRenderRequest('The render request is invalid at spec.window.frames: a frame export renders one frame.');
  return { spec: await withRealMedia(checked, folder), outPath: await checkedOutput(outPath, folder, outDir, FRAME_OUTPUT), size: stillSize };
}

function checkedFields<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRenderRequest(`The render request is invalid at ${issue.path.join('.') || 'the top level'}: ${issue.message}.`);
  }
  return parsed.data;
}

/** The output's real path: a new file of the output's kind directly or deeper in `outDir`, links resolved. */
async function checkedOutput(outPath: string, folder: DataFolder, outDir: string, output: Output): Promise<string> {
  const outReal = await folder.resolve(outPath);
  const outDirReal = await folder.resolve(outDir);
  if (!outReal.startsWith(outDirReal + sep) || !output.extensions.includes(extname(outReal).toLowerCase())) {
    throw new BadRenderRequest(`${output.what} are written only as ${output.extensions.join(' or ')} files in ${outDir}.`);
  }
  if (await fs.lstat(outReal).then(() => true, () => false)) throw new BadRenderRequest(outputExists(outPath));
  return outReal;
}

/** The spec handed to the renderer: the checked values, each media path replaced by its real path inside the data folder. */
async function withRealMedia(checked: z.infer<typeof spec>, folder: DataFolder): Promise<RenderSpec> {
  const realMedia = new Map<string, string>();
  for (const c of [...checked.video, ...checked.audio].flatMap((t) => t.clips)) {
    if (realMedia.has(c.mediaPath)) continue;
    const real = await folder.resolve(c.mediaPath);
    if (!(await fs.stat(real).then((s) => s.isFile(), () => false))) throw new BadRenderRequest(`No media file at ${c.mediaPath}.`);
    realMedia.set(c.mediaPath, real);
  }
  const withRealPaths = (t: z.infer<typeof track>) => ({ ...t, clips: t.clips.map((c) => ({ ...c, mediaPath: realMedia.get(c.mediaPath) as string })) });
  return { ...checked, video: checked.video.map(withRealPaths), audio: checked.audio.map(withRealPaths) };
}
