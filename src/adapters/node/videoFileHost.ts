import { basename, dirname, extname } from 'path';
import { RetakeError, asRetakeError } from '../../domain/errors';
import { RETAKE_LIMITS, modeTouchesAudio, modeTouchesVideo } from '../../domain/limits';
import { FrameRate, TickRange, framesToSeconds, ticksPerFrame, ticksToFrames } from '../../domain/time';
import type { CancelToken } from '../../app/cancel';
import type { HostPort, PlacedTake, SequenceSnapshot, TakeItemRef, TakePlacement } from '../../app/ports';
import { MediaInfo, ffmpeg, probe } from './ffmpeg';
import type { ReplaceableAtOutput } from './placeOutput';
import type { RetakeOutputResult } from './splice';
import { spliceTakeIntoFile } from './splice/placement';

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
  /** The sequence's identity in the journal (default: the input path) and its name (default: the input's). */
  sequenceId?: string;
  sequenceName?: string;
  /** Crossfade at each sound cut, milliseconds (default: DEFAULT_AUDIO_FADE_MS in splice/). */
  audioFadeMs?: number;
  /** Told how the output was written (spliced, or re-encoded whole and why). */
  onOutputWritten?: (result: RetakeOutputResult) => void;
}

export interface VideoFileHost extends HostPort {
  media: MediaInfo;
  rate: FrameRate;
  /** What "place" may replace at the output: nothing until the command has checked what is there. */
  allowReplacing(replaceable: ReplaceableAtOutput): void;
}

export async function createVideoFileHost(o: VideoFileHostOptions): Promise<VideoFileHost> {
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
  let replaceable: ReplaceableAtOutput = null;

  return {
    media,
    rate,
    allowReplacing: (accepted) => {
      replaceable = accepted;
    },
    readSequence: async (): Promise<SequenceSnapshot> => ({
      id: o.sequenceId ?? o.input,
      name: o.sequenceName ?? basename(o.input, extname(o.input)),
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
      const written = await spliceTakeIntoFile({ ...o, replaceable }, rate, take.mediaPath, p);
      o.onOutputWritten?.(written);
      placedTake = { sequenceId: p.sequenceId, name: p.name, videoTrackIndex: modeTouchesVideo(p.mode) ? 1 : null, audioTrackIndex: modeTouchesAudio(p.mode) ? 1 : null, at: p.at.toString() };
      return placedTake;
    },
    findPlacedTake: async (_sequenceId: string, jobId: string) => (placedTake?.name.includes(`[${jobId}]`) ? placedTake : null),
    revealTake: async () => undefined,
  };
}
