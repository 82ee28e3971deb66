import { copyFileSync } from 'fs';
import { join } from 'path';
import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import { createSimulatedClock, systemClock } from '../../app/clock';
import { RetakeError } from '../../domain/errors';
import { FRAME_RATES, TICKS_PER_SECOND, framesToTicks } from '../../domain/time';
import { probe } from '../node/ffmpeg';
import { createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { createPremiereHost } from './host';
import { work, PRESET, files, media, scene, plan } from './hostTestKit';

/** The Premiere host on the fake: when an export is done, the editor's marks given back, reading, importing. */
jest.setTimeout(60_000);

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
