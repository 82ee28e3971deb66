/**
 * Sequences larger than 1080p export through a copy of the plugin's preset scaled to fit 1920x1080
 * (aspect kept); smaller ones through the preset as resolved. A scaled preset Premiere refuses
 * falls back to the full-size one, and the job records which preset it used.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NEVER_CANCELLED } from '../../app/cancel';
import { systemClock } from '../../app/clock';
import { FRAME_RATES, framesToTicks } from '../../domain/time';
import { makeTestClip } from '../../testing/media';
import { createFfmpegRenderer } from '../../standins/premiere/ffmpegRenderer';
import { createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { createNodeFileStore } from '../node/fileStore';
import { createPremiereHost } from './host';
import { bitrateToFit, exportFrameSize, fittedPresetXml, scaledPresetXml } from './presets';

jest.setTimeout(60_000);

const work = mkdtempSync(join(tmpdir(), 'export-size-'));
const SHIPPED = join(__dirname, '..', '..', '..', 'assets', 'presets', 'h264-retake.epr');
const SYSTEM = join(work, 'Match Source - High bitrate.epr');
const files = createNodeFileStore(work);
const f = (n: number) => framesToTicks(n, FRAME_RATES['25']);
let clip: string;

beforeAll(async () => {
  clip = await makeTestClip(join(work, 'clip.mp4'), { seconds: 6, fps: '25', width: 160, height: 90, pattern: 'testsrc2', toneHz: 440 });
  await files.writeText(SYSTEM, readFileSync(SHIPPED, 'utf8')); // stands for Premiere's own preset on disk
});

test('only a sequence larger than 1920x1080 (either way round) is scaled, to fit, aspect kept, sides even', () => {
  expect(exportFrameSize({ width: 1920, height: 1080 })).toBeNull();
  expect(exportFrameSize({ width: 1080, height: 1920 })).toBeNull();
  expect(exportFrameSize({ width: 1280, height: 720 })).toBeNull();
  expect(exportFrameSize({ width: 3840, height: 2160 })).toEqual({ width: 1920, height: 1080 });
  expect(exportFrameSize({ width: 4096, height: 2160 })).toEqual({ width: 1920, height: 1012 });
  expect(exportFrameSize({ width: 2160, height: 3840 })).toEqual({ width: 1080, height: 1920 });
  expect(exportFrameSize({ width: 2560, height: 1080 })).toEqual({ width: 1920, height: 810 });
});

test('the scaled preset turns Match Source off and sets the frame size; a preset without those parameters is refused', () => {
  const xml = scaledPresetXml(readFileSync(SHIPPED, 'utf8'), { width: 1920, height: 1012 });
  const param = (id: string) => new RegExp(`<ParamIdentifier>${id}</ParamIdentifier>(?:(?!</ExporterParam>)[\\s\\S])*?<ParamValue>([^<]*)</ParamValue>`).exec(xml)?.[1];
  expect([param('ADBEVideoMatchSource'), param('ADBEVideoWidth'), param('ADBEVideoHeight')]).toEqual(['false', '1920', '1012']);
  expect(() => scaledPresetXml('<PremiereData/>', { width: 2, height: 2 })).toThrow(/ADBEVideoMatchSource/);
});

/** A fake Premiere with a sequence of `frame`; it refuses the presets `refused` says (a preset that does not load). */
async function suite(frame: { width: number; height: number }, refused: (preset: string) => boolean = () => false, maxExportBytes?: number) {
  const renderer = createFfmpegRenderer();
  const { ppro, control } = createFakePremiere({
    media: { exists: async (p) => !refused(p) && nodeMedia.exists(p), probe: nodeMedia.probe },
    // Drawn small: what this test checks is the preset handed over, not the pixels.
    renderer: { render: (spec, out) => renderer.render({ ...spec, frameSize: { width: 160, height: 90 } }, out) },
  });
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Cut', frameRate: '25', frameSize: frame, videoTracks: 1, audioTracks: 1 });
  control.addClip(seq.guid, { item: (await control.addMedia(clip)).id, start: 0n, duration: f(150) });
  const host = createPremiereHost(ppro, { files, clock: systemClock, exportPresetPath: SYSTEM, scaledPresetSource: SHIPPED, exportTimeoutMs: 20_000, maxExportBytes });
  return { host, control, guid: seq.guid };
}

const window = { start: f(25), end: f(75) };

test('a 4K sequence exports through the scaled copy, and says so', async () => {
  const s = await suite({ width: 3840, height: 2160 });
  const exported = await s.host.exportWindow(s.guid, window, join(work, 'uhd.mp4'), NEVER_CANCELLED);
  const handed = s.control.exports()[0].presetPath;
  expect(handed).toBe(join(await files.scratchFolder(), 'h264-retake-1920x1080.epr'));
  expect(readFileSync(handed, 'utf8')).toContain('<ParamValue>1080</ParamValue>');
  expect(exported).toEqual({ preset: handed });
});

test('a 1080p sequence exports through the preset as resolved (Premiere’s own)', async () => {
  const s = await suite({ width: 1920, height: 1080 });
  expect(await s.host.exportWindow(s.guid, window, join(work, 'hd.mp4'), NEVER_CANCELLED)).toEqual({ preset: SYSTEM });
  expect(s.control.exports().map((e) => e.presetPath)).toEqual([SYSTEM]);
});

test('a scaled preset Premiere refuses falls back to the full-size preset, which the job then records', async () => {
  const s = await suite({ width: 3840, height: 2160 }, (p) => p.endsWith('1920x1080.epr'));
  const exported = await s.host.exportWindow(s.guid, window, join(work, 'fallback.mp4'), NEVER_CANCELLED);
  expect(s.control.exports().map((e) => e.outcome)).toEqual(['failed', 'written']);
  expect(exported).toEqual({ preset: SYSTEM });
  expect([s.control.sequence(s.guid).inPoint, s.control.sequence(s.guid).outPoint]).toEqual([null, null]); // nothing marked, as before
});

const param = (xml: string, id: string) => new RegExp(`<ParamIdentifier>${id}</ParamIdentifier>(?:(?!</ExporterParam>)[\\s\\S])*?<ParamValue>([^<]*)</ParamValue>`).exec(xml)?.[1];

test('the bitrate that fits a window into the upload leaves room for the sound and the container', () => {
  const budget = 24 * 1024 * 1024;
  for (const seconds of [3, 8, 12.5, 20]) {
    const mbps = bitrateToFit(seconds, budget);
    expect(((mbps + 0.192) * 1e6 * seconds) / 8).toBeLessThanOrEqual(0.85 * budget);
    expect(((mbps + 0.3) * 1e6 * seconds) / 8).toBeGreaterThan(0.85 * budget); // and no lower than it needs to be
  }
  expect(bitrateToFit(20, budget)).toBe(8.3);
  const xml = fittedPresetXml(readFileSync(SHIPPED, 'utf8'), { width: 1920, height: 1080 }, 8.3);
  expect([param(xml, 'ADBEVideoTargetBitrate'), param(xml, 'ADBEVideoMaxBitrate'), param(xml, 'ADBEVideoHeight')]).toEqual(['8.3', '8.3', '1080']);
  expect(param(fittedPresetXml(readFileSync(SHIPPED, 'utf8'), null, 5), 'ADBEVideoMatchSource')).toBe(param(readFileSync(SHIPPED, 'utf8'), 'ADBEVideoMatchSource'));
});

test('an export too large to upload is made once more through a copy of the plugin\'s preset at a bitrate that fits', async () => {
  const s = await suite({ width: 1920, height: 1080 }, () => false, 1000);
  const exported = await s.host.exportWindow(s.guid, window, join(work, 'large.mp4'), NEVER_CANCELLED);
  const handed = s.control.exports().map((e) => e.presetPath);
  expect(handed).toEqual([SYSTEM, join(await files.scratchFolder(), `h264-retake-${bitrateToFit(2, 1000)}mbps.epr`)]);
  expect(param(readFileSync(handed[1], 'utf8'), 'ADBEVideoTargetBitrate')).toBe(String(bitrateToFit(2, 1000)));
  expect(exported).toEqual({ preset: handed[1] });
});
