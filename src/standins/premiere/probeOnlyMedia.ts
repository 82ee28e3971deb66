import type { MediaHost } from './types';

/** For tests of the fake that never read a file: every path exists and is 10 s of 320x180 at 25 fps with sound. */
export const probeOnlyMedia: MediaHost = {
  exists: async () => true,
  probe: async () => ({ seconds: 10, width: 320, height: 180, frameRate: { num: 25, den: 1 }, hasVideo: true, hasAudio: true }),
};
