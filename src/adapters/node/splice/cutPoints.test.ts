import { planCuts } from './cutPoints';
import type { VideoPacket } from './probe';

const T = 1001; // ticks per frame at 1/24000 for 23.976

/**
 * Packets of a closed-GOP stream with pyramid B-frames in decode order, as x264 writes them:
 * per GOP the keyframe, then P, B-ref, b, b groups; decode timestamps run `delay` frames behind.
 */
function closedGops(frames: number, gop: number, delay = 2): VideoPacket[] {
  const order: Array<{ frame: number; key: boolean }> = [];
  for (let start = 0; start < frames; start += gop) {
    const end = Math.min(frames, start + gop);
    order.push({ frame: start, key: true });
    for (let anchor = start + 4; anchor - 3 < end; anchor += 4) {
      const p = Math.min(anchor, end - 1);
      order.push({ frame: p, key: false });
      for (const b of [p - 2, p - 3, p - 1]) if (b > anchor - 4 && b > start && b < p) order.push({ frame: b, key: false });
    }
  }
  return order.map((o, i) => ({ pts: o.frame * T, dts: (i - delay) * T, duration: T, key: o.key }));
}

test('the fixture is a valid closed-GOP stream: every frame once', () => {
  const frames = closedGops(120, 24).map((p) => p.pts / T).sort((a, b) => a - b);
  expect(frames).toEqual(Array.from({ length: 120 }, (_, i) => i));
});

test('cuts at the keyframes around the range; the head ends between two decode timestamps', () => {
  const packets = closedGops(240, 24);
  const r = planCuts({ packets, frameTicks: T, from: 50, to: 110, totalFrames: 240 });
  expect(r).toEqual({ ok: true, plan: { reencodeFrom: 48, reencodeTo: 120, headOutpoint: packets.find((p) => p.pts === 48 * T)!.dts - T / 2, delayFrames: 2, gopFrames: 24 } });
});

test('a range starting on a keyframe re-encodes from it; a range ending on one stops there', () => {
  const r = planCuts({ packets: closedGops(240, 24), frameTicks: T, from: 48, to: 96, totalFrames: 240 });
  expect(r.ok && [r.plan.reencodeFrom, r.plan.reencodeTo]).toEqual([48, 96]);
});

test('a range running into the last GOP re-encodes to the end', () => {
  const r = planCuts({ packets: closedGops(240, 24), frameTicks: T, from: 200, to: 230, totalFrames: 240 });
  expect(r.ok && [r.plan.reencodeFrom, r.plan.reencodeTo]).toEqual([192, 240]);
});

test('an open GOP (a frame after the keyframe in decode order shows before it) is not a clean cut', () => {
  const packets = closedGops(240, 24);
  // Frame 47, shown just before keyframe 48, decodes right after it: a leading B-frame of an open GOP.
  const [leading] = packets.splice(packets.findIndex((p) => p.pts === 47 * T), 1);
  packets.splice(packets.findIndex((p) => p.pts === 48 * T) + 1, 0, leading);
  packets.forEach((p, i) => (p.dts = (i - 2) * T));
  const r = planCuts({ packets, frameTicks: T, from: 50, to: 110, totalFrames: 240 });
  expect(r.ok && r.plan.reencodeFrom).toBe(24);
});

test('intra-only, variable-rate and unreadable streams are refused with the reason', () => {
  const intra = Array.from({ length: 50 }, (_, i) => ({ pts: i * T, dts: i * T, duration: T, key: true }));
  expect(planCuts({ packets: intra, frameTicks: T, from: 10, to: 20, totalFrames: 50 })).toEqual({ ok: false, reason: expect.stringContaining('intra-only') });
  const variable = closedGops(96, 24).map((p) => (p.pts >= 60 * T ? { ...p, pts: p.pts + 500 } : p));
  expect(planCuts({ packets: variable, frameTicks: T, from: 10, to: 20, totalFrames: 96 })).toEqual({ ok: false, reason: expect.stringContaining('not constant') });
  expect(planCuts({ packets: [], frameTicks: T, from: 10, to: 20, totalFrames: 96 })).toEqual({ ok: false, reason: expect.stringContaining('could not be read') });
});

test('a window that starts mid-stream does not trust its first keyframe', () => {
  const packets = closedGops(240, 24).filter((p) => p.dts >= 46 * T);
  expect(packets[0]).toMatchObject({ key: true, pts: 48 * T });
  const r = planCuts({ packets, frameTicks: T, from: 50, to: 110, totalFrames: 240 });
  expect(r).toEqual({ ok: false, reason: expect.stringContaining('no clean keyframe before') });
});
