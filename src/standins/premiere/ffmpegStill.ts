/**
 * A still of a one-frame RenderSpec: rendered by the export renderer (the same compositing as
 * an export), then that frame written as an image at the size asked, its format taken from the
 * output's extension.
 */
import { rm } from 'fs/promises';
import { ffmpeg } from '../../adapters/node/ffmpeg';
import { renderWithFfmpeg } from './ffmpegRenderer';
import type { RenderSpec } from './types';

export async function renderStillWithFfmpeg(spec: RenderSpec, outPath: string, size: { width: number; height: number }): Promise<void> {
  const frame = `${outPath}.frame.mp4`;
  try {
    await renderWithFfmpeg(spec, frame);
    // The extension names the format in the file name ("x.png.png"): the format is the last one.
    const ext = outPath.slice(outPath.lastIndexOf('.') + 1).toLowerCase();
    const muxer = ext === 'jpg' ? ['-f', 'image2', '-c:v', 'mjpeg'] : ext === 'tif' ? ['-f', 'image2', '-c:v', 'tiff'] : ['-f', 'image2'];
    await ffmpeg(['-i', frame, '-frames:v', '1', '-vf', `scale=${size.width}:${size.height}`, '-update', '1', ...muxer, '-y', outPath]);
  } finally {
    await rm(frame, { force: true });
  }
}
