/**
 * "Check this Premiere" on the fake: every probe passes on the default fake and cleans up after
 * itself; a fake switched to the other reading of an unconfirmed behaviour makes its probe say
 * "differs", and the host given the measured behaviour then plans, exports and places correctly
 * where the assumed one goes wrong.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NEVER_CANCELLED } from '../../../app/cancel';
import { systemClock } from '../../../app/clock';
import type { HostPort } from '../../../app/ports';
import { reportText } from '../../../app/selfCheck';
import type { SelfCheckReport } from '../../../app/selfCheck';
import { FRAME_RATES, framesToTicks } from '../../../domain/time';
import { makeTestClip } from '../../../testing/media';
import type { FakeBehaviour } from '../../../standins/premiere/behaviour';
import { FakeFaults, createFakePremiere } from '../../../standins/premiere/fakePremiere';
import { createFfmpegRenderer } from '../../../standins/premiere/ffmpegRenderer';
import { renderStillWithFfmpeg } from '../../../standins/premiere/ffmpegStill';
import { nodeMedia } from '../../../standins/premiere/nodeMedia';
import { probe } from '../../node/ffmpeg';
import { createNodeFileStore } from '../../node/fileStore';
import { createPremiereHost } from '../host';
import { ASSUMED_BEHAVIOUR, HostBehaviour } from '../hostBehaviour';
import { behaviourFrom } from './measured';
import { runSelfCheck } from './run';
import { SELF_CHECK_CLIP } from './scratch';
import { createSelfCheck, guardedBySelfCheck } from './service';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const PRESET = join(ROOT, 'assets', 'presets', 'h264-retake.epr');
const work = mkdtempSync(join(tmpdir(), 'self-check-'));
/** The clip the build ships, made by the same script. */
const CLIP = join(work, 'ltx-selfcheck.mp4');
execFileSync(process.execPath, [join(ROOT, 'scripts', 'make-selfcheck-clip.js'), CLIP]);
const RATE = FRAME_RATES['25'];
const f = (frames: number) => framesToTicks(frames, RATE);

let editorMedia: Promise<string> | null = null;
function editorClip(): Promise<string> {
  editorMedia ??= makeTestClip(join(work, 'editor.mp4'), { seconds: 6, fps: '25', width: 64, height: 36, pattern: 'color=c=0x00ff00', toneHz: 500 });
  return editorMedia;
}

/** An editor's project: one sequence at 01:00:00:00 with a clip, marks set, and a bin of their own. */
async function editorProject(o: { behaviour?: Partial<FakeBehaviour>; faults?: Partial<FakeFaults>; name: string }) {
  const renderer = { ...createFfmpegRenderer(), renderFrame: renderStillWithFfmpeg };
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer, behaviour: o.behaviour, faults: o.faults });
  const folder = mkdtempSync(join(work, `${o.name}-`));
  const files = createNodeFileStore(folder);
  control.createProject({ name: 'Show', path: join(folder, 'Show.prproj') });
  control.createBin('Selects');
  const item = await control.addMedia(await editorClip(), { name: 'interview' });
  const seq = control.createSequence({ name: 'Cut', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 64, height: 36 }, videoTracks: 1, audioTracks: 1 });
  control.addClip(seq.guid, { item: item.id, start: 0n });
  control.setInOut(seq.guid, f(25), f(75));
  return { ppro, control, files, folder, seq };
}

type Editor = Awaited<ReturnType<typeof editorProject>>;

function checkDeps(e: Editor) {
  return {
    files: e.files,
    clock: systemClock,
    platform: 'mac' as const,
    hostVersion: '26.3.0',
    clipSource: async () => CLIP,
    preset: async () => ({ path: PRESET, source: 'shipped' as const }),
    exportTimeoutMs: 30_000,
  };
}

function outcomes(report: SelfCheckReport): Record<string, string> {
  return Object.fromEntries(report.probes.map((p) => [p.id, p.outcome]));
}

function hostFor(e: Editor, behaviour: HostBehaviour): HostPort {
  return createPremiereHost(e.ppro, {
    files: e.files,
    clock: systemClock,
    exportPresetPath: PRESET,
    exportTimeoutMs: 30_000,
    takesFolderOverride: async () => join(e.folder, 'takes'),
    behaviour: () => behaviour,
  });
}

const PROBE_IDS = [
  'import',
  'scratch',
  'timebase',
  'displayFormat',
  'zeroPoint',
  'setInOut',
  'clearInOut',
  'exportWindow',
  'outPoint',
  'completion',
  'preset',
  'videoInfo',
  'mediaPathLookup',
  'insertNewTrack',
  'placedName',
  'sourceTime',
  'subclipOptions',
  'overwriteLane',
  'trackName',
  'disabled',
  'selection',
  'dissolveName',
  'dissolveEdges',
  'reviewOpen',
  'reviewPosition',
  'clipMarker',
  'projectMetadata',
  'frameExport',
  'removeItem',
  'disabledHidden',
  'originalSoundSplit',
  'cleanup',
];

test('the shipped clip is what the probes expect of it', async () => {
  const info = await probe(CLIP);
  expect(info.video).toMatchObject({ width: SELF_CHECK_CLIP.width, height: SELF_CHECK_CLIP.height, frameRate: { num: 25, den: 1 }, frames: SELF_CHECK_CLIP.frames });
  expect(info.audio).toBeDefined();
});

describe('on the default fake', () => {
  let e: Editor;
  let report: SelfCheckReport;
  let itemsBefore: unknown;
  let undoBefore: string[];

  beforeAll(async () => {
    e = await editorProject({ name: 'default' });
    itemsBefore = e.control.items();
    undoBefore = e.control.undoLabels();
    report = await runSelfCheck(e.ppro, checkDeps(e));
  });

  test('every probe runs and passes, except the preset (the fake has no Premiere install, so the shipped one is used)', () => {
    expect(report.probes.map((p) => p.id)).toEqual(PROBE_IDS);
    const notPassing = report.probes.filter((p) => p.outcome !== 'pass').map((p) => `${p.id}: ${p.outcome} (${p.seen})`);
    expect(notPassing).toEqual([expect.stringMatching(/^preset: differs \(the shipped fallback .*h264-retake\.epr exported\)$/)]);
    expect(report.measured).toEqual({});
    expect(behaviourFrom(report, '26.3.0')).toEqual(ASSUMED_BEHAVIOUR);
  });

  test('what was seen is in the report: frames counted from the export, the signals, the version', () => {
    const byId = Object.fromEntries(report.probes.map((p) => [p.id, p]));
    expect(byId.exportWindow.seen).toBe('exportFull=false: 10 frames');
    expect(byId.completion.seen).toMatch(/^promise resolved true; EXPORT_MEDIA_COMPLETE \(state 0 = OperationCompleteState.SUCCESS\)$/);
    expect(byId.zeroPoint.seen).toBe(`zero point ${f(90000)} ticks, clip start 0, sequence end ${f(50)}`);
    expect(byId.dissolveName.seen).toMatch(/^"AE.ADBE Cross Dissolve New" used/);
    expect(byId.dissolveEdges.seen).toMatch(/^accepted; 2 dissolve\(s\) at frames \[0, 4\) and \[(\d+), \d+\) of a \d+-frame clip; removed, 0 left$/);
    const text = reportText(report);
    expect(text).toContain('Premiere 26.3.0 (mac)');
    expect(text).toContain('[pass] Time convention vs the zero point');
  });

  test("the editor's project is as it was: bins and items, sequences, active sequence, marks; the scratch files are gone", () => {
    expect(e.control.items()).toEqual(itemsBefore);
    expect(e.control.sequences().map((s) => s.guid)).toEqual([e.seq.guid]);
    const seq = e.control.sequence();
    expect(seq.guid).toBe(e.seq.guid);
    expect([seq.inPoint, seq.outPoint]).toEqual([f(25), f(75)]);
    expect(seq.video[0].clips).toHaveLength(1);
    const scratchFiles = readdirSync(e.folder, { recursive: true }).map(String).filter((n) => n.includes('ltx-selfcheck'));
    expect(scratchFiles).toEqual([]);
  });

  test('the undo steps it made are exactly those the report lists', () => {
    const made = e.control.undoLabels().slice(undoBefore.length);
    expect(made.length).toBeGreaterThan(0);
    expect(report.undoSteps).toEqual(made);
    expect(made.every((l) => l.startsWith('LTX Self-check: '))).toBe(true);
    expect(reportText(report)).toContain(made.join('; '));
  });
});

test('a probe that fails stops nothing: its row says so, the rest pass and the cleanup runs', async () => {
  const e = await editorProject({ name: 'lookup', faults: { mediaPathLookupFails: true } });
  const itemsBefore = e.control.items();
  const report = await runSelfCheck(e.ppro, checkDeps(e));
  const got = outcomes(report);
  expect(got.mediaPathLookup).toBe('failed');
  expect(report.probes.find((p) => p.id === 'mediaPathLookup')!.seen).toMatch(/findItemsMatchingMediaPath failed/);
  expect([got.insertNewTrack, got.subclipOptions, got.selection, got.cleanup]).toEqual(['pass', 'pass', 'pass', 'pass']);
  expect(e.control.items()).toEqual(itemsBefore);
});

test("a bin of the editor's with the scratch bin's name is never taken for it, nor removed", async () => {
  const e = await editorProject({ name: 'samename' });
  const stamp = new Date(0).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  e.control.createBin(`LTX Self-check (temporary) ${stamp}`);
  const itemsBefore = e.control.items();
  const report = await runSelfCheck(e.ppro, { ...checkDeps(e), clock: { ...systemClock, now: () => 0 } });
  expect(outcomes(report).cleanup).toBe('pass');
  expect(outcomes(report).import).toBe('pass');
  expect(e.control.items()).toEqual(itemsBefore);
});

test('when the scratch cannot be made, every row says why and nothing is left behind', async () => {
  const e = await editorProject({ name: 'noclip' });
  const itemsBefore = e.control.items();
  const report = await runSelfCheck(e.ppro, { ...checkDeps(e), clipSource: async () => join(e.folder, 'missing.mp4') });
  expect(report.probes.map((p) => p.id)).toEqual(PROBE_IDS);
  expect(report.probes.filter((p) => p.outcome !== 'failed').map((p) => p.id)).toEqual(['cleanup']);
  expect(report.probes.find((p) => p.id === 'zeroPoint')!.seen).toBe('not run: there is no scratch sequence (see above)');
  expect(e.control.items()).toEqual(itemsBefore);
  expect(e.control.undoLabels()).toEqual([]);
});

describe('a fake whose times include the zero point', () => {
  test('the probe reports it, and with the measured behaviour the marks, the export and the placement land at the right ticks', async () => {
    const e = await editorProject({ name: 'zero', behaviour: { timesIncludeZeroPoint: true } });
    const report = await runSelfCheck(e.ppro, checkDeps(e));
    const got = outcomes(report);
    expect(got.zeroPoint).toBe('differs');
    expect(report.measured).toEqual({ timesIncludeZeroPoint: true });
    // Later probes already used the measured convention.
    expect([got.setInOut, got.exportWindow, got.insertNewTrack, got.cleanup]).toEqual(['pass', 'pass', 'pass', 'pass']);

    const measured = behaviourFrom(report, '26.3.0');
    expect((await hostFor(e, ASSUMED_BEHAVIOUR).readSequence())!.marks).not.toEqual({ start: f(25), end: f(75) });
    const host = hostFor(e, measured);
    const snapshot = (await host.readSequence())!;
    expect(snapshot.marks).toEqual({ start: f(25), end: f(75) });
    expect(snapshot.timing.end).toBe(f(150));

    await host.exportWindow(e.seq.guid, { start: f(10), end: f(40) }, join(e.folder, 'window.mp4'), NEVER_CANCELLED);
    expect(e.control.exports().at(-1)!.window).toEqual({ start: f(10), end: f(40) });
    expect([e.control.sequence().inPoint, e.control.sequence().outPoint]).toEqual([f(25), f(75)]);

    const take = await host.importTake(CLIP);
    const placed = await host.placeTake(take, { sequenceId: e.seq.guid, mode: 'replace_video', at: f(30), source: { start: f(5), end: f(25) }, name: 'LTX V "rain" [j1]', jobId: 'j1' });
    expect(placed.at).toBe(f(30).toString());
    const clip = e.control.clips(e.seq.guid, 'video').find((c) => c.name.includes('[j1]'))!;
    expect([clip.start, clip.end]).toEqual([f(30), f(50)]);
  });
});

describe('a fake whose out point is the start of the last marked frame', () => {
  test('the probe counts one frame more in the export, and with the measured behaviour marks read and exports set one frame right', async () => {
    const e = await editorProject({ name: 'outpoint', behaviour: { outPointIsLastFrameStart: true } });
    const report = await runSelfCheck(e.ppro, checkDeps(e));
    const row = report.probes.find((p) => p.id === 'outPoint')!;
    expect([row.outcome, row.seen]).toEqual(['differs', expect.stringMatching(/^11 frames: /)]);
    expect(outcomes(report).exportWindow).toBe('pass');
    expect(report.measured).toEqual({ outPointIsLastFrameStart: true });

    expect((await hostFor(e, ASSUMED_BEHAVIOUR).readSequence())!.marks).toEqual({ start: f(25), end: f(74) });
    const window = { start: f(10), end: f(40) };
    // One frame too many passes the file's length check (within a frame), so only the window shows it.
    await hostFor(e, ASSUMED_BEHAVIOUR).exportWindow(e.seq.guid, window, join(e.folder, 'a.mp4'), NEVER_CANCELLED);
    expect(e.control.exports().at(-1)!.window).toEqual({ start: f(10), end: f(41) });
    const host = hostFor(e, behaviourFrom(report, '26.3.0'));
    expect((await host.readSequence())!.marks).toEqual({ start: f(25), end: f(75) });
    await host.exportWindow(e.seq.guid, window, join(e.folder, 'b.mp4'), NEVER_CANCELLED);
    expect(e.control.exports().at(-1)!.window).toEqual(window);
    expect([e.control.sequence().inPoint, e.control.sequence().outPoint]).toEqual([f(25), f(75)]);
  });
});

describe('a fake where exportFull=false exports everything and true the in/out', () => {
  test('the probe finds the value that exports the window, and the host then exports the window exactly', async () => {
    const e = await editorProject({ name: 'full', behaviour: { exportFullForInOut: true } });
    const report = await runSelfCheck(e.ppro, checkDeps(e));
    const row = report.probes.find((p) => p.id === 'exportWindow')!;
    expect(row.outcome).toBe('differs');
    expect(row.seen).toMatch(/^exportFull=false: 50 frames; exportFull=true: 10 frames/);
    expect(outcomes(report).outPoint).toBe('pass');
    expect(report.measured).toEqual({ exportFullForInOut: true });

    const window = { start: f(10), end: f(40) };
    await expect(hostFor(e, ASSUMED_BEHAVIOUR).exportWindow(e.seq.guid, window, join(e.folder, 'a.mp4'), NEVER_CANCELLED)).rejects.toThrow(/instead of the 1\.20 s context window/);
    await hostFor(e, behaviourFrom(report, '26.3.0')).exportWindow(e.seq.guid, window, join(e.folder, 'b.mp4'), NEVER_CANCELLED);
    expect(e.control.exports().at(-1)!.window).toEqual(window);
  });

  test('when no value exports only the in/out, it says so and the plugin changes nothing', async () => {
    const e = await editorProject({ name: 'ignores', faults: { exportIgnoresInOut: true } });
    const report = await runSelfCheck(e.ppro, checkDeps(e));
    expect(report.probes.find((p) => p.id === 'exportWindow')!.seen).toMatch(/neither exports only the in\/out/);
    expect(outcomes(report).outPoint).toBe('failed');
    expect(report.measured).toEqual({});
  });
});

describe('a fake where an insert at index = track count adds no track', () => {
  test('the probe finds that count+1 does, and the host then places a take on new tracks', async () => {
    const e = await editorProject({ name: 'insert', behaviour: { insertAddsTrackAt: 'pastCount' } });
    const report = await runSelfCheck(e.ppro, checkDeps(e));
    const got = outcomes(report);
    expect(got.insertNewTrack).toBe('differs');
    expect([got.subclipOptions, got.placedName, got.cleanup]).toEqual(['pass', 'pass', 'pass']);
    expect(report.measured).toEqual({ newTrackIndexPastCount: 1 });

    const placement = { sequenceId: e.seq.guid, mode: 'replace_audio_and_video' as const, at: f(30), source: { start: f(5), end: f(25) }, name: 'LTX AV "rain" [j2]', jobId: 'j2' };
    const assumed = hostFor(e, ASSUMED_BEHAVIOUR);
    await expect(assumed.placeTake(await assumed.importTake(CLIP), placement)).rejects.toThrow(/refused to place the take/);
    const host = hostFor(e, behaviourFrom(report, '26.3.0'));
    const placed = await host.placeTake(await host.importTake(CLIP), placement);
    expect([placed.videoTrackIndex, placed.audioTrackIndex]).toEqual([1, 1]);
    const seq = e.control.sequence();
    expect([seq.video.length, seq.audio.length]).toEqual([2, 2]);
    expect(seq.video[0].clips.map((c) => [c.start, c.end])).toEqual([[0n, f(150)]]);
  });
});

describe('the kept report', () => {
  test('is saved, read back on the next start for the same Premiere version only, and never half-used when damaged', async () => {
    const e = await editorProject({ name: 'kept', behaviour: { timesIncludeZeroPoint: true } });
    const storePath = join(e.folder, 'self-check.json');
    const check = createSelfCheck(e.ppro, { ...checkDeps(e), storePath });
    await check.run();
    expect(check.behaviour().timesIncludeZeroPoint).toBe(true);

    const again = createSelfCheck(e.ppro, { ...checkDeps(e), storePath });
    expect(again.behaviour()).toEqual(ASSUMED_BEHAVIOUR);
    await again.load();
    expect(again.behaviour().timesIncludeZeroPoint).toBe(true);
    expect((await again.last())!.premiereVersion).toBe('26.3.0');

    const updated = createSelfCheck(e.ppro, { ...checkDeps(e), hostVersion: '26.4.0', storePath });
    await updated.load();
    expect(updated.behaviour()).toEqual(ASSUMED_BEHAVIOUR);

    const text = (await e.files.readText(storePath))!;
    await e.files.writeText(storePath, text.replace('"timesIncludeZeroPoint": true', '"timesIncludeZeroPoint": "yes"'));
    const damaged = createSelfCheck(e.ppro, { ...checkDeps(e), storePath });
    await damaged.load();
    expect(damaged.behaviour()).toEqual(ASSUMED_BEHAVIOUR);
    expect(await damaged.last()).toBeNull();
  });

  test('refuses to start while a retake runs, and no retake exports while it runs', async () => {
    const e = await editorProject({ name: 'busy' });
    const busy = createSelfCheck(e.ppro, { ...checkDeps(e), busy: () => 'Wait for the running retake to finish.' });
    await expect(busy.run()).rejects.toThrow('Wait for the running retake to finish.');
    expect(e.control.undoLabels()).toEqual([]);

    const check = createSelfCheck(e.ppro, { ...checkDeps(e), storePath: join(e.folder, 'self-check.json') });
    const host = guardedBySelfCheck(hostFor(e, ASSUMED_BEHAVIOUR), check);
    const running = check.run();
    await expect(host.exportWindow(e.seq.guid, { start: f(10), end: f(40) }, join(e.folder, 'x.mp4'), NEVER_CANCELLED)).rejects.toThrow(/Check this Premiere" is using the timeline/);
    await running;
    await host.exportWindow(e.seq.guid, { start: f(10), end: f(40) }, join(e.folder, 'x.mp4'), NEVER_CANCELLED);
  });
});
