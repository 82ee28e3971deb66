/**
 * UXP documents no URL constructor (only URL.createObjectURL), so the code that reads Runware's
 * answers must not need one: a finished, paid result would otherwise be refused in Premiere.
 */
import { successItemSchema } from './schemas';

test('a success answer is read without the URL constructor', () => {
  const real = globalThis.URL;
  (globalThis as { URL?: unknown }).URL = undefined;
  try {
    const parsed = successItemSchema.safeParse({ taskType: 'videoInference', taskUUID: '6d3c7b0e-5a8f-4c4e-9d55-0c6f2c8d9a11', status: 'success', videoURL: 'https://vm.runware.ai/video/ws/5/vi/a.mp4', cost: 0.5 });
    expect(parsed.success).toBe(true);
  } finally {
    globalThis.URL = real;
  }
});

test('a videoURL that is not http(s) is still refused', () => {
  expect(successItemSchema.safeParse({ taskType: 'videoInference', taskUUID: 'x', status: 'success', videoURL: 'file:///etc/passwd' }).success).toBe(false);
});
