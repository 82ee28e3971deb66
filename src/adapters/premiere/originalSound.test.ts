import { copyFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { systemClock } from '../../app/clock';
import type { HostPort } from '../../app/ports';
import { takeName } from '../../domain/job';
import type { RetakeMode } from '../../domain/limits';
import { planRetake } from '../../domain/plan';
import { createFakePremiere } from '../../standins/premiere/fakePremiere';
import { createFfmpegRenderer } from '../../standins/premiere/ffmpegRenderer';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { makeTestClip, rmsAt, toneFrequencyAt } from '../../testing/media';
import { createNodeFileStore } from '../node/fileStore';
import { createPremiereHost } from './host';
import { ORIGINAL_SOUND_SUFFIX, SILENCE_ORIGINAL_UNDO_LABEL, SOUND_PROBLEM } from './originalSound';
import { PLACE_UNDO_LABEL, PREPARE_UNDO_LABEL, TIDY_UNDO_LABEL } from './placer';
import { RATE, f } from './takeTestKit';

jest.setTimeout(60_000);

// A 20 s shot with a 440 Hz tone, and takes whose sound is 1000 Hz, so the export tells whose sound plays.
const work = mkdtempSync(join(tmpdir(), 'premiere-original-sound-'));
const files = createNodeFileStore(work);
let shotFile: Promise<string>;
let takeFile: Promise<string>;
beforeAll(() => {
  const size = { fps: '25', width: 160, height: 90 };
  shotFile = makeTestClip(join(work, 'source.mp4'), { ...size, seconds: 20, pattern: 'color=c=0x0000ff', toneHz: 440 });
  takeFile = makeTestClip(join(work, 'take.mp4'), { ...size, seconds: 6, pattern: 'color=c=0xff0000', toneHz: 1000 });
});

/** 2.4 s marked at frame 100 regenerates 3 s: the range is frames 100-175. */
const RANGE = { start: f(100), end: f(175) };

async function scene(o: { originalFromSubclip?: boolean } = {}) {
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer: createFfmpegRenderer() });
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Seq', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 160, height: 90 }, videoTracks: 1, audioTracks: 1 });
  const shot = await control.addMedia(await shotFile, { name: 'shot' });
  let onTimeline = shot.id;
  if (o.originalFromSubclip) {
    // The editor cut the shot from a subclip of their own (the fake makes no subclip of a subclip).
    const project = await ppro.Project.getActiveProject();
    const master = ppro.ClipProjectItem.cast((await (await project.getRootItem()).getItems()).find((i) => i.name === 'shot')!)!;
    project.lockedAccess(() => {
      project.executeTransaction((c) => c.addAction(master.createSubClipAction('shot sub', ppro.TickTime.createWithTicks('0'), ppro.TickTime.createWithTicks(f(500).toString()), true, {})), 'sub');
    });
    onTimeline = control.items().find((i) => i.name === 'shot sub')!.id;
  }
  control.addClip(seq.guid, { item: onTimeline, start: 0n, duration: f(500), name: 'shot' });
  const host: HostPort = createPremiereHost(ppro, { files, clock: systemClock, exportPresetPath: join(work, 'none.epr'), takesFolderOverride: async () => work });
  const place = async (jobId: string, mode: RetakeMode) => {
    const timing = { frameRate: RATE, end: f(500), zeroPoint: seq.zeroPoint };
    const planned = planRetake({ start: f(100), end: f(160) }, timing, { mode, prompt: 'rain', handleSeconds: 1, extraPlacement: 'after' });
    if (!planned.ok) throw new Error(planned.reason);
    const takePath = join(work, `take-${jobId}.mp4`);
    copyFileSync(await takeFile, takePath);
    const ref = await host.importTake(takePath);
    const p = planned.plan;
    return host.placeTake(ref, { sequenceId: seq.guid, mode, at: p.replaced.start, source: p.takeSource, name: takeName(mode, 'rain', jobId), jobId });
  };
  /** The editor's own audio track: where each clip is, what of its media it plays, whether it sounds. */
  const originalAudio = () => control.clips(seq.guid, 'audio').filter((c) => c.trackIndex === 0).map((c) => [c.start, c.end, c.sourceIn, c.disabled]);
  const originalVideo = () => control.clips(seq.guid, 'video').filter((c) => c.trackIndex === 0).map((c) => [c.start, c.end, c.sourceIn, c.disabled]);
  const partDisabled = () => control.clips(seq.guid, 'audio').find((c) => c.name.endsWith(ORIGINAL_SOUND_SUFFIX))?.disabled;
  return { ppro, control, host, guid: seq.guid, place, originalAudio, originalVideo, partDisabled };
}

const WHOLE = [[0n, f(500), 0n, false]];
const SPLIT = (middleDisabled: boolean) => [
  [0n, f(100), 0n, false],
  [f(100), f(175), f(100), middleDisabled],
  [f(175), f(500), f(175), false],
];

describe('a sound take replaces the original sound under it', () => {
  test('placing splits the original sound at the take edges, every sample where it was, and disables the middle; the picture is untouched', async () => {
    const s = await scene();
    const labels = s.control.undoLabels().length;
    const placed = await s.place('a1', 'replace_audio');
    expect(s.originalAudio()).toEqual(SPLIT(true));
    expect(s.originalVideo()).toEqual(WHOLE);
    expect(s.control.clips(s.guid, 'audio').find((c) => c.disabled)?.name).toBe(`shot${ORIGINAL_SOUND_SUFFIX}`);
    expect(placed.soundProblem).toBeUndefined();
    // The part exists only once placed, so it is disabled in a step of its own (after the new take track is named).
    expect(s.control.undoLabels().slice(labels)).toEqual(['LTX Retake: create bin', PREPARE_UNDO_LABEL, PLACE_UNDO_LABEL, TIDY_UNDO_LABEL, SILENCE_ORIGINAL_UNDO_LABEL]);

    // Undo of the placement gives the original back whole.
    expect(s.control.undo()).toBe(SILENCE_ORIGINAL_UNDO_LABEL);
    expect(s.control.undo()).toBe(TIDY_UNDO_LABEL);
    expect(s.control.undo()).toBe(PLACE_UNDO_LABEL);
    expect(s.originalAudio()).toEqual(WHOLE);
    expect(s.control.clips(s.guid, 'audio').filter((c) => c.trackIndex > 0)).toEqual([]);
  });

  test('Original, a picture-only take and Use this take keep the part on exactly when no enabled take has sound', async () => {
    const s = await scene();
    await s.place('a1', 'replace_audio_and_video');
    expect(s.partDisabled()).toBe(true);
    await s.host.setActiveTake!(s.guid, RANGE, null);
    expect(s.originalAudio()).toEqual(SPLIT(false));
    expect(s.control.undoLabels().slice(-1)).toEqual(['LTX Retake: show original']);
    await s.host.setActiveTake!(s.guid, RANGE, 'a1');
    expect(s.partDisabled()).toBe(true);
    expect(s.control.undoLabels().slice(-1)).toEqual(['LTX Retake: use take']);

    // Placing a picture-only take makes it active: its range plays the original sound again.
    await s.place('v1', 'replace_video');
    expect(s.originalAudio()).toEqual(SPLIT(false));
    await s.host.setActiveTake!(s.guid, RANGE, 'a1');
    expect(s.partDisabled()).toBe(true);
    await s.host.setActiveTake!(s.guid, RANGE, 'v1');
    expect(s.partDisabled()).toBe(false);
    // Undoing the switch undoes the sound with it (one step).
    s.control.undo();
    expect(s.partDisabled()).toBe(true);
  });

  test('a second sound take reuses the part; removing the playing one gives the original sound back', async () => {
    const s = await scene();
    await s.place('a1', 'replace_audio');
    const subclipsOfShot = () => s.control.items().filter((i) => i.mediaPath?.endsWith('source.mp4') && i.subclip).length;
    expect(subclipsOfShot()).toBe(1);
    const labels = s.control.undoLabels().length;
    await s.place('a2', 'replace_audio');
    expect(s.originalAudio()).toEqual(SPLIT(true));
    expect(subclipsOfShot()).toBe(1);
    // No silence step: the existing part is disabled in the placement's own step (the tidy step names the second take track).
    expect(s.control.undoLabels().slice(labels)).toEqual([PREPARE_UNDO_LABEL, PLACE_UNDO_LABEL, TIDY_UNDO_LABEL]);

    await s.host.removeTake!(s.guid, 'a2');
    expect(s.originalAudio()).toEqual(SPLIT(false));
    expect(s.control.undoLabels().slice(-1)).toEqual(['LTX Retake: remove take']);
    // One undo puts the take back and silences the original again.
    s.control.undo();
    expect(s.partDisabled()).toBe(true);
    await s.host.removeTake!(s.guid, 'a2');
    // Removing a take that was not playing leaves the choice alone.
    await s.host.setActiveTake!(s.guid, RANGE, 'a1');
    await s.place('v1', 'replace_video');
    await s.host.setActiveTake!(s.guid, RANGE, 'a1');
    await s.host.removeTake!(s.guid, 'v1');
    expect(s.partDisabled()).toBe(true);
    await s.host.removeTake!(s.guid, 'a1');
    expect(s.originalAudio()).toEqual(SPLIT(false));
  });

  test('the clips under a window read the split original as the one clip it was (no held take, no cut warned of)', async () => {
    const s = await scene();
    const window = { start: f(50), end: f(250) };
    const read = async () => (await s.host.readClipsOver!(s.guid, window)).map((c) => `${c.kind}${c.trackIndex} ${c.name} ${c.range.start}-${c.range.end}`).sort();
    const before = await read();
    await s.place('a1', 'replace_audio');
    expect(await read()).toEqual(before);
    await s.host.setActiveTake!(s.guid, RANGE, null);
    expect(await read()).toEqual(before);
  });

  test('a part Premiere names after its file is still found, renamed as a part and disabled', async () => {
    const s = await scene();
    s.control.setFaults({ trackItemsNamedAfterFile: true });
    const placed = await s.place('a1', 'replace_audio');
    expect(placed.soundProblem).toBeUndefined();
    expect(s.originalAudio()).toEqual(SPLIT(true));
    expect(s.partDisabled()).toBe(true);
  });

  test('when Premiere will not split the original, the take is placed as before and says so', async () => {
    const s = await scene({ originalFromSubclip: true });
    const before = s.originalAudio();
    const placed = await s.place('a1', 'replace_audio');
    expect(placed.soundProblem).toBe(SOUND_PROBLEM);
    expect(s.originalAudio()).toEqual(before);
    expect(s.control.clips(s.guid, 'audio').filter((c) => c.trackIndex === 1 && !c.disabled).map((c) => [c.start, c.end])).toEqual([[f(100), f(175)]]);
  });

  test("the export after a sound take renders the take's sound only over its range", async () => {
    const s = await scene();
    await s.place('a1', 'replace_audio');
    s.control.setInOut(s.guid, f(50), f(200));
    const out = join(work, 'export-a1.mp4');
    const sequence = await (await s.ppro.Project.getActiveProject()).getActiveSequence();
    expect(await s.ppro.EncoderManager.getManager().exportSequence(sequence, s.ppro.Constants.ExportType.IMMEDIATELY, out, await shotFile, false)).toBe(true);
    // Window 2-8 s: the original's 440 Hz to 4 s, the take's 1000 Hz alone over 4-7 s (not both: no louder).
    expect(await toneFrequencyAt(out, 0.5, 1)).toBeCloseTo(440, -1);
    expect(await toneFrequencyAt(out, 2.5, 2)).toBeCloseTo(1000, -1);
    expect(await rmsAt(out, 2.5, 2)).toBeLessThan(1.15 * (await rmsAt(out, 0.5, 1)));
  });
});
