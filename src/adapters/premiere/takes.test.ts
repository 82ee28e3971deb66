import { copyFileSync } from 'fs';
import { join } from 'path';
import { systemClock } from '../../app/clock';
import type { HostPort, PlacedTake, TakePlacement } from '../../app/ports';
import { takeName } from '../../domain/job';
import type { RetakeMode } from '../../domain/limits';
import { planRetake } from '../../domain/plan';
import { ticksPerFrame } from '../../domain/time';
import { FakeControl, createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { createFfmpegRenderer } from '../../standins/premiere/ffmpegRenderer';
import { createPremiereHost } from './host';
import { withinOneFrame } from './placer';
import type { PremiereSubset } from './subset';
import { LABEL_UNDO_LABEL, TAKE_COLOR_LABEL_INDEX } from './labels';
import { DELETE_TAKE_UNDO_LABEL } from './takeDelete';
import { TAKE_TRACK_NAME } from './takeLanes';

import { RATE, blueShotRedTake, f } from './takeTestKit';

jest.setTimeout(60_000);

const { work, files, shot: shotFile, take: takeFile } = blueShotRedTake('premiere-takes-', { shotSeconds: 20, width: 160, height: 90 });

interface Scene {
  ppro: PremiereSubset;
  control: FakeControl;
  host: HostPort;
  guid: string;
  place(jobId: string, range: [number, number], mode?: RetakeMode, label?: TakePlacement['label']): Promise<PlacedTake>;
}

async function scene(): Promise<Scene> {
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer: createFfmpegRenderer() });
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Seq', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 160, height: 90 }, videoTracks: 1, audioTracks: 1 });
  const item = await control.addMedia(await shotFile(), { name: 'shot' });
  control.addClip(seq.guid, { item: item.id, start: 0n, duration: f(20 * 25), name: 'shot' });
  const host = createPremiereHost(ppro, { files, clock: systemClock, exportPresetPath: join(work, 'none.epr'), takesFolderOverride: async () => work });
  const place = async (jobId: string, [from, to]: [number, number], mode: RetakeMode = 'replace_video', label?: TakePlacement['label']) => {
    const timing = { frameRate: RATE, end: f(20 * 25), zeroPoint: seq.zeroPoint };
    const planned = planRetake({ start: f(from), end: f(to) }, timing, { mode, prompt: 'rain', handleSeconds: 1, extraPlacement: 'after' });
    if (!planned.ok) throw new Error(planned.reason);
    const p = planned.plan;
    const takePath = join(work, `take-${jobId}.mp4`);
    copyFileSync(await takeFile(), takePath);
    const ref = await host.importTake(takePath);
    return host.placeTake(ref, { sequenceId: seq.guid, mode, at: p.replaced.start, source: p.takeSource, name: takeName(mode, 'rain', jobId), jobId, label });
  };
  return { ppro, control, host, guid: seq.guid, place };
}

const takesOn = (s: Scene, media: 'video' | 'audio' = 'video') =>
  s.control
    .clips(s.guid, media)
    .filter((c) => c.name.startsWith('LTX'))
    .map((c) => ({ job: /\[(.+)\]$/.exec(c.name)?.[1], track: c.trackIndex, start: c.start, disabled: c.disabled }));

describe('Premiere host: take lanes', () => {
  test('takes of one range stack on take tracks, only the newest enabled; a later range reuses the lanes', async () => {
    const s = await scene();
    await s.place('t1', [100, 160]);
    await s.place('t2', [100, 160]);
    await s.place('t3', [100, 160]);
    const info = s.control.sequence(s.guid);
    expect(info.video.map((t) => t.name)).toEqual(['Video 1', TAKE_TRACK_NAME, TAKE_TRACK_NAME, TAKE_TRACK_NAME]);
    expect(info.audio).toHaveLength(1); // picture-only takes add no audio track
    expect(takesOn(s).map((t) => [t.job, t.track, t.disabled])).toEqual([
      ['t1', 1, true],
      ['t2', 2, true],
      ['t3', 3, false],
    ]);

    // Another range: onto the first take track, free there; no new track.
    await s.place('u1', [300, 360]);
    await s.place('u2', [300, 360]);
    expect(s.control.sequence(s.guid).video).toHaveLength(4);
    const u = takesOn(s).filter((t) => t.job?.startsWith('u'));
    expect(u.map((t) => [t.job, t.track, t.disabled])).toEqual([
      ['u1', 1, true],
      ['u2', 2, false],
    ]);
    // The first range's choice is untouched by the second's.
    expect(takesOn(s).find((t) => t.job === 't3')?.disabled).toBe(false);
    // The original never moved.
    expect(s.control.clips(s.guid, 'video').filter((c) => c.trackIndex === 0).map((c) => [c.start, c.end])).toEqual([[0n, f(500)]]);
  });

  test('sound takes get their own audio lanes the same way; a lane reused is one undo step with the disabling', async () => {
    const s = await scene();
    await s.place('a1', [100, 160], 'replace_audio');
    const labels = s.control.undoLabels().length;
    await s.place('a2', [300, 360], 'replace_audio');
    expect(s.control.sequence(s.guid).audio.map((t) => t.name)).toEqual(['Audio 1', TAKE_TRACK_NAME]);
    expect(s.control.sequence(s.guid).video).toHaveLength(1);
    expect(takesOn(s, 'audio').map((t) => [t.job, t.track, t.disabled])).toEqual([
      ['a1', 1, false],
      ['a2', 1, false],
    ]);
    // The original sound under the new range is split in the placement step and silenced in one more (originalSound.test.ts).
    expect(s.control.undoLabels().slice(labels)).toEqual(['LTX Retake: prepare take', 'LTX Retake: place take', 'LTX Retake: silence original sound']);
  });

  test('placing leaves the editor selection as it was, even when a half has to be removed', async () => {
    const s = await scene();
    const sequence = (await (await s.ppro.Project.getActiveProject()).getSequences())[0];
    const [original] = (await sequence.getVideoTrack(0)).getTrackItems(s.ppro.Constants.TrackItemType.CLIP, false);
    const selection = await sequence.getSelection();
    selection.addItem(original, true);
    sequence.setSelection(selection);
    const selected = s.control.sequence(s.guid).selection;
    expect(selected).toHaveLength(1);

    s.control.setFaults({ subclipIgnoresMediaOptions: true });
    await s.place('t1', [100, 160]);
    expect(takesOn(s, 'audio')).toEqual([]); // the unwanted half was removed...
    expect(s.control.sequence(s.guid).selection).toEqual(selected); // ...without touching the selection
  });

  test("placing leaves the master clip's own in/out alone (the subclip has its own)", async () => {
    const s = await scene();
    await s.place('t1', [100, 160]);
    const master = s.control.items().find((i) => i.mediaPath?.endsWith('take-t1.mp4') && !i.subclip);
    expect(master).toMatchObject({ inPoint: null, outPoint: null });
    expect(s.control.items().find((i) => i.mediaPath?.endsWith('take-t1.mp4') && i.subclip)?.subclip).toMatchObject({ start: f(25), end: f(25 + 75) });
  });

  test('switching: one take enabled at a time in one undo step, Original disables them all, remove leaves the rest', async () => {
    const s = await scene();
    for (const id of ['t1', 't2', 't3']) await s.place(id, [100, 160], 'replace_audio_and_video');
    const replaced = { start: f(100), end: f(175) }; // 2.4 s marked -> 3 s regenerated
    expect(await s.host.readActiveTake!(s.guid, replaced)).toBe('t3');
    const enabled = () => [...takesOn(s), ...takesOn(s, 'audio')].filter((t) => !t.disabled).map((t) => t.job);

    const labels = s.control.undoLabels().length;
    await s.host.setActiveTake!(s.guid, replaced, 't1');
    expect(enabled()).toEqual(['t1', 't1']); // picture and sound
    expect(await s.host.readActiveTake!(s.guid, replaced)).toBe('t1');
    expect(s.control.undoLabels().slice(labels)).toEqual(['LTX Retake: use take']);

    await s.host.setActiveTake!(s.guid, replaced, null);
    expect(enabled()).toEqual([]);
    expect(await s.host.readActiveTake!(s.guid, replaced)).toBeNull();
    expect(s.control.undoLabels().slice(-1)).toEqual(['LTX Retake: show original']);
    s.control.undo();
    expect(enabled()).toEqual(['t1', 't1']);

    await s.host.removeTake!(s.guid, 't2');
    expect(takesOn(s).map((t) => [t.job, t.track])).toEqual([
      ['t1', 1],
      ['t3', 3],
    ]);
    expect(s.control.items().filter((i) => i.mediaPath?.endsWith('take-t2.mp4'))).toHaveLength(2); // master and subclip kept
    await expect(s.host.setActiveTake!(s.guid, replaced, 't2')).rejects.toMatchObject({ category: 'host' });
  });

  test('a placed length within one frame of the plan is accepted, more is not', () => {
    const tpf = ticksPerFrame(RATE);
    const length = f(75);
    expect(withinOneFrame(length + tpf, length, tpf)).toBe(true);
    expect(withinOneFrame(length - tpf, length, tpf)).toBe(true);
    expect(withinOneFrame(length + tpf + 1n, length, tpf)).toBe(false);
    expect(withinOneFrame(length - tpf - 1n, length, tpf)).toBe(false);
  });

  test('a labelled take carries a comment marker over its regenerated frames and a colour label, once however often it is placed', async () => {
    const s = await scene();
    const label = { name: 'LTX Retake [k1]', comments: 'Prompt: rain\nMode: Replace video\nCost: $0.50 charged\nJob: k1', fields: [] };
    await s.place('k1', [100, 160], 'replace_video', label);
    const clipsOf = () => s.control.items().filter((i) => i.mediaPath?.endsWith('take-k1.mp4'));
    const master = () => clipsOf().find((i) => !i.subclip)!;
    const marker = master().markers![0];
    expect(master().markers).toHaveLength(1);
    expect(marker).toMatchObject({ name: label.name, comments: label.comments, type: 'Comment' });
    // Over the regenerated frames inside the take file (the plan's takeSource: 1 s in, 3 s long).
    expect([marker.start, marker.duration]).toEqual([f(25), f(75)]);
    expect(clipsOf().map((i) => i.colorLabel)).toEqual([TAKE_COLOR_LABEL_INDEX, TAKE_COLOR_LABEL_INDEX]);
    expect(s.control.undoLabels().slice(-1)).toEqual([LABEL_UNDO_LABEL]);

    await s.host.removeTake!(s.guid, 'k1');
    await s.place('k1', [100, 160], 'replace_video', label);
    expect(master().markers).toHaveLength(1);
  });

  test('without a label (a host call that has none) nothing is labelled and no undo step is added', async () => {
    const s = await scene();
    await s.place('n1', [100, 160]);
    expect(s.control.items().filter((i) => i.mediaPath?.endsWith('take-n1.mp4')).every((i) => (i.markers ?? []).length === 0 && i.colorLabel === undefined)).toBe(true);
    expect(s.control.undoLabels()).not.toContain(LABEL_UNDO_LABEL);
  });

  test('deleting a take removes its clip and placed parts from the project, but never while a sequence still uses them', async () => {
    const s = await scene();
    await s.place('d1', [100, 160]);
    const itemsOf = () => s.control.items().filter((i) => i.mediaPath?.endsWith('take-d1.mp4'));
    expect(itemsOf()).toHaveLength(2);
    await expect(s.host.deleteTakeItems!(join(work, 'take-d1.mp4'))).rejects.toThrow('still on the timeline of “Seq”');
    expect(itemsOf()).toHaveLength(2);
    await s.host.removeTake!(s.guid, 'd1');
    const clipsBefore = s.control.clips(s.guid);
    await s.host.deleteTakeItems!(join(work, 'take-d1.mp4'));
    expect(itemsOf()).toEqual([]);
    expect(s.control.clips(s.guid)).toEqual(clipsBefore);
    expect(s.control.undoLabels().slice(-1)).toEqual([DELETE_TAKE_UNDO_LABEL]);
  });
});
