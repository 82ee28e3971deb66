import { copyFileSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { createSimulatedClock, systemClock } from '../../app/clock';
import type { HostPort, TakePlacement } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { takeName } from '../../domain/job';
import type { RetakeMode } from '../../domain/limits';
import { RetakePlan, planRetake } from '../../domain/plan';
import { FRAME_RATES, FrameRate, TICKS_PER_SECOND, framesToTicks, ticksPerFrame } from '../../domain/time';
import { timecodeToFrames } from '../../domain/timecode';
import { probe } from '../node/ffmpeg';
import { createNodeFileStore } from '../node/fileStore';
import { makeTestClip, meanColourAt, toneFrequencyAt } from '../../testing/media';
import { createFfmpegRenderer } from '../../standins/premiere/ffmpegRenderer';
import { FakeControl, SequenceInfo, createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { createPremiereHost } from './host';
import { PLACE_UNDO_LABEL, PREPARE_UNDO_LABEL, TIDY_UNDO_LABEL } from './placer';
import type { PremiereSubset } from './subset';
import { TAKE_TRACK_NAME } from './takeLanes';

jest.setTimeout(60_000);

type RateKey = keyof typeof FRAME_RATES;
const work = mkdtempSync(join(tmpdir(), 'premiere-host-'));
/** The preset the plugin ships (the fake only checks that it exists; Premiere would read it). */
const PRESET = join(__dirname, '..', '..', '..', 'assets', 'presets', 'h264-retake.epr');
const files = createNodeFileStore(work);

/** Three solid colours in a row on V1, each with its own tone on A1. */
const SEGMENTS = [
  { name: 'red', colour: '0xff0000', channel: 0, toneHz: 300, seconds: 4 },
  { name: 'green', colour: '0x00ff00', channel: 1, toneHz: 600, seconds: 5 },
  { name: 'blue', colour: '0x0000ff', channel: 2, toneHz: 900, seconds: 5 },
] as const;

const mediaCache = new Map<string, Promise<string>>();
function media(fps: string, colour: string, toneHz: number, width = 320, height = 180): Promise<string> {
  const key = `${fps}-${colour}-${toneHz}-${width}`;
  if (!mediaCache.has(key)) {
    const file = join(work, `src-${key.replace(/[^0-9a-z]+/gi, '_')}.mp4`);
    mediaCache.set(key, makeTestClip(file, { seconds: 6, fps, width, height, pattern: `color=c=${colour}`, toneHz }));
  }
  return mediaCache.get(key)!;
}

function fpsExpr(rate: FrameRate): string {
  return rate.den === 1 ? String(rate.num) : `${rate.num}/${rate.den}`;
}

interface Scene {
  ppro: PremiereSubset;
  control: FakeControl;
  host: HostPort;
  seq: SequenceInfo;
  rate: FrameRate;
  nominal: number;
  /** Sequence frame where each colour starts. */
  starts: number[];
}

async function scene(rateKey: RateKey, zeroPoint = '00:00:00:00', o: { timeoutMs?: number; clock?: typeof systemClock; projectPath?: string } = {}): Promise<Scene> {
  const rate = { ...FRAME_RATES[rateKey] };
  const nominal = Math.round(rate.num / rate.den);
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer: createFfmpegRenderer() });
  control.createProject({ name: 'Show', path: o.projectPath ?? join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: `Seq ${rateKey}`, frameRate: rateKey, zeroPoint, frameSize: { width: 320, height: 180 }, videoTracks: 1, audioTracks: 1 });
  const starts: number[] = [];
  let frame = 0;
  for (const s of SEGMENTS) {
    const item = await control.addMedia(await media(fpsExpr(rate), s.colour, s.toneHz), { name: s.name });
    control.addClip(seq.guid, { item: item.id, start: framesToTicks(frame, rate), duration: framesToTicks(s.seconds * nominal, rate), name: s.name });
    starts.push(frame);
    frame += s.seconds * nominal;
  }
  const host = createPremiereHost(ppro, {
    files,
    clock: o.clock ?? systemClock,
    exportPresetPath: PRESET,
    exportTimeoutMs: o.timeoutMs ?? 30_000,
    takesFolderOverride: async () => join(work, 'takes'),
  });
  return { ppro, control, host, seq: control.sequence(seq.guid), rate, nominal, starts };
}

function plan(s: Scene, mode: RetakeMode, inFrame: number, outFrame: number): RetakePlan {
  const range = { start: framesToTicks(inFrame, s.rate), end: framesToTicks(outFrame, s.rate) };
  const timing = { frameRate: s.rate, end: s.seq.end, zeroPoint: s.seq.zeroPoint };
  const result = planRetake(range, timing, { mode, prompt: 'make it rain', handleSeconds: 1, extraPlacement: 'after' });
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

function placement(s: Scene, p: RetakePlan, jobId: string): TakePlacement {
  return { sequenceId: s.seq.guid, mode: p.mode, at: p.replaced.start, source: p.takeSource, name: takeName(p.mode, 'make it rain', jobId), jobId };
}

function dominant(rgb: [number, number, number]): number {
  return rgb.indexOf(Math.max(...rgb));
}

/** The original tracks' clips, to check that nothing on them moved. */
function originals(s: Scene) {
  const info = s.control.sequence(s.seq.guid);
  return { video: info.video[0].clips, audio: info.audio[0].clips };
}

describe('Premiere host: marks -> plan -> export -> import -> place, at every kind of rate', () => {
  const cases: Array<[RateKey, string, RetakeMode]> = [
    ['23.976', '00:00:00:00', 'replace_video'],
    ['23.976', '01:00:00:00', 'replace_audio'],
    ['25', '00:00:00:00', 'replace_audio_and_video'],
    ['25', '01:00:00:00', 'replace_audio'],
    ['29.97 DF', '00:00:00;00', 'replace_video'],
    ['29.97 DF', '01:00:00;00', 'replace_audio_and_video'],
    ['59.94', '00:00:00:00', 'replace_video'],
    ['59.94', '01:00:00:00', 'replace_audio_and_video'],
  ];

  test('the shipped export preset is an H.264 MP4 Media Encoder preset', () => {
    const xml = readFileSync(PRESET, 'utf8');
    expect(xml).toMatch(/<PremiereData Version="3">/);
    expect(xml).toMatch(/<ExporterFileType>1211250228<\/ExporterFileType>/); // 'H264'
    expect(xml).toMatch(/<ParamIdentifier>ADBEAudioRatePerSecond<\/ParamIdentifier>[\s\S]*?<ParamValue>48000</);
  });

  test.each(cases)('%s fps, zero point %s, %s', async (rateKey, zero, mode) => {
    const s = await scene(rateKey, zero);
    const tpf = ticksPerFrame(s.rate);
    // The editor marks 2.5 s inside the green clip.
    const inFrame = s.starts[1] + s.nominal + 3;
    const outFrame = inFrame + Math.round(2.5 * s.nominal);
    s.control.setInOut(s.seq.guid, framesToTicks(inFrame, s.rate), framesToTicks(outFrame, s.rate));
    const before = originals(s);

    const snapshot = await s.host.readSequence();
    expect(snapshot).not.toBeNull();
    expect(snapshot!.marks).toEqual({ start: framesToTicks(inFrame, s.rate), end: framesToTicks(outFrame, s.rate) });
    expect(snapshot!.timing.frameRate).toEqual(s.rate);
    expect(snapshot!.timing.zeroPoint).toBe(framesToTicks(timecodeToFrames(zero, s.rate), s.rate));
    expect(snapshot!.timing.end).toBe(framesToTicks(14 * s.nominal, s.rate));
    expect(snapshot).toMatchObject({ id: s.seq.guid, frameSize: { width: 320, height: 180 }, videoTrackCount: 1, audioTrackCount: 1 });

    const p = plan(s, mode, inFrame, outFrame);
    expect(p.replaced.start).toBe(framesToTicks(inFrame, s.rate));
    const tag = `${rateKey}-${zero}`.replace(/\W/g, '');
    const out = join(work, `export-${tag}.mp4`);
    await s.host.exportWindow(s.seq.guid, p.window, out, NEVER_CANCELLED);

    // The editor's marks are back, exactly.
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: framesToTicks(inFrame, s.rate), outPoint: framesToTicks(outFrame, s.rate) });
    // The file is the window: same length, same pictures and sound.
    const info = await probe(out);
    expect(Math.abs((info.video?.frames ?? 0) - p.clipFrames)).toBeLessThanOrEqual(1);
    expect(info.video).toMatchObject({ width: 320, height: 180, frameRate: { num: s.rate.num, den: s.rate.den } });
    const w0 = Number(p.window.start / tpf);
    // meanColourAt returns the first frame at or after the time asked, so ask half a frame early.
    const frameTime = (seqFrame: number) => ((seqFrame - w0 - 0.5) * s.rate.den) / s.rate.num;
    const blueStart = s.starts[2];
    expect(dominant(await meanColourAt(out, frameTime(blueStart - 1)))).toBe(1); // last green frame
    expect(dominant(await meanColourAt(out, frameTime(blueStart)))).toBe(2); // first blue frame
    expect(await toneFrequencyAt(out, frameTime(blueStart - 40 * (s.nominal / 25)) - 0.5, 0.4)).toBeCloseTo(600, -2);

    // Import (twice: the second finds the first) and place.
    const takesFolder = await s.host.takesFolder();
    const takePath = join(takesFolder, `take-${tag}.mp4`);
    copyFileSync(out, takePath);
    const ref = await s.host.importTake(takePath);
    expect(await s.host.importTake(takePath)).toEqual(ref);
    expect(s.control.items().filter((i) => i.mediaPath === takePath && !i.subclip)).toHaveLength(1);
    expect(s.control.items().find((i) => i.mediaPath === takePath)?.binPath).toBe('LTX Retakes');

    const jobId = `job-${tag}`;
    const placed = await s.host.placeTake(ref, placement(s, p, jobId));
    const wantVideo = mode !== 'replace_audio';
    const wantAudio = mode !== 'replace_video';
    expect(placed).toEqual({
      sequenceId: s.seq.guid,
      name: placement(s, p, jobId).name,
      videoTrackIndex: wantVideo ? 1 : null,
      audioTrackIndex: wantAudio ? 1 : null,
      at: p.replaced.start.toString(),
    });
    const after = s.control.sequence(s.seq.guid);
    expect(after.video).toHaveLength(wantVideo ? 2 : 1);
    expect(after.audio).toHaveLength(wantAudio ? 2 : 1);
    for (const track of [...(wantVideo ? [after.video[1]] : []), ...(wantAudio ? [after.audio[1]] : [])]) {
      expect(track.clips.map((c) => ({ start: c.start, end: c.end, sourceIn: c.sourceIn, sourceOut: c.sourceOut, mediaPath: c.mediaPath }))).toEqual([
        { start: p.replaced.start, end: p.replaced.end, sourceIn: p.takeSource.start, sourceOut: p.takeSource.end, mediaPath: takePath },
      ]);
      expect(track.clips[0].name).toContain(`[${jobId}]`);
    }
    expect(originals(s)).toEqual(before);
    expect(s.control.undoLabels()).toEqual([
      'LTX Retake: set export range',
      'LTX Retake: restore in/out',
      'LTX Retake: create bin',
      PREPARE_UNDO_LABEL,
      PLACE_UNDO_LABEL,
      TIDY_UNDO_LABEL, // the new track is named "LTX takes"
    ]);
    expect(await s.host.findPlacedTake(s.seq.guid, jobId)).toEqual(placed);
    expect(await s.host.findPlacedTake(s.seq.guid, 'job-other')).toBeNull();
    await s.host.revealTake(placed);
    expect(s.control.sequence(s.seq.guid).selection).toHaveLength(wantVideo && wantAudio ? 2 : 1);
    expect(s.control.sequence(s.seq.guid).playhead).toBe(p.replaced.start);
  });
});

describe('Premiere host: placing by mode', () => {
  async function placed(mode: RetakeMode, faults: Parameters<FakeControl['setFaults']>[0] = {}) {
    const s = await scene('25', '01:00:00:00');
    s.control.setFaults(faults);
    // A 1080p-like take (here 640x360) on a 320x180 sequence: it must be scaled to the frame.
    const take = join(work, `take-${mode}-${Object.keys(faults).join('-') || 'plain'}.mp4`);
    copyFileSync(await media('25', '0xff00ff', 1000, 640, 360), take);
    const p = plan(s, mode, 5 * 25 + 3, 5 * 25 + 3 + 62);
    const before = originals(s);
    const ref = await s.host.importTake(take);
    const result = await s.host.placeTake(ref, placement(s, p, 'j1'));
    return { s, p, before, result, info: s.control.sequence(s.seq.guid) };
  }

  test('replace_video places only the picture, scaled to the frame, on a new track named "LTX takes"', async () => {
    const { s, p, before, result, info } = await placed('replace_video');
    expect(result).toMatchObject({ videoTrackIndex: 1, audioTrackIndex: null });
    expect(info.audio).toHaveLength(1);
    expect(info.video[1].clips).toHaveLength(1);
    expect(info.video[1].clips[0]).toMatchObject({ start: p.replaced.start, end: p.replaced.end, sourceIn: p.takeSource.start, scaleToFrame: true });
    expect(info.video[1].name).toBe(TAKE_TRACK_NAME);
    expect(originals(s)).toEqual(before);
    expect(s.control.undoLabels().slice(-3)).toEqual([PREPARE_UNDO_LABEL, PLACE_UNDO_LABEL, TIDY_UNDO_LABEL]);
  });

  test('replace_audio places only the sound', async () => {
    const { s, p, before, result, info } = await placed('replace_audio');
    expect(result).toMatchObject({ videoTrackIndex: null, audioTrackIndex: 1 });
    expect(info.video).toHaveLength(1);
    expect(info.audio[1].clips.map((c) => [c.start, c.end])).toEqual([[p.replaced.start, p.replaced.end]]);
    expect(originals(s)).toEqual(before);
  });

  test('replace_audio_and_video places both, linked', async () => {
    const { p, info } = await placed('replace_audio_and_video');
    const [v] = info.video[1].clips;
    const [a] = info.audio[1].clips;
    expect([v.start, v.end, a.start, a.end]).toEqual([p.replaced.start, p.replaced.end, p.replaced.start, p.replaced.end]);
    expect(v.linkId).not.toBeNull();
    expect(v.linkId).toBe(a.linkId);
  });

  test('if Premiere ignores the subclip media options, the unwanted half is removed in a third step', async () => {
    const { s, info } = await placed('replace_video', { subclipIgnoresMediaOptions: true });
    expect(info.video[1].clips).toHaveLength(1);
    expect(info.audio.flatMap((t) => t.clips).filter((c) => c.name.includes('[j1]'))).toHaveLength(0);
    expect(s.control.undoLabels().slice(-3)).toEqual([PREPARE_UNDO_LABEL, PLACE_UNDO_LABEL, TIDY_UNDO_LABEL]);
  });

  test('if the placed clip does not carry the take name, it is renamed so the job can find it', async () => {
    const { s, result } = await placed('replace_audio_and_video', { trackItemsNamedAfterFile: true });
    expect(s.control.clips(s.seq.guid).filter((c) => c.name.includes('[j1]'))).toHaveLength(2);
    expect(await s.host.findPlacedTake(s.seq.guid, 'j1')).toEqual(result);
  });

  test('placing again for a resumed job reuses the prepared subclip', async () => {
    const { s, p } = await placed('replace_video');
    const subclips = () => s.control.items().filter((i) => i.subclip);
    expect(subclips()).toHaveLength(1);
    s.control.undo(); // the placement, as if Premiere had lost it
    const take = s.control.items().find((i) => i.subclip)!.mediaPath!;
    await s.host.placeTake({ mediaPath: take }, placement(s, p, 'j1'));
    expect(subclips()).toHaveLength(1);
  });

  test('a take that is no longer in the project is a host error', async () => {
    const s = await scene('25');
    const p = plan(s, 'replace_video', 130, 200);
    await expect(s.host.placeTake({ mediaPath: join(work, 'nowhere.mp4') }, placement(s, p, 'x'))).rejects.toMatchObject({ category: 'host' });
  });
});

describe('Premiere host: export completion and the editor marks', () => {
  async function marked(o: Parameters<typeof scene>[2] = {}) {
    const s = await scene('25', '01:00:00:00', o);
    const marks = { start: framesToTicks(150, s.rate), end: framesToTicks(215, s.rate) };
    const p = plan(s, 'replace_video', 150, 215);
    return { s, p, marks };
  }

  test('an export whose promise never settles still completes on the file-size signal', async () => {
    const { s, p } = await marked();
    s.control.setInOut(s.seq.guid, null, null);
    s.control.setFaults({ exportPromiseNeverSettles: true, exportEventFires: false });
    const out = join(work, 'never-settles.mp4');
    await s.host.exportWindow(s.seq.guid, p.window, out, NEVER_CANCELLED);
    expect((await probe(out)).video?.frames).toBe(p.clipFrames);
    // Nothing was marked before: nothing is marked after.
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: null, outPoint: null });
    expect(s.control.listenerCount(s.ppro.Constants.OperationCompleteEvent.EXPORT_MEDIA_COMPLETE)).toBe(0);
  });

  test('the completion event alone is enough', async () => {
    const { s, p, marks } = await marked();
    s.control.setInOut(s.seq.guid, marks.start, marks.end);
    s.control.setFaults({ exportPromiseNeverSettles: true, exportEventFires: true });
    await s.host.exportWindow(s.seq.guid, p.window, join(work, 'event.mp4'), NEVER_CANCELLED);
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: marks.start, outPoint: marks.end });
  });

  test('a failed export is a host error and the marks are restored', async () => {
    const { s, p, marks } = await marked();
    s.control.setInOut(s.seq.guid, marks.start, marks.end);
    s.control.setFaults({ exportFails: true });
    const error = await s.host.exportWindow(s.seq.guid, p.window, join(work, 'fails.mp4'), NEVER_CANCELLED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetakeError);
    expect(error).toMatchObject({ category: 'host', message: expect.stringMatching(/could not export/) });
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: marks.start, outPoint: marks.end });
    s.control.setFaults({ exportFails: false, exportThrows: true });
    await expect(s.host.exportWindow(s.seq.guid, p.window, join(work, 'throws.mp4'), NEVER_CANCELLED)).rejects.toMatchObject({ category: 'host' });
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: marks.start, outPoint: marks.end });
  });

  test('an export that never writes times out (simulated clock) and the marks are restored', async () => {
    const clock = createSimulatedClock();
    const { s, p, marks } = await marked({ clock, timeoutMs: 5_000 });
    s.control.setInOut(s.seq.guid, marks.start, marks.end);
    s.control.setFaults({ exportHangs: true });
    const error = await s.host.exportWindow(s.seq.guid, p.window, join(work, 'hangs.mp4'), NEVER_CANCELLED).catch((e: unknown) => e);
    expect(error).toMatchObject({ category: 'host', code: 'exportTimeout', message: expect.stringMatching(/within 5 s/) });
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: marks.start, outPoint: marks.end });
  });

  test('cancelling while waiting stops at once and restores the marks', async () => {
    const { s, p, marks } = await marked();
    s.control.setInOut(s.seq.guid, marks.start, marks.end);
    s.control.setFaults({ exportHangs: true });
    const cancel = new CancelToken();
    setTimeout(() => cancel.cancel(), 200);
    await expect(s.host.exportWindow(s.seq.guid, p.window, join(work, 'cancelled.mp4'), cancel)).rejects.toMatchObject({ category: 'cancelled' });
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: marks.start, outPoint: marks.end });
  });

  test('"nothing marked" is restored with the clear in/out action, in one undo step', async () => {
    const { s, p } = await marked();
    s.control.setInOut(s.seq.guid, null, null);
    s.control.setFaults({ negativeInOutRejected: true });
    await s.host.exportWindow(s.seq.guid, p.window, join(work, 'cleared-by-action.mp4'), NEVER_CANCELLED);
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: null, outPoint: null });
    expect(s.control.undoLabels()).toEqual(['LTX Retake: set export range', 'LTX Retake: clear in/out']);
  });

  test('when neither the clear action nor "no mark" times clear the marks, both go to 0 (read as no range)', async () => {
    const { s, p } = await marked();
    s.control.setInOut(s.seq.guid, null, null);
    s.control.setFaults({ negativeInOutRejected: true, sequenceClearInOutIgnored: true });
    await s.host.exportWindow(s.seq.guid, p.window, join(work, 'cleared.mp4'), NEVER_CANCELLED);
    expect(s.control.sequence(s.seq.guid)).toMatchObject({ inPoint: 0n, outPoint: 0n });
    expect((await s.host.readSequence())!.marks).toBeNull();
    expect(s.control.undoLabels()).toEqual(['LTX Retake: set export range', 'LTX Retake: clear in/out', 'LTX Retake: clear in/out']);
  });

  test('the preset path may be resolved late; a missing preset is a host error before anything changes', async () => {
    const s = await scene('25');
    const late = createPremiereHost(s.ppro, { files, clock: systemClock, exportPresetPath: async () => PRESET });
    await late.exportWindow(s.seq.guid, { start: 0n, end: TICKS_PER_SECOND * 4n }, join(work, 'late.mp4'), NEVER_CANCELLED);
    expect((await probe(join(work, 'late.mp4'))).video?.frames).toBe(100);
    const host = createPremiereHost(s.ppro, { files, clock: systemClock, exportPresetPath: join(work, 'missing.epr') });
    await expect(host.exportWindow(s.seq.guid, { start: 0n, end: TICKS_PER_SECOND * 4n }, join(work, 'x.mp4'), NEVER_CANCELLED)).rejects.toMatchObject({
      category: 'host',
      message: expect.stringMatching(/preset/),
    });
    expect(s.control.undoLabels()).toEqual(['LTX Retake: set export range', 'LTX Retake: clear in/out']);
  });
});

describe('Premiere host: reading, importing, folders', () => {
  test('no project or no active sequence reads as null; unusable marks read as null', async () => {
    const { ppro, control } = createFakePremiere({ media: nodeMedia });
    const host = createPremiereHost(ppro, { files, clock: systemClock, exportPresetPath: PRESET });
    expect(await host.readSequence()).toBeNull();
    control.createProject({ name: 'P', path: '' });
    expect(await host.readSequence()).toBeNull();
    const seq = control.createSequence({ name: 'S', frameRate: '29.97', zeroPoint: '01:00:00:00' });
    expect((await host.readSequence())!.timing.frameRate).toEqual(FRAME_RATES['29.97']);
    control.setInOut(seq.guid, 5n * TICKS_PER_SECOND, 3n * TICKS_PER_SECOND);
    expect((await host.readSequence())!.marks).toBeNull();
    control.setInOut(seq.guid, null, 3n * TICKS_PER_SECOND);
    expect((await host.readSequence())!.marks).toBeNull();
    // An unsaved project has no folder for takes.
    await expect(host.takesFolder()).rejects.toMatchObject({ category: 'host', message: expect.stringMatching(/Save the project/) });
  });

  test('takes go beside the project unless the editor chose a folder', async () => {
    const s = await scene('25', undefined, { projectPath: join(work, 'proj', 'Show.prproj') });
    const host = createPremiereHost(s.ppro, { files, clock: systemClock, exportPresetPath: PRESET });
    expect(await host.takesFolder()).toBe(join(work, 'proj', 'LTX Retakes'));
    expect(await files.exists(join(work, 'proj', 'LTX Retakes'))).toBe(true);
  });

  test('ranged markers: duration > 0 only, in timeline order, ticks from the timeline start', async () => {
    const s = await scene('29.97 DF', '01:00:00;00');
    const at = (f: number) => framesToTicks(f, s.rate);
    s.control.addMarker(s.seq.guid, { name: 'later', start: at(300), duration: at(90), comments: 'rain', colorIndex: 2 });
    s.control.addMarker(s.seq.guid, { name: 'point', start: at(10) });
    s.control.addMarker(s.seq.guid, { name: 'first', start: at(60), duration: at(75) });
    const markers = await s.host.readRangedMarkers(s.seq.guid);
    expect(markers.map((m) => [m.name, m.range.start, m.range.end, m.comments, m.colorIndex])).toEqual([
      ['first', at(60), at(135), '', 0],
      ['later', at(300), at(390), 'rain', 2],
    ]);
    await expect(s.host.readRangedMarkers('no-such-sequence')).rejects.toMatchObject({ category: 'host' });
  });

  test('import failures are host errors', async () => {
    const s = await scene('25');
    await expect(s.host.importTake(join(work, 'missing-take.mp4'))).rejects.toMatchObject({ category: 'host', message: expect.stringMatching(/missing/) });
    s.control.setFaults({ importFails: true });
    const take = join(work, 'refused-take.mp4');
    copyFileSync(await media('25', '0xff00ff', 1000), take);
    await expect(s.host.importTake(take)).rejects.toMatchObject({ category: 'host', message: expect.stringMatching(/could not import/) });
  });
});
