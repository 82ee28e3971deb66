import type { ClipInfo, TrackInfo } from '../standins/premiere/fakePremiere';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { programClipAt, programPictureAt, takeJobId } from './timelineMath';

const clip = (id: string, name: string, start: bigint, end: bigint, disabled = false) => ({ id, name, start, end, disabled }) as ClipInfo;
const track = (index: number, clips: ClipInfo[], muted = false) => ({ index, id: index, name: `V${index + 1}`, muted, clips }) as TrackInfo;

describe('what the Program monitor shows', () => {
  const original = clip('o', 'Test pattern', 0n, 100n);
  const take1 = clip('t1', 'LTX V "night" [job-1]', 20n, 40n, true);
  const take2 = clip('t2', 'LTX V "day" [job-2]', 20n, 40n);
  const seq = { video: [track(0, [original]), track(1, [take1]), track(2, [take2])] }; // V1 first, as the fake lists them

  test('the top-most enabled clip; V1 is the bottom', () => {
    expect(programClipAt(seq, 30n)?.id).toBe('t2');
    expect(programClipAt(seq, 10n)?.id).toBe('o');
    expect(programClipAt(seq, 100n)).toBeNull();
  });

  test('a disabled take is absent: the clip under it shows', () => {
    expect(programClipAt({ video: [seq.video[0], seq.video[1]] }, 30n)?.id).toBe('o');
  });

  test('B (without takes) leaves every take out, enabled or not', () => {
    expect(programClipAt(seq, 30n, true)?.id).toBe('o');
  });

  test('a track with its eye off is skipped', () => {
    expect(programClipAt({ video: [seq.video[0], seq.video[1], track(2, [take2], true)] }, 30n)?.id).toBe('o');
  });

  test('a take names its job; other clips name none', () => {
    expect(takeJobId(take2)).toBe('job-2');
    expect(takeJobId(original)).toBeNull();
    expect(takeJobId(clip('x', 'My clip [v2]', 0n, 1n))).toBeNull();
  });
});

describe('a dissolve in the Program monitor', () => {
  const rate = FRAME_RATES['25'];
  const f = (n: number) => framesToTicks(n, rate);
  const dissolve = (frames: number) => ({ matchName: 'AE.ADBE Cross Dissolve New', duration: f(frames), alignment: 0, singleSided: true });
  const under = clip('o', 'Test pattern', 0n, f(100));
  const take = { ...clip('t', 'LTX V "day" [job-1]', f(20), f(60)), transitions: { start: dissolve(10), end: dissolve(10) } } as ClipInfo;
  const seq = { frameRate: rate, video: [track(0, [{ ...under, transitions: {} } as ClipInfo]), track(1, [take])] };

  test('inside the dissolve: the take over the clip beneath, its opacity the renderer’s ramp at that frame', () => {
    expect(programPictureAt(seq, f(22))).toEqual({ clip: take, dissolve: { under: seq.video[0].clips[0], opacity: 0.25 } });
    expect(programPictureAt(seq, f(22) + 1n).dissolve?.opacity).toBe(0.25); // any time within the frame
    expect(programPictureAt(seq, f(55)).dissolve?.opacity).toBeCloseTo(0.45, 10); // fading out
  });

  test('outside the dissolves the take is opaque; without takes, the original shows whole', () => {
    expect(programPictureAt(seq, f(30))).toEqual({ clip: take, dissolve: null });
    expect(programPictureAt(seq, f(22), true)).toEqual({ clip: seq.video[0].clips[0], dissolve: null });
  });

  test('with nothing beneath, the take dissolves from black', () => {
    expect(programPictureAt({ frameRate: rate, video: [track(0, []), track(1, [take])] }, f(25)).dissolve).toEqual({ under: null, opacity: 0.55 });
  });
});
