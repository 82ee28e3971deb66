import { basename, dirname, extname } from 'path';
import { RetakeError, asRetakeError } from '../../domain/errors';
import { RETAKE_LIMITS, modeTouchesAudio, modeTouchesVideo } from '../../domain/limits';
import { FrameRate, TickRange, framesToSeconds, ticksPerFrame, ticksToFrames } from '../../domain/time';
import type { CancelToken } from '../../app/cancel';
import type { HostPort, PlacedTake, SequenceSnapshot, TakeItemRef, TakePlacement } from '../../app/ports';
import { MediaInfo, ffmpeg, probe } from './ffmpeg';

/**
 * The command line's host: a video file stands in for the sequence. "Export" cuts the window,
 * "place" writes the output file: the input with the replaced range taken from the take.
 */
export interface VideoFileHostOptions {
  input: string;
  output: string;
  /** The range to retake, seconds in the input, snapped to the nearest frames. */
  fromSeconds: number;
  toSeconds: number;
}

export async function createVideoFileHost(o: VideoFileHostOptions): Promise<HostPort & { media: MediaInfo; rate: FrameRate }> {
  const media = await probe(o.input).catch((e: unknown) => {
    throw new RetakeError('invalidInput', `Cannot read ${o.input} as a video: ${asRetakeError(e).message}`);
  });
  if (!media.video) throw new RetakeError('invalidInput', `${o.input} has no video stream.`);
  const video = media.video;
  const rate: FrameRate = { num: video.frameRate.num, den: video.frameRate.den, dropFrame: false };
  if ((254016000000 * rate.den) % rate.num !== 0) {
    throw new RetakeError('invalidInput', `The input's frame rate ${rate.num}/${rate.den} is not one a Premiere timeline can hold exactly.`);
  }
  if (video.width > RETAKE_LIMITS.maxWidth || video.height > RETAKE_LIMITS.maxHeight) {
    throw new RetakeError('invalidInput', `The input is ${video.width}x${video.height}; LTX-2 Retake takes at most ${RETAKE_LIMITS.maxWidth}x${RETAKE_LIMITS.maxHeight}.`);
  }
  const tpf = ticksPerFrame(rate);
  const totalFrames = video.frames ?? Math.floor((media.durationSeconds * rate.num) / rate.den);
  const frameAt = (seconds: number) => BigInt(Math.round((seconds * rate.num) / rate.den)) * tpf;
  let placedTake: PlacedTake | null = null;

  return {
    media,
    rate,
    readSequence: async (): Promise<SequenceSnapshot> => ({
      id: o.input,
      name: basename(o.input, extname(o.input)),
      timing: { frameRate: rate, end: BigInt(totalFrames) * tpf, zeroPoint: 0n },
      frameSize: { width: video.width, height: video.height },
      marks: o.toSeconds > o.fromSeconds ? { start: frameAt(o.fromSeconds), end: frameAt(o.toSeconds) } : null,
      videoTrackCount: 1,
      audioTrackCount: media.audio ? 1 : 0,
    }),
    readRangedMarkers: async () => [],
    takesFolder: async () => dirname(o.output),
    exportWindow: async (_id: string, window: TickRange, outPath: string, cancel: CancelToken) => {
      cancel.throwIfCancelled();
      const startFrame = ticksToFrames(window.start, rate);
      const frames = ticksToFrames(window.end - window.start, rate);
      // Frame-exact cut (trim by frame numbers), H.264 at most 1080p, as the plugin's export preset.
      const f = 'min(1,min(1920/iw,1080/ih))';
      const fit = `scale=w='trunc(iw*${f}/2)*2':h='trunc(ih*${f}/2)*2'`;
      const graph = [`[0:v]trim=start_frame=${startFrame}:end_frame=${startFrame + frames},setpts=PTS-STARTPTS,${fit}[v]`];
      if (media.audio) {
        const [from, to] = [startFrame, startFrame + frames].map((f) => framesToSeconds(f, rate));
        graph.push(`[0:a]atrim=start=${from}:end=${to},asetpts=PTS-STARTPTS[a]`);
      }
      const args = ['-i', o.input, '-filter_complex', graph.join(';'), '-map', '[v]'];
      if (media.audio) args.push('-map', '[a]', '-c:a', 'aac', '-ar', '48000');
      args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-r', `${rate.num}/${rate.den}`, '-movflags', '+faststart', outPath);
      await ffmpeg(args).catch((e: unknown) => {
        throw new RetakeError('host', `Could not cut the context window from the input: ${asRetakeError(e).message}`);
      });
    },
    importTake: async (takePath: string): Promise<TakeItemRef> => ({ mediaPath: takePath }),
    placeTake: async (take: TakeItemRef, p: TakePlacement): Promise<PlacedTake> => {
      await composite(o, media, rate, take.mediaPath, p);
      placedTake = { sequenceId: p.sequenceId, name: p.name, videoTrackIndex: modeTouchesVideo(p.mode) ? 1 : null, audioTrackIndex: modeTouchesAudio(p.mode) ? 1 : null, at: p.at.toString() };
      return placedTake;
    },
    findPlacedTake: async (_sequenceId: string, jobId: string) => (placedTake?.name.includes(`[${jobId}]`) ? placedTake : null),
    revealTake: async () => undefined,
  };

  // The output: the input, with [at, at + source length) replaced from the take, picture and/or sound by mode.
  async function composite(opts: VideoFileHostOptions, info: MediaInfo, r: FrameRate, takePath: string, p: TakePlacement): Promise<void> {
    const atFrame = ticksToFrames(p.at, r);
    const srcFrame = ticksToFrames(p.source.start, r);
    const length = ticksToFrames(p.source.end - p.source.start, r);
    const v = info.video!;
    const graph: string[] = [];
    const args = ['-i', opts.input, '-i', takePath];
    if (modeTouchesVideo(p.mode)) {
      graph.push(
        ...splice('v', atFrame > 0 ? `trim=end_frame=${atFrame},setpts=PTS-STARTPTS` : null,
          // The take is brought to the input's rate first, so frame numbers mean the same in both.
          `fps=${r.num}/${r.den},trim=start_frame=${srcFrame}:end_frame=${srcFrame + length},setpts=PTS-STARTPTS,scale=${v.width}:${v.height},setsar=1`,
          atFrame + length < totalFrames ? `trim=start_frame=${atFrame + length},setpts=PTS-STARTPTS` : null),
      );
    }
    if (modeTouchesAudio(p.mode)) {
      const [from, to, src] = [atFrame, atFrame + length, srcFrame].map((f) => framesToSeconds(f, r));
      graph.push(
        ...splice('a', info.audio && from > 0 ? `atrim=end=${from},asetpts=PTS-STARTPTS` : null,
          `atrim=start=${src}:end=${src + (to - from)},asetpts=PTS-STARTPTS,aresample=48000`,
          info.audio ? `atrim=start=${to},asetpts=PTS-STARTPTS` : null),
      );
    }
    if (graph.length) args.push('-filter_complex', graph.join(';'));
    args.push('-map', modeTouchesVideo(p.mode) ? '[vout]' : '0:v');
    if (modeTouchesAudio(p.mode)) args.push('-map', '[aout]');
    else if (info.audio) args.push('-map', '0:a');
    if (modeTouchesVideo(p.mode)) args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-r', `${r.num}/${r.den}`);
    else args.push('-c:v', 'copy');
    if (info.audio || modeTouchesAudio(p.mode)) args.push('-c:a', 'aac', '-ar', '48000');
    args.push('-movflags', '+faststart', opts.output);
    await ffmpeg(args).catch((e: unknown) => {
      throw new RetakeError('host', `Could not write ${opts.output}: ${asRetakeError(e).message}`);
    });
  }
}

/**
 * An ffmpeg filter chain for one stream kind: the original before the range, the take's piece, the
 * original after it, concatenated into [vout] or [aout]. Null pieces are left out.
 */
function splice(kind: 'v' | 'a', before: string | null, take: string, after: string | null): string[] {
  const chains: string[] = [];
  const originals = [before, after].filter((x): x is string => x !== null);
  const originalLabels = originals.length === 2 ? [`[${kind}o0]`, `[${kind}o1]`] : [`[0:${kind}]`];
  if (originals.length === 2) chains.push(`[0:${kind}]${kind === 'v' ? 'split' : 'asplit'}=2${originalLabels.join('')}`);
  const pieces: string[] = [];
  originals.forEach((filter, i) => {
    const label = `[${kind}${filter === before ? 'b' : 'e'}]`;
    chains.push(`${originalLabels[i]}${filter}${label}`);
    pieces[filter === before ? 0 : 2] = label;
  });
  chains.push(`[1:${kind}]${take}[${kind}t]`);
  pieces[1] = `[${kind}t]`;
  const inputs = pieces.filter(Boolean);
  chains.push(`${inputs.join('')}concat=n=${inputs.length}:v=${kind === 'v' ? 1 : 0}:a=${kind === 'a' ? 1 : 0}[${kind}out]`);
  return chains;
}
