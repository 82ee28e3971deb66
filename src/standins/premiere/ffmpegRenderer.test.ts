import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { FRAME_RATES, framesToTicks } from '../../domain/time';
import { makeTestClip, meanColourAt, rmsAt, toneFrequencyAt } from '../../testing/media';
import { createFakePremiere } from './fakePremiere';
import { createFfmpegRenderer, pictureRuns } from './ffmpegRenderer';
import { nodeMedia } from './nodeMedia';
import type { RenderSpec } from './types';

jest.setTimeout(60_000);

const work = mkdtempSync(join(tmpdir(), 'renderer-'));
const rate = FRAME_RATES['25'];
const f = (frames: number) => framesToTicks(frames, rate);
/** meanColourAt returns the first frame at or after the time asked: ask half a frame early. */
const at = (frame: number) => (frame - 0.5) / 25;
const dominant = (rgb: number[]) => rgb.indexOf(Math.max(...rgb));

test('top-most enabled clip wins, gaps are black, muted tracks are skipped, sound is mixed', async () => {
  const red = await makeTestClip(join(work, 'red.mp4'), { seconds: 3, fps: '25', width: 320, height: 180, pattern: 'color=c=0xff0000', toneHz: 440 });
  const blue = await makeTestClip(join(work, 'blue.mp4'), { seconds: 3, fps: '25', width: 640, height: 360, pattern: 'color=c=0x0000ff', toneHz: null });
  const green = await makeTestClip(join(work, 'green.mp4'), { seconds: 3, fps: '25', width: 320, height: 180, pattern: 'color=c=0x00ff00', toneHz: 1200 });
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer: createFfmpegRenderer() });
  control.createProject({ name: 'R', path: join(work, 'R.prproj') });
  const seq = control.createSequence({ name: 'S', frameRate: '25', frameSize: { width: 320, height: 180 }, videoTracks: 3, audioTracks: 2 });
  const r = await control.addMedia(red);
  const b = await control.addMedia(blue);
  const g = await control.addMedia(green);
  // V1 red 0-50 (its 440 Hz on A1); V2 blue 20-40, native 640x360 (its centre is still blue);
  // V3 green 30-45 but V3 muted, its 1200 Hz on A2 stays audible; nothing after frame 50.
  control.addClip(seq.guid, { item: r.id, start: 0n, duration: f(50), videoTrack: 0, audioTrack: 0 });
  control.addClip(seq.guid, { item: b.id, start: f(20), duration: f(20), sourceIn: f(10), videoTrack: 1 });
  control.addClip(seq.guid, { item: g.id, start: f(30), duration: f(15), videoTrack: 2, audioTrack: 1 });
  control.addClip(seq.guid, { item: r.id, start: f(60), duration: f(10), videoTrack: 0, audioTrack: 0 });
  control.setTrackMuted(seq.guid, 'video', 2, true);
  control.setInOut(seq.guid, f(10), f(60));

  const out = join(work, 'out.mp4');
  const sequence = await (await ppro.Project.getActiveProject()).getActiveSequence();
  const ok = await ppro.EncoderManager.getManager().exportSequence(sequence, ppro.Constants.ExportType.IMMEDIATELY, out, red, false);
  expect(ok).toBe(true);
  expect(control.exports()).toMatchObject([{ outcome: 'written', window: { start: f(10), end: f(60) } }]);

  const info = await probe(out);
  expect(info.video).toMatchObject({ width: 320, height: 180, frames: 50, frameRate: { num: 25, den: 1 } });
  expect(info.audio).toMatchObject({ sampleRate: 48000, channels: 2 });
  // Window frames: 0-9 red, 10-29 blue (V2 over V1), 30-39 red, 40-49 black.
  expect(dominant(await meanColourAt(out, at(9)))).toBe(0);
  expect(dominant(await meanColourAt(out, at(10)))).toBe(2);
  expect(dominant(await meanColourAt(out, at(29)))).toBe(2);
  expect(dominant(await meanColourAt(out, at(30)))).toBe(0);
  expect(dominant(await meanColourAt(out, at(39)))).toBe(0);
  expect(Math.max(...(await meanColourAt(out, at(40))))).toBeLessThan(20);
  // Sound: 440 Hz alone (0-0.8 s), 440 + 1200 Hz (0.8-1.4 s), 440 Hz (to 1.6 s), then silence.
  expect(await toneFrequencyAt(out, 0.1, 0.5)).toBeCloseTo(440, -1);
  expect(await rmsAt(out, 0.9, 0.4)).toBeGreaterThan(1.3 * (await rmsAt(out, 0.2, 0.4)));
  expect(await rmsAt(out, 1.65, 0.3)).toBeLessThan(0.01);
});

test('picture runs split the window where the top-most clip changes', () => {
  const clip = (name: string, s: number, e: number) => ({
    mediaPath: name, name, sequenceStartTicks: '0', sequenceEndTicks: '0', sourceInTicks: '0',
    windowStartFrame: s, windowEndFrame: e, sourceInSeconds: 0, mediaSize: { width: 1, height: 1 }, scaleToFrame: false,
  });
  const spec: RenderSpec = {
    frameRate: { num: 25, den: 1 },
    frameSize: { width: 2, height: 2 },
    window: { startTicks: '0', endTicks: '0', startSeconds: 0, endSeconds: 4, frames: 100 },
    video: [{ trackIndex: 1, clips: [clip('top', 20, 40)] }, { trackIndex: 0, clips: [clip('a', 0, 30), clip('b', 50, 90)] }],
    audio: [],
  };
  expect(pictureRuns(spec).map((r) => [r.clip?.name ?? null, r.start, r.end])).toEqual([
    ['a', 0, 20],
    ['top', 20, 40],
    [null, 40, 50],
    ['b', 50, 90],
    [null, 90, 100],
  ]);
});

test('a cross-dissolve renders as a dissolve: the clip fades in over the track below and out again', async () => {
  const red = await makeTestClip(join(work, 'dissolve-red.mp4'), { seconds: 3, fps: '25', width: 64, height: 36, pattern: 'color=c=0xff0000', toneHz: null });
  const blue = await makeTestClip(join(work, 'dissolve-blue.mp4'), { seconds: 3, fps: '25', width: 64, height: 36, pattern: 'color=c=0x0000ff', toneHz: null });
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer: createFfmpegRenderer() });
  control.createProject({ name: 'D', path: join(work, 'D.prproj') });
  const seq = control.createSequence({ name: 'S', frameRate: '25', frameSize: { width: 64, height: 36 }, videoTracks: 2, audioTracks: 1 });
  const b = await control.addMedia(blue);
  const r = await control.addMedia(red);
  // V1 blue 0-50; V2 red 10-40 with 10-frame dissolves at both edges (frames 10-19 and 30-39).
  control.addClip(seq.guid, { item: b.id, start: 0n, duration: f(50), videoTrack: 0 });
  control.addClip(seq.guid, { item: r.id, start: f(10), duration: f(30), videoTrack: 1 });
  const project = await ppro.Project.getActiveProject();
  const sequence = await project.getActiveSequence();
  const [top] = (await sequence.getVideoTrack(1)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
  const dissolve = (applyToStart: boolean) => ({
    transition: ppro.TransitionFactory.createVideoTransition('AE.ADBE Cross Dissolve New'),
    options: ppro.AddTransitionOptions().setApplyToStart(applyToStart).setForceSingleSided(true).setDuration(ppro.TickTime.createWithTicks(f(10).toString())),
  });
  const edges = [dissolve(true), dissolve(false)];
  let ok = false;
  project.lockedAccess(() => {
    ok = project.executeTransaction((compound) => {
      for (const e of edges) compound.addAction(top.createAddVideoTransitionAction(e.transition, e.options));
    }, 'dissolves');
  });
  expect(ok).toBe(true);
  control.setInOut(seq.guid, 0n, f(50));

  const out = join(work, 'dissolve.mp4');
  expect(await ppro.EncoderManager.getManager().exportSequence(sequence, ppro.Constants.ExportType.IMMEDIATELY, out, red, false)).toBe(true);
  const [redBefore, , blueBefore] = await meanColourAt(out, at(9));
  expect(redBefore).toBeLessThan(30); // the cut: still all blue
  expect(blueBefore).toBeGreaterThan(200);
  // Mid fade-in (frame 15, opacity 0.55) and mid fade-out (frame 35, 0.45): both sources show.
  for (const frame of [15, 35]) {
    const [red15, , blue15] = await meanColourAt(out, at(frame));
    expect(red15).toBeGreaterThan(70);
    expect(red15).toBeLessThan(190);
    expect(blue15).toBeGreaterThan(70);
    expect(blue15).toBeLessThan(190);
  }
  // The ramp rises through the fade-in, and the take is opaque between the dissolves.
  expect((await meanColourAt(out, at(12)))[0]).toBeLessThan((await meanColourAt(out, at(17)))[0]);
  const [redMid, , blueMid] = await meanColourAt(out, at(25));
  expect(redMid).toBeGreaterThan(200);
  expect(blueMid).toBeLessThan(30);
  expect((await meanColourAt(out, at(40)))[2]).toBeGreaterThan(200);
});
