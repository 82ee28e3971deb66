import { RetakeError, asRetakeError } from '../../../domain/errors';
import { modeTouchesAudio, modeTouchesVideo } from '../../../domain/limits';
import { FrameRate, ticksToFrames } from '../../../domain/time';
import type { TakePlacement } from '../../../app/ports';
import { ReplaceableAtOutput, isOutputAppeared } from '../placeOutput';
import { DEFAULT_AUDIO_FADE_MS, RetakeOutputResult, writeRetakeOutput } from './index';

/** The command line's "place": the take's frames [source) land at `at` of the input file, written to the output. */
export async function spliceTakeIntoFile(
  files: { input: string; output: string; audioFadeMs?: number; replaceable: ReplaceableAtOutput },
  rate: FrameRate,
  takePath: string,
  p: TakePlacement,
): Promise<RetakeOutputResult> {
  const at = ticksToFrames(p.at, rate);
  return writeRetakeOutput({
    input: files.input,
    take: takePath,
    output: files.output,
    replaced: { from: at, to: at + ticksToFrames(p.source.end - p.source.start, rate) },
    takeFrom: ticksToFrames(p.source.start, rate),
    replaceVideo: modeTouchesVideo(p.mode),
    replaceAudio: modeTouchesAudio(p.mode),
    audioFadeMs: files.audioFadeMs ?? DEFAULT_AUDIO_FADE_MS,
    replaceable: files.replaceable,
  }).catch((e: unknown) => {
    if (isOutputAppeared(e)) throw e;
    throw new RetakeError('host', `Could not write ${files.output}: ${asRetakeError(e).message}`);
  });
}
