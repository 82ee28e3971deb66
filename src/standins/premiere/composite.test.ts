import { TICKS_PER_SECOND } from '../../domain/time';
import { clipShows, topVisibleClip } from './composite';
import { createFakePremiere } from './fakePremiere';
import { pictureRuns } from './ffmpegRenderer';
import type { RenderSpec } from './types';
import { probeOnlyMedia } from './probeOnlyMedia';

const clip = (name: string, start: number, end: number, disabled = false) => ({ name, start, end, disabled });

describe('compositing: the top-most enabled clip on a track whose output is on wins', () => {
  const v1 = { clips: [clip('original', 0, 100)] };
  const v2 = { clips: [clip('take 1', 20, 40, true)] };
  const v3 = { clips: [clip('take 2', 20, 40)] };
  const at = (tracksTopFirst: Parameters<typeof topVisibleClip<number, ReturnType<typeof clip>>>[0], t: number) => topVisibleClip(tracksTopFirst, t)?.name ?? null;

  test('the top track wins where it has a clip; below and beside it the lower track shows; a gap is black', () => {
    expect(at([v3, v2, v1], 19)).toBe('original');
    expect(at([v3, v2, v1], 20)).toBe('take 2');
    expect(at([v3, v2, v1], 39)).toBe('take 2');
    expect(at([v3, v2, v1], 40)).toBe('original'); // end is exclusive
    expect(at([v3, v2, v1], 100)).toBeNull();
  });

  test('a disabled clip is absent: the track below shows through', () => {
    expect(at([v2, v1], 30)).toBe('original');
    expect(at([{ clips: [clip('take 2', 20, 40, true)] }, v2, v1], 30)).toBe('original');
  });

  test('a track whose output is off (eye off: muted) is absent, even with an enabled clip', () => {
    expect(at([{ ...v3, muted: true }, v2, v1], 30)).toBe('original');
    expect(at([{ ...v1, muted: true }], 30)).toBeNull();
    expect(clipShows({ muted: false }, { disabled: false })).toBe(true);
    expect(clipShows({ muted: true }, { disabled: false })).toBe(false);
    expect(clipShows({}, { disabled: true })).toBe(false);
  });

  test('works on ticks as well as frames', () => {
    const s = TICKS_PER_SECOND;
    const tracks = [{ clips: [{ start: 2n * s, end: 3n * s, id: 'top' }] }, { clips: [{ start: 0n, end: 10n * s, id: 'base' }] }];
    expect(topVisibleClip(tracks, 2n * s)?.id).toBe('top');
    expect(topVisibleClip(tracks, 3n * s)?.id).toBe('base');
  });
});

describe("the fake's export renders what the composite shows", () => {
  const SEC = TICKS_PER_SECOND;
  const media = probeOnlyMedia;

  test('a disabled clip and a track with its output off are left out of the export (picture and sound)', async () => {
    let rendered: RenderSpec | null = null;
    const { ppro, control } = createFakePremiere({ media, renderer: { render: async (spec) => void (rendered = spec) } });
    control.createProject({ name: 'P', path: '/p/P.prproj' });
    const base = await control.addMedia('/m/base.mp4');
    const takeA = await control.addMedia('/m/takeA.mp4');
    const takeB = await control.addMedia('/m/takeB.mp4');
    const seq = control.createSequence({ name: 'S', frameRate: '25', frameSize: { width: 320, height: 180 }, videoTracks: 3, audioTracks: 3 });
    control.addClip(seq.guid, { item: base.id, start: 0n, duration: 4n * SEC, videoTrack: 0, audioTrack: 0 });
    const [a] = control.addClip(seq.guid, { item: takeA.id, start: 1n * SEC, duration: 2n * SEC, videoTrack: 1, audioTrack: 1 });
    control.addClip(seq.guid, { item: takeB.id, start: 1n * SEC, duration: 2n * SEC, videoTrack: 2, audioTrack: 2 });
    for (const c of control.clips(seq.guid).filter((c) => c.linkId === a.linkId)) control.setClipDisabled(seq.guid, c.id, true);
    control.setTrackMuted(seq.guid, 'video', 2, true);

    const sequence = await (await ppro.Project.getActiveProject()).getActiveSequence();
    expect(await ppro.EncoderManager.getManager().exportSequence(sequence, ppro.Constants.ExportType.IMMEDIATELY, '/out/x.mp4', '/p/preset.epr', true)).toBe(true);
    const spec = rendered as unknown as RenderSpec;
    // V3's eye is off and takeA is disabled: only the base clip shows, over the whole window.
    expect(pictureRuns(spec).map((r) => [r.clip?.mediaPath ?? null, r.start, r.end])).toEqual([['/m/base.mp4', 0, 100]]);
    // takeA's sound is disabled with its picture; takeB's sound stays: its audio track is on.
    expect(spec.audio.flatMap((t) => t.clips.map((c) => c.mediaPath))).toEqual(['/m/base.mp4', '/m/takeB.mp4']);
  });
});
