/**
 * A still of a one-frame RenderSpec: rendered by the export renderer (the same compositing as
 * an export), then that frame written as an image at the size asked, its format taken from the
 * output's extension.
 */
import { readFile, writeFile } from 'fs/promises';
import { join } from 'path';
import { ffmpeg } from '../../adapters/node/ffmpeg';
import { inPrivateDirBeside, renderWithFfmpeg } from './ffmpegRenderer';
import type { RenderSpec } from './types';

type Size = { width: number; height: number };

/** `createOnly`: as the export renderer's option, the still never replaces what is at `outPath`. */
export function renderStillWithFfmpeg(spec: RenderSpec, outPath: string, size: Size, o: { createOnly?: boolean } = {}): Promise<void> {
  return inPrivateDirBeside(outPath, async (dir) => {
    const frame = join(dir, 'frame.mp4');
    // The extension names the format in the file name ("x.png.png"): the format is the last one.
    const ext = outPath.slice(outPath.lastIndexOf('.') + 1).toLowerCase();
    const still = join(dir, `still.${ext}`);
    await renderWithFfmpeg(spec, frame);
    const muxer = ext === 'jpg' ? ['-f', 'image2', '-c:v', 'mjpeg'] : ext === 'tif' ? ['-f', 'image2', '-c:v', 'tiff'] : ['-f', 'image2'];
    await ffmpeg(['-i', frame, '-frames:v', '1', '-vf', `scale=${size.width}:${size.height}`, '-update', '1', ...muxer, still]);
    await writeFile(outPath, await readFile(still), { flag: o.createOnly ? 'wx' : 'w', mode: 0o600 });
  });
}
