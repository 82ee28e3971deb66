/** The fake Premiere wired for Node: real media probing and real ffmpeg exports (CLI, demo server, tests). */
import { createFakePremiere, FakePremiere } from './fakePremiere';
import { createFfmpegRenderer } from './ffmpegRenderer';
import { renderStillWithFfmpeg } from './ffmpegStill';
import { nodeMedia } from './nodeMedia';
import type { FakePremiereOptions } from './types';

export function createNodeFakePremiere(options: Partial<FakePremiereOptions> = {}): FakePremiere {
  return createFakePremiere({ media: nodeMedia, renderer: { ...createFfmpegRenderer(), renderFrame: renderStillWithFfmpeg }, ...options });
}

export { createFfmpegRenderer, nodeMedia };
