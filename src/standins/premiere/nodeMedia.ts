/** The fake Premiere's media host on Node: file existence from fs, probing with the npm ffprobe. */
import { promises as fs } from 'fs';
import { probe } from '../../adapters/node/ffmpeg';
import type { MediaHost, MediaProbe } from './types';

export const nodeMedia: MediaHost = {
  exists: async (path) => {
    try {
      return (await fs.stat(path)).isFile();
    } catch {
      return false;
    }
  },
  probe: async (path): Promise<MediaProbe> => {
    const info = await probe(path);
    return {
      seconds: info.durationSeconds,
      width: info.video?.width ?? 0,
      height: info.video?.height ?? 0,
      frameRate: info.video?.frameRate ?? { num: 0, den: 1 },
      hasVideo: info.video !== undefined,
      hasAudio: info.audio !== undefined,
      frames: info.video?.frames,
    };
  },
};
