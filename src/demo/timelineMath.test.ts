import type { ClipInfo, TrackInfo } from '../standins/premiere/fakePremiere';
import { programClipAt, takeJobId } from './timelineMath';

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
