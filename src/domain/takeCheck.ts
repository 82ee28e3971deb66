import { FrameRate, framesToSeconds } from './time';

/**
 * The model is assumed to return a take with the uploaded clip's timeline (same length, segment
 * at the same place). Checked on every result: a take off by more than one frame is reported,
 * never placed. Returns the sentence to show, or null when the take fits.
 */
export function checkTakeTimeline(takeSeconds: number | null, clipFrames: number, rate: FrameRate): string | null {
  const expected = framesToSeconds(clipFrames, rate);
  if (takeSeconds === null) return 'The downloaded take is not a readable MP4 video.';
  const oneFrame = framesToSeconds(1, rate);
  if (Math.abs(takeSeconds - expected) <= oneFrame + 1e-6) return null;
  return `The take lasts ${takeSeconds.toFixed(3)} s but the uploaded clip lasted ${expected.toFixed(3)} s, so its frames cannot be matched to the sequence.`;
}
