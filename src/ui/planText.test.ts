import { frameShapeText } from './planText';

test('a picture retake of a sequence that is neither 16:9 nor 9:16 is warned about before it is paid for', () => {
  for (const frame of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 1080, height: 1920 }, { width: 3840, height: 2160 }]) {
    expect(frameShapeText(frame, true)).toBeNull();
  }
  expect(frameShapeText({ width: 1440, height: 1080 }, true)).toBe(
    'This 1440x1080 sequence is not 16:9: LTX-2 answers 1920x1080 or 1080x1920 pictures only, so the take may come back padded, cropped or stretched, and is scaled to fit the frame. Check the first take before running many.',
  );
  expect(frameShapeText({ width: 2048, height: 858 }, true)).toMatch(/^This 2048x858 sequence is not 16:9/);
  expect(frameShapeText({ width: 1440, height: 1080 }, false)).toBeNull(); // a sound-only take has no picture
});
