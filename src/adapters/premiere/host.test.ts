import { copyFileSync, readFileSync } from 'fs';
import { join } from 'path';
import { NEVER_CANCELLED } from '../../app/cancel';
import type { RetakeMode } from '../../domain/limits';
import { framesToTicks, ticksPerFrame } from '../../domain/time';
import { timecodeToFrames } from '../../domain/timecode';
import { probe } from '../node/ffmpeg';
import { meanColourAt, toneFrequencyAt } from '../../testing/media';
import { FakeControl } from '../../standins/premiere/fakePremiere';
import { PLACE_UNDO_LABEL, PREPARE_UNDO_LABEL, TIDY_UNDO_LABEL } from './placer';
import { TAKE_TRACK_NAME } from './takeLanes';
import { type RateKey, work, PRESET, media, scene, plan, placement, dominant, originals } from './hostTestKit';
import { SILENCE_ORIGINAL_UNDO_LABEL } from './originalSound';

/** The Premiere host on the fake: a retake at every kind of rate, and placing by mode. */
jest.setTimeout(60_000);

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
      ...(wantAudio ? [SILENCE_ORIGINAL_UNDO_LABEL] : []), // the original sound's part under the take
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
