import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { basename, extname, join } from 'path';
import { probe } from '../adapters/node/ffmpeg';
import { conformToConstantRate, fingerprintFile, variableFrameRate } from '../adapters/node/sourceFile';
import type { RetakeOutputResult } from '../adapters/node/splice';
import { createVideoFileHost } from '../adapters/node/videoFileHost';
import { asRetakeError } from '../domain/errors';
import { modeTouchesAudio } from '../domain/limits';
import type { CliOptions } from './args';

export type VideoFileHost = Awaited<ReturnType<typeof createVideoFileHost>>;

export interface PreparedSource {
  host: VideoFileHost;
  /** The file the window is cut from and the take spliced into: the input, or its constant-rate copy. */
  file: string;
  /** The input's content hash: with the plan, what makes a rerun "the same command". */
  fingerprint: string;
  /** Sentences for the plan output (conformed rate, sound added to a silent source). */
  notes: string[];
  cleanup: () => Promise<void>;
}

/**
 * Reads the input and makes it safe to count frames in: a variable frame rate source is conformed
 * to its base rate first, so the estimate, the upload, the bill and the take all agree. Returns
 * the sentence that says what is wrong instead, before anything is uploaded.
 */
export async function prepareSource(
  input: string,
  output: string,
  o: Pick<CliOptions, 'from' | 'to' | 'mode' | 'audioFadeMs'>,
  onOutputWritten: (written: RetakeOutputResult) => void,
): Promise<PreparedSource | { problem: string }> {
  const info = await probe(input).catch((e: unknown) => asRetakeError(e));
  if (info instanceof Error) return { problem: `Cannot read ${input} as a video: ${info.message}` };
  if (!info.video) return { problem: `${input} has no video stream.` };
  const halfFrame = info.video.frameRate.den / info.video.frameRate.num / 2;
  if (o.to > info.durationSeconds + halfFrame) {
    return { problem: `--to (${o.to} s) is past the end of the input (${info.durationSeconds.toFixed(3)} s).` };
  }
  const notes: string[] = [];
  let scratch: string | null = null;
  const cleanup = async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
  try {
    let cutFrom = input;
    const varying = variableFrameRate(info);
    if (varying) {
      scratch = await mkdtemp(join(tmpdir(), 'ltx-retake-conform-'));
      cutFrom = join(scratch, 'constant-rate.mp4');
      await conformToConstantRate(input, info.video.frameRate, info.audio !== undefined, cutFrom);
      notes.push(
        `The input's frame rate varies (${fps(varying.base)} fps nominal, ${fps(varying.average)} on average); it was conformed to a constant ${fps(varying.base)} fps, so the bill, the take and the output count the same frames. The output is at ${fps(varying.base)} fps.`,
      );
    }
    const fingerprint = await fingerprintFile(input);
    const host = await createVideoFileHost({
      input: cutFrom, output, fromSeconds: o.from, toSeconds: o.to, audioFadeMs: o.audioFadeMs, onOutputWritten,
      sequenceId: fingerprint, sequenceName: basename(input, extname(input)),
    });
    if (!host.media.audio && modeTouchesAudio(o.mode)) {
      notes.push('The input has no sound: the take\'s sound is added over the replaced range, with silence elsewhere.');
    }
    return { host, file: cutFrom, fingerprint, notes, cleanup };
  } catch (e) {
    await cleanup();
    return { problem: asRetakeError(e).message };
  }
}

const fps = (v: number) => String(Math.round(v * 1000) / 1000);
