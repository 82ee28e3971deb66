/**
 * The export window, its completion and the editor's marks; importing a take once; the paths and
 * the preset handed to Premiere. On the fake Premiere with real ffmpeg exports that, like an
 * encoder, write the header first and grow.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NEVER_CANCELLED } from '../../app/cancel';
import { systemClock } from '../../app/clock';
import { FRAME_RATES, framesToTicks } from '../../domain/time';
import { makeTestClip } from '../../testing/media';
import { createFfmpegRenderer } from '../../standins/premiere/ffmpegRenderer';
import { createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import type { MediaHost, SequenceRenderer } from '../../standins/premiere/types';
import { probe } from '../node/ffmpeg';
import { createNodeFileStore } from '../node/fileStore';
import { boxesFillFile } from './exportCheck';
import { createPremiereHost } from './host';
import { TAKES_BIN_NAME } from './importer';
import type { HostPlatform } from './nativePath';
import { resolveExportPreset, systemPresetCandidates } from './presets';

jest.setTimeout(60_000);

const work = mkdtempSync(join(tmpdir(), 'premiere-export-'));
const PRESET = join(__dirname, '..', '..', '..', 'assets', 'presets', 'h264-retake.epr');
const files = createNodeFileStore(work);
const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
let clip: string;

beforeAll(async () => {
  clip = await makeTestClip(join(work, 'clip.mp4'), { seconds: 10, fps: '25', width: 160, height: 90, pattern: 'testsrc2', toneHz: 440 });
});

/** Premiere sees the platform's paths; on this Linux machine they are mapped back to reach the files. */
const posix = (p: string) => p.replace(/\\/g, '/');
function mappedMedia(): MediaHost {
  return { exists: (p) => nodeMedia.exists(posix(p)), probe: (p) => nodeMedia.probe(posix(p)) };
}
function mappedRenderer(inner: SequenceRenderer): SequenceRenderer {
  return { render: (spec, p) => inner.render(spec, posix(p)) };
}

async function suite(o: { growthPauseMs?: number; platform?: HostPlatform } = {}) {
  const { ppro, control } = createFakePremiere({ media: mappedMedia(), renderer: mappedRenderer(createFfmpegRenderer({ growthPauseMs: o.growthPauseMs })) });
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Cut', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 160, height: 90 }, videoTracks: 1, audioTracks: 1 });
  const item = await control.addMedia(clip, { name: 'clip' });
  control.addClip(seq.guid, { item: item.id, start: 0n, duration: f(250) });
  control.setInOut(seq.guid, f(100), f(165)); // the editor's marks: 2.6 s
  const host = createPremiereHost(ppro, { files, clock: systemClock, exportPresetPath: PRESET, exportTimeoutMs: 30_000, platform: o.platform });
  return { ppro, control, host, guid: seq.guid };
}

const window = { start: f(75), end: f(200) }; // 5 s of context around the marks

describe('the editor marks are the only marks ever read', () => {
  test('a read of the sequence while the export holds the in/out returns the editor marks, not the window', async () => {
    const s = await suite({ growthPauseMs: 300 });
    const exporting = s.host.exportWindow(s.guid, window, join(work, 'held.mp4'), NEVER_CANCELLED);
    // Wait until Premiere's own in/out are the window: the export has them.
    for (let i = 0; i < 400 && s.control.sequence(s.guid).inPoint !== window.start; i++) await new Promise((r) => setTimeout(r, 5));
    expect(s.control.sequence(s.guid)).toMatchObject({ inPoint: window.start, outPoint: window.end });
    const during = await s.host.readSequence();
    expect(during!.marks).toEqual({ start: f(100), end: f(165) });
    await exporting;
    expect((await s.host.readSequence())!.marks).toEqual({ start: f(100), end: f(165) });
  });
});

describe('export completion', () => {
  test('a header-only file that stops growing for a while is not taken as the export', async () => {
    const s = await suite({ growthPauseMs: 1_300 });
    s.control.setFaults({ exportPromiseNeverSettles: true, exportEventFires: false });
    const out = join(work, 'slow-growth.mp4');
    await s.host.exportWindow(s.guid, window, out, NEVER_CANCELLED);
    expect((await probe(out)).video?.frames).toBe(125);
  });

  test('an event from some other export, even a failed one, neither fails nor finishes this one', async () => {
    const s = await suite({ growthPauseMs: 400 });
    s.control.setFaults({ exportPromiseNeverSettles: true, exportEventFires: false });
    const event = s.ppro.Constants.OperationCompleteEvent.EXPORT_MEDIA_COMPLETE;
    const out = join(work, 'foreign-event.mp4');
    const exporting = s.host.exportWindow(s.guid, window, out, NEVER_CANCELLED);
    for (let i = 0; i < 400 && s.control.listenerCount(event) === 0; i++) await new Promise((r) => setTimeout(r, 5));
    s.control.fireGlobalEvent(event, { state: s.ppro.Constants.OperationCompleteState.FAILED });
    s.control.fireGlobalEvent(event, { state: s.ppro.Constants.OperationCompleteState.SUCCESS });
    await exporting;
    expect((await probe(out)).video?.frames).toBe(125);
  });

  test('an export of the wrong length (the whole sequence) is refused before anything is uploaded, marks restored', async () => {
    const s = await suite();
    s.control.setFaults({ exportIgnoresInOut: true });
    const error = await s.host.exportWindow(s.guid, window, join(work, 'everything.mp4'), NEVER_CANCELLED).catch((e: unknown) => e);
    expect(error).toMatchObject({ category: 'host', message: expect.stringMatching(/exported 10\.00 s instead of the 5\.00 s/) });
    expect(s.control.sequence(s.guid)).toMatchObject({ inPoint: f(100), outPoint: f(165) });
  });

  test('completeness: the top-level boxes must fill the file and hold the moov', () => {
    const whole = new Uint8Array(readFileSync(clip));
    expect(boxesFillFile(whole)).toBe(true);
    expect(boxesFillFile(whole.subarray(0, whole.byteLength - 100))).toBe(false);
    expect(boxesFillFile(whole.subarray(0, 32))).toBe(false);
  });
});

describe('paths handed to Premiere', () => {
  test('on Windows the export, preset and import paths use backslashes', async () => {
    const s = await suite({ platform: 'windows' });
    await s.host.exportWindow(s.guid, window, join(work, 'win.mp4'), NEVER_CANCELLED);
    const [record] = s.control.exports();
    expect(record.outPath).toBe(join(work, 'win.mp4').replace(/\//g, '\\'));
    expect(record.presetPath).toBe(PRESET.replace(/\//g, '\\'));
    const take = join(work, 'take-win.mp4');
    copyFileSync(clip, take);
    await s.host.importTake(take);
    const imported = s.control.items().filter((i) => i.binPath === TAKES_BIN_NAME && i.kind === 'clip');
    expect(imported.map((i) => i.mediaPath)).toEqual([take.replace(/\//g, '\\')]);
  });
});

describe('importing a take', () => {
  test('found by its name in the takes bin when the media-path lookup fails', async () => {
    const s = await suite();
    const take = join(work, 'take-lookup.mp4');
    copyFileSync(clip, take);
    s.control.setFaults({ mediaPathLookupFails: true });
    await expect(s.host.importTake(take)).resolves.toEqual({ mediaPath: take });
    await expect(s.host.importTake(take)).resolves.toEqual({ mediaPath: take });
    expect(s.control.items().filter((i) => i.binPath === TAKES_BIN_NAME && i.kind === 'clip')).toHaveLength(1);
  });

  test('a take imported despite an error is used, and never imported a second time', async () => {
    const s = await suite();
    const take = join(work, 'take-throws.mp4');
    copyFileSync(clip, take);
    s.control.setFaults({ importThrowsAfterImporting: true });
    await expect(s.host.importTake(take)).resolves.toEqual({ mediaPath: take });
    s.control.setFaults({ importThrowsAfterImporting: false });
    await s.host.importTake(take);
    expect(s.control.items().filter((i) => i.binPath === TAKES_BIN_NAME && i.kind === 'clip')).toHaveLength(1);
  });
});

describe('the export preset', () => {
  test("Premiere's own H.264 Match Source preset for the running version comes first, the shipped file last", async () => {
    const mac = systemPresetCandidates('mac', '26.3.1');
    expect(mac[0]).toBe('/Applications/Adobe Premiere Pro 2026/Adobe Premiere Pro 2026.app/Contents/MediaIO/systempresets/4E49434B_48323634/01 - Match Source - High bitrate.epr');
    expect(systemPresetCandidates('windows', '25.6.0')[0]).toBe(
      'C:/Program Files/Adobe/Adobe Premiere Pro 2025/MediaIO/systempresets/4E49434B_48323634/01 - Match Source - High bitrate.epr',
    );
    const present = new Set([mac[1]]);
    await expect(resolveExportPreset(async (p) => present.has(p), { platform: 'mac', hostVersion: '26.3.1', shippedPath: PRESET })).resolves.toEqual({
      path: mac[1],
      source: 'system',
    });
    await expect(resolveExportPreset(async () => false, { platform: 'mac', hostVersion: '26.3.1', shippedPath: PRESET })).resolves.toEqual({
      path: PRESET,
      source: 'shipped',
    });
  });
});
