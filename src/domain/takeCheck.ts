import { FrameRate, fpsLabel, framesToSeconds } from './time';

/**
 * The model is assumed to return a take with the uploaded clip's timeline (same length, segment
 * at the same place). Checked on every result: a take off by more than one frame is reported,
 * never placed. Some pipelines write a rounded frame rate (29.97 as 29: runware-api.md), so a
 * take with the clip's frames at another rate is told apart, with the one step that matches it.
 * Returns the sentence to show, or null when the take fits.
 */
export function checkTakeTimeline(take: { durationSeconds: number; frames: number | null } | null, clipFrames: number, rate: FrameRate): string | null {
  if (take === null) return 'The downloaded take is not a readable MP4 video.';
  const expected = framesToSeconds(clipFrames, rate);
  const oneFrame = framesToSeconds(1, rate);
  if (Math.abs(take.durationSeconds - expected) <= oneFrame + 1e-6) return null;
  const lengths = `it lasts ${take.durationSeconds.toFixed(3)} s, not ${expected.toFixed(3)} s`;
  if (take.frames === clipFrames) {
    const takeFps = (clipFrames / take.durationSeconds).toFixed(3).replace(/\.?0+$/, '');
    return `The take has the uploaded clip's ${clipFrames} frames but plays them at ${takeFps} fps instead of ${fpsLabel(rate)}, so ${lengths}. Set its frame rate to ${fpsLabel(rate)} in Premiere (Modify > Interpret Footage) and it matches the clip frame for frame.`;
  }
  return `The take lasts ${take.durationSeconds.toFixed(3)} s but the uploaded clip lasted ${expected.toFixed(3)} s, so its frames cannot be matched to the sequence.`;
}
