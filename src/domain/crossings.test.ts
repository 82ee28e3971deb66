import { WindowClip, findCrossings } from './crossings';

const T = 1000n;
const clip = (kind: 'video' | 'audio', trackIndex: number, name: string, start: number, end: number): WindowClip => ({ kind, trackIndex, name, range: { start: BigInt(start) * T, end: BigInt(end) * T } });
const window = { start: 10n * T, end: 20n * T };

describe('cuts and gaps inside the export window', () => {
  test('one clip covering the window: nothing to say', () => {
    expect(findCrossings([clip('video', 0, 'A', 0, 30)], window, 'replace_video')).toEqual([]);
  });

  test('a cut inside the window names both clips; an edit on the window edge is no crossing', () => {
    const clips = [clip('video', 0, 'A', 0, 10), clip('video', 0, 'B', 10, 15), clip('video', 0, 'C', 15, 30)];
    expect(findCrossings(clips, window, 'replace_video')).toEqual([{ type: 'cut', kind: 'video', trackIndex: 0, at: 15n * T, before: 'B', after: 'C' }]);
  });

  test('a gap between clips and one running to the window end, on a track with footage there', () => {
    const clips = [clip('video', 1, 'A', 0, 12), clip('video', 1, 'B', 14, 18)];
    expect(findCrossings(clips, window, 'replace_video')).toEqual([
      { type: 'gap', kind: 'video', trackIndex: 1, range: { start: 12n * T, end: 14n * T }, before: 'A', after: 'B' },
      { type: 'gap', kind: 'video', trackIndex: 1, range: { start: 18n * T, end: 20n * T }, before: 'B', after: null },
    ]);
  });

  test('only the tracks the mode touches count', () => {
    const clips = [clip('video', 0, 'A', 0, 30), clip('audio', 0, 'S1', 0, 15), clip('audio', 0, 'S2', 15, 30)];
    expect(findCrossings(clips, window, 'replace_video')).toEqual([]);
    expect(findCrossings(clips, window, 'replace_audio')).toHaveLength(1);
    expect(findCrossings(clips, window, 'replace_audio_and_video')).toHaveLength(1);
  });
});
