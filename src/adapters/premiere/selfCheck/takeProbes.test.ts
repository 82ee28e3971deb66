/**
 * The take workflow's probes: what they report on the default fake, and that a Premiere behaving
 * otherwise (the fake wrapped or switched) is reported, never passed.
 */
import { execFileSync } from 'child_process';
import { copyFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { systemClock } from '../../../app/clock';
import type { SelfCheckReport } from '../../../app/selfCheck';
import { FRAME_RATES, framesToTicks } from '../../../domain/time';
import type { FakePremiereOptions } from '../../../standins/premiere/fakePremiere';
import { createFfmpegRenderer } from '../../../standins/premiere/ffmpegRenderer';
import { createNodeFakePremiere } from '../../../standins/premiere/node';
import { createNodeFileStore } from '../../node/fileStore';
import type { PremiereSubset } from '../subset';
import { runSelfCheck } from './run';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'take-probes-'));
const CLIP = join(work, 'ltx-selfcheck.mp4');
execFileSync(process.execPath, [join(ROOT, 'scripts', 'make-selfcheck-clip.js'), CLIP]);
const TAKE_ROWS = ['reviewOpen', 'reviewPosition', 'clipMarker', 'projectMetadata', 'frameExport', 'removeItem', 'disabledHidden'];

/** The take rows of a check run on a fresh project, the fake optionally wrapped or switched. */
async function takeRows(name: string, o: { fake?: Partial<FakePremiereOptions>; wrap?: (ppro: PremiereSubset) => PremiereSubset } = {}) {
  const { ppro, control } = createNodeFakePremiere(o.fake);
  const folder = mkdtempSync(join(work, `${name}-`));
  control.createProject({ name: 'Show', path: join(folder, 'Show.prproj') });
  const report: SelfCheckReport = await runSelfCheck(o.wrap ? o.wrap(ppro) : ppro, {
    files: createNodeFileStore(folder),
    clock: systemClock,
    platform: 'mac',
    hostVersion: '26.3.0',
    clipSource: async () => CLIP,
    preset: async () => ({ path: join(ROOT, 'assets', 'presets', 'h264-retake.epr'), source: 'shipped' as const }),
    exportTimeoutMs: 30_000,
  });
  const rows = Object.fromEntries(report.probes.filter((p) => TAKE_ROWS.includes(p.id)).map((p) => [p.id, `${p.outcome}: ${p.seen}`]));
  return { rows, cleanup: report.probes.find((p) => p.id === 'cleanup')!.outcome, control };
}

test('on the default fake every take probe passes and says what it saw', async () => {
  const { rows, cleanup, control } = await takeRows('default');
  const frame = framesToTicks(1, FRAME_RATES['25']);
  expect(rows).toEqual({
    reviewOpen: 'pass: openFilePath resolved true; project clips 3 -> 3; clips on the scratch sequence 7 -> 7',
    reviewPosition: `pass: setPosition resolved true; getPosition reads ${10n * frame} ticks (10 frames)`,
    clipMarker: `pass: marker at ${10n * frame} ticks, ${20n * frame} long, type Comment, comment as written; colour label 7`,
    projectMetadata: 'pass: the schema took 1 of 1 properties; transaction accepted; 1 of 1 field(s) read back as written',
    frameExport: expect.stringMatching(/^pass: wrote "take-ltx-selfcheck-frame\.png\.png", \d+ bytes, 320 x 180$/),
    removeItem: "pass: transaction accepted; the clip is gone; the bin's other 3 item(s) stayed",
    disabledHidden: expect.stringMatching(/^pass: enabled: brightness (\d+); disabled \(transaction accepted\): brightness 0$/),
  });
  expect(Number(/enabled: brightness (\d+)/.exec(rows.disabledHidden)![1])).toBeGreaterThan(24);
  expect(cleanup).toBe('pass');
  expect(control.sourceMonitor().path).toBeNull(); // the probe closed what it opened
});

test('a Premiere that differs on each of these calls is reported, and the check still cleans up', async () => {
  const oneFrame = framesToTicks(1, FRAME_RATES['25']);
  const { rows, cleanup } = await takeRows('otherwise', {
    wrap: (ppro) => ({
      ...ppro,
      SourceMonitor: {
        ...ppro.SourceMonitor,
        // Counts from somewhere else, e.g. a start timecode: one frame later than set.
        getPosition: async () => ppro.TickTime.createWithTicks((BigInt((await ppro.SourceMonitor.getPosition()).ticks) + oneFrame).toString()),
      },
      Markers: {
        // Drops the duration: a point marker.
        getMarkers: async (owner) => {
          const real = await ppro.Markers.getMarkers(owner);
          return { getMarkers: (f) => real.getMarkers(f), createAddMarkerAction: (n, t, s, _d, c) => real.createAddMarkerAction(n, t, s, ppro.TickTime.createWithTicks('0'), c) };
        },
      },
      // The schema refuses the property: the field is not kept.
      Metadata: { ...ppro.Metadata, addPropertyToProjectMetadataSchema: async () => false },
      // Given a name without an extension, no format: nothing is written.
      Exporter: {
        exportSequenceFrame: (seq, time, file, dir, w, h) => ppro.Exporter.exportSequenceFrame(seq, time, file.replace(/\.png$/, ''), dir, w, h),
      },
    }),
  });
  expect(rows.reviewPosition).toMatch(/^differs: setPosition resolved true; getPosition reads \d+ ticks \(11 frames\)$/);
  expect(rows.clipMarker).toMatch(/^differs: marker at \d+ ticks, 0 long, type Comment/);
  expect(rows.projectMetadata).toBe('differs: the schema took 0 of 1 properties; transaction accepted; 0 of 1 field(s) read back as written');
  expect(rows.frameExport).toBe('failed: exportSequenceFrame wrote no file under either name');
  expect(rows.reviewOpen).toMatch(/^pass/);
  expect(cleanup).toBe('pass');
});

test('a frame export that writes the name as given passes and says so; one that writes nothing fails', async () => {
  expect((await takeRows('plain-name', { fake: { behaviour: { frameExportAddsExtension: false } } })).rows.frameExport).toMatch(/^pass: wrote "take-ltx-selfcheck-frame.png", \d+ bytes, 320 x 180$/);
  const noStills = await takeRows('no-stills', { fake: { renderer: createFfmpegRenderer() } });
  expect(noStills.rows.frameExport).toBe('failed: exportSequenceFrame wrote no file under either name');
  expect(noStills.cleanup).toBe('pass');
});

test('a Source Monitor that imports what it opens, and a bin that will not remove a clip, are reported', async () => {
  const { rows, cleanup } = await takeRows('imports', {
    wrap: (ppro) => ({
      ...ppro,
      SourceMonitor: {
        ...ppro.SourceMonitor,
        openFilePath: async (path) => {
          const project = await ppro.Project.getActiveProject();
          await project.importFiles([path], true, ppro.ProjectItem.cast(await project.getRootItem()), false);
          return ppro.SourceMonitor.openFilePath(path);
        },
      },
      FolderItem: {
        // A bin (as the check casts its own) whose removal action removes nothing.
        cast: (item) => {
          const bin = ppro.FolderItem.cast(item);
          if (bin) bin.createRemoveItemAction = () => bin.createBinAction('not a removal', false);
          return bin;
        },
      },
    }),
  });
  expect(rows.reviewOpen).toBe('differs: openFilePath resolved true; project clips 3 -> 4; clips on the scratch sequence 7 -> 7');
  expect(rows.removeItem).toMatch(/^differs: transaction accepted; the clip is still in the bin/);
  expect(cleanup).toBe('failed'); // the clip the Source Monitor imported is not the check's to remove: it says so
});

test('a Premiere that still shows a disabled clip is reported: switching takes would then play two at once', async () => {
  const { rows } = await takeRows('disabled-shows', {
    wrap: (ppro) => ({
      ...ppro,
      Exporter: {
        // The frame after disabling comes out as the one before it did.
        exportSequenceFrame: async (seq, time, file, dir, w, h) => {
          if (!file.includes('disabled')) return ppro.Exporter.exportSequenceFrame(seq, time, file, dir, w, h);
          const enabled = join(dir, `${file.replace('disabled', 'enabled')}.bmp`);
          copyFileSync(enabled, join(dir, `${file}.bmp`));
          return true;
        },
      },
    }),
  });
  expect(rows.disabledHidden).toMatch(/^differs: enabled: brightness \d+; disabled \(transaction accepted\): brightness \d+$/);
});
