import { checkTakeTimeline } from './takeCheck';
import { FRAME_RATES } from './time';

const ntsc = FRAME_RATES['29.97'];

test('a take within a frame of the uploaded clip fits, whatever its frame count', () => {
  expect(checkTakeTimeline({ durationSeconds: 10.01, frames: 300 }, 300, ntsc)).toBeNull();
  expect(checkTakeTimeline({ durationSeconds: 10.01 + 1 / 30, frames: 301 }, 300, ntsc)).toBeNull();
});

test("a take with the clip's frames at a rounded rate (29.97 written as 29) says which rate to interpret it at", () => {
  expect(checkTakeTimeline({ durationSeconds: 300 / 29, frames: 300 }, 300, ntsc)).toBe(
    "The take has the uploaded clip's 300 frames but plays them at 29 fps instead of 29.97, so it lasts 10.345 s, not 10.010 s. Set its frame rate to 29.97 in Premiere (Modify > Interpret Footage) and it matches the clip frame for frame.",
  );
});

test('a take of another length and frame count cannot be matched; unreadable bytes say so', () => {
  expect(checkTakeTimeline({ durationSeconds: 3, frames: 90 }, 300, ntsc)).toBe('The take lasts 3.000 s but the uploaded clip lasted 10.010 s, so its frames cannot be matched to the sequence.');
  expect(checkTakeTimeline({ durationSeconds: 3, frames: null }, 300, ntsc)).toMatch(/cannot be matched/);
  expect(checkTakeTimeline(null, 300, ntsc)).toBe('The downloaded take is not a readable MP4 video.');
});
