import { RETAKE_LIMITS } from '../domain/limits';
import type { RetakePlan } from '../domain/plan';
import { framesToSeconds } from '../domain/time';
import { mp4IncompleteReason, readMp4VideoInfo } from './mp4';

/**
 * The last check before anything is uploaded: the exported window must be a finished MP4 of the
 * planned length. What fails here is never uploaded, so it is never billed. Returns the sentence
 * that says what is wrong, or null.
 */
export function exportedWindowProblem(bytes: Uint8Array, plan: RetakePlan): string | null {
  const nothingSent = 'Nothing was uploaded or charged; try again.';
  const incomplete = mp4IncompleteReason(bytes);
  if (incomplete) return `The exported range is not a finished MP4 (${incomplete}): the export had not completed. ${nothingSent}`;
  const info = readMp4VideoInfo(bytes);
  if (!info) return `The exported range has no video track. ${nothingSent}`;
  const rate = plan.frameRate;
  const frameSeconds = framesToSeconds(1, rate);
  const frames = Math.round(info.durationSeconds / frameSeconds);
  if (frames < RETAKE_LIMITS.minClipFramesAt24) {
    return `The exported range has ${frames} frames; LTX-2 Retake needs at least ${RETAKE_LIMITS.minClipFramesAt24}. ${nothingSent}`;
  }
  const planned = framesToSeconds(plan.clipFrames, rate);
  // Half a millisecond of slack for container time bases that cannot hold the frame duration exactly.
  if (Math.abs(info.durationSeconds - planned) > frameSeconds + 0.0005) {
    return `The exported range lasts ${info.durationSeconds.toFixed(3)} s, not the planned ${planned.toFixed(3)} s (${plan.clipFrames} frames); uploading it would bill the wrong length and misplace the take. ${nothingSent}`;
  }
  return null;
}
