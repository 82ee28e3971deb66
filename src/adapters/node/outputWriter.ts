import { promises as fs } from 'fs';
import { basename, dirname, join } from 'path';
import { RetakeError, asRetakeError } from '../../domain/errors';
import { modeTouchesAudio, modeTouchesVideo } from '../../domain/limits';
import type { FrameRate } from '../../domain/time';
import { framesToSeconds, ticksToFrames } from '../../domain/time';
import type { TakePlacement } from '../../app/ports';
import { MediaInfo, ffmpeg } from './ffmpeg';

export interface OutputSource {
  input: string;
  output: string;
  media: MediaInfo;
  rate: FrameRate;
  totalFrames: number;
}

/**
 * The CLI's output: the input, with [at, at + source length) replaced from the take, picture
 * and/or sound by mode. Rendered beside the output and renamed over it when complete, so the
 * output path never holds half a file. (The one place that writes the output: a splice can
 * replace it.)
 */
export async function writeOutput(src: OutputSource, takePath: string, p: TakePlacement): Promise<void> {
  const { input, output, media, rate: r, totalFrames } = src;
  const atFrame = ticksToFrames(p.at, r);
  const srcFrame = ticksToFrames(p.source.start, r);
  const length = ticksToFrames(p.source.end - p.source.start, r);
  const v = media.video!;
  const graph: string[] = [];
  const args = ['-i', input, '-i', takePath];
  if (modeTouchesVideo(p.mode)) {
    graph.push(
      ...splice('v', atFrame > 0 ? `trim=end_frame=${atFrame},setpts=PTS-STARTPTS` : null,
        // The take is brought to the input's rate first, so frame numbers mean the same in both.
        `fps=${r.num}/${r.den},trim=start_frame=${srcFrame}:end_frame=${srcFrame + length},setpts=PTS-STARTPTS,scale=${v.width}:${v.height},setsar=1`,
        atFrame + length < totalFrames ? `trim=start_frame=${atFrame + length},setpts=PTS-STARTPTS` : null),
    );
  }
  if (modeTouchesAudio(p.mode)) {
    const [from, to, src0, end] = [atFrame, atFrame + length, srcFrame, totalFrames].map((f) => framesToSeconds(f, r));
    const takePiece = `atrim=start=${src0}:end=${src0 + (to - from)},asetpts=PTS-STARTPTS,aresample=48000`;
    graph.push(
      ...(media.audio
        ? splice('a', from > 0 ? `atrim=end=${from},asetpts=PTS-STARTPTS` : null, takePiece, `atrim=start=${to},asetpts=PTS-STARTPTS`)
        : overSilence(takePiece, from, end - to)),
    );
  }
  if (graph.length) args.push('-filter_complex', graph.join(';'));
  args.push('-map', modeTouchesVideo(p.mode) ? '[vout]' : '0:v');
  if (modeTouchesAudio(p.mode)) args.push('-map', '[aout]');
  else if (media.audio) args.push('-map', '0:a');
  if (modeTouchesVideo(p.mode)) args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-pix_fmt', 'yuv420p', '-r', `${r.num}/${r.den}`);
  else args.push('-c:v', 'copy');
  if (media.audio || modeTouchesAudio(p.mode)) args.push('-c:a', 'aac', '-ar', '48000');
  const partial = join(dirname(output), `.${basename(output)}.writing-${process.pid}`);
  args.push('-movflags', '+faststart', '-f', 'mp4', partial);
  try {
    await ffmpeg(args);
    await fs.rename(partial, output);
  } catch (e) {
    await fs.rm(partial, { force: true });
    throw new RetakeError('host', `Could not write ${output}: ${asRetakeError(e).message}`);
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

/**
 * A source without sound: the take's sound over the replaced range, silence before and after it,
 * so the new sound lands where the picture was retaken (not at 0 s).
 */
function overSilence(take: string, beforeSeconds: number, afterSeconds: number): string[] {
  const stereo = 'aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo';
  const silence = (seconds: number, label: string) => `anullsrc=r=48000:cl=stereo,atrim=duration=${seconds},${stereo}[${label}]`;
  const chains: string[] = [];
  const labels: string[] = [];
  if (beforeSeconds > 0) (chains.push(silence(beforeSeconds, 'as0')), labels.push('[as0]'));
  chains.push(`[1:a]${take},${stereo}[at]`);
  labels.push('[at]');
  if (afterSeconds > 0) (chains.push(silence(afterSeconds, 'as1')), labels.push('[as1]'));
  chains.push(`${labels.join('')}concat=n=${labels.length}:v=0:a=1[aout]`);
  return chains;
}
