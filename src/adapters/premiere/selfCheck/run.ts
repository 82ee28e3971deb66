/**
 * "Check this Premiere": builds the scratch (clip copy, bin, import, sequence at 01:00:00:00),
 * runs every probe, each on its own (one failing never stops the others), and always removes the
 * scratch again. The report says what each probe saw, what the plugin now uses instead of its
 * assumptions, whether the cleanup left anything, and the undo steps it made.
 */
import type { Clock, FileStore } from '../../../app/ports';
import type { ProbeResult, SelfCheckReport } from '../../../app/selfCheck';
import type { HostPlatform } from '../nativePath';
import type { ResolvedPreset } from '../presets';
import { requireProject } from '../projectAccess';
import type { PremiereSubset } from '../subset';
import { exportProbe } from './exportProbes';
import { importProbe, insertProbe, mediaOptionsProbe, selectionProbe, subclipProbe, videoInfoProbe } from './editProbes';
import { laneProbe } from './laneProbes';
import { transitionProbe } from './transitionProbes';
import { TAKE_PROBES } from './takeProbes';
import { originalSoundProbe } from './soundProbes';
import { CheckContext, Probe, answer, runProbe } from './probe';
import { Journaled, Scratch, ScratchDeps, buildScratch, buildScratchSequence, projectShape, removeScratch } from './scratch';
import { displayFormatProbe, inOutProbe, timebaseProbe, zeroPointProbe } from './timingProbes';

export interface SelfCheckDeps {
  files: FileStore;
  clock: Clock;
  platform: HostPlatform;
  /** uxp.host.version */
  hostVersion: string;
  /** Where the shipped clip is (assets/selfcheck/ltx-selfcheck.mp4 in the plugin folder). */
  clipSource: () => Promise<string>;
  /** The export preset a retake would use (presets.ts). */
  preset: () => Promise<ResolvedPreset>;
  /** Hard limit on each probe export, ms (default 2 minutes). */
  exportTimeoutMs?: number;
}

/** In order: a later probe uses what an earlier one measured (the zero-point convention first). */
const PROBES_ON_SEQUENCE: Probe[] = [
  timebaseProbe,
  displayFormatProbe,
  zeroPointProbe,
  inOutProbe,
  exportProbe,
  videoInfoProbe,
  subclipProbe,
  insertProbe,
  mediaOptionsProbe,
  laneProbe,
  selectionProbe,
  transitionProbe,
  ...TAKE_PROBES,
  originalSoundProbe,
];

const SCRATCH_ROW = {
  id: 'scratch',
  title: 'Scratch sequence',
  expected: 'a sequence made from the imported clip, starting at 01:00:00:00',
};

const CLEANUP_ROW = {
  id: 'cleanup',
  title: 'Cleanup',
  expected: 'the scratch sequence, its bin (clip and subclips) and its files are removed, and your active sequence is given back',
};

/** The bin, the import (itself a probe) and the sequence: their rows, and the scratch filled in. */
async function prepareScratch(c: CheckContext, scratchDeps: ScratchDeps): Promise<ProbeResult[]> {
  const failed = (e: unknown) => answer('failed', `could not be made: ${e instanceof Error ? e.message : String(e)}`);
  try {
    await buildScratch(c.ppro, c.project, scratchDeps, c.scratch);
  } catch (e) {
    return [...importProbe.rows, SCRATCH_ROW].map((row) => ({ ...row, ...failed(e) }));
  }
  const rows = await runProbe(importProbe, c);
  try {
    await buildScratchSequence(c.ppro, c.project, scratchDeps, c.scratch);
    return [...rows, { ...SCRATCH_ROW, ...answer('pass', 'made') }];
  } catch (e) {
    return [...rows, { ...SCRATCH_ROW, ...failed(e) }];
  }
}

export async function runSelfCheck(ppro: PremiereSubset, deps: SelfCheckDeps): Promise<SelfCheckReport> {
  const project = new Journaled(await requireProject(ppro));
  const before = await projectShape(project.project);
  const stamp = new Date(deps.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const scratch: Scratch = {
    files: [],
    clipPath: '',
    bin: null,
    binItem: null,
    clipItem: null,
    clip: null,
    sequence: null,
    editorSequence: (await project.project.getActiveSequence()) ?? null,
  };
  const c: CheckContext = {
    ppro,
    project,
    scratch,
    files: deps.files,
    clock: deps.clock,
    platform: deps.platform,
    preset: deps.preset,
    exportTimeoutMs: deps.exportTimeoutMs ?? 2 * 60 * 1000,
    measured: {},
    subclips: {},
  };
  const probes: ProbeResult[] = [];
  try {
    probes.push(...(await prepareScratch(c, { files: deps.files, platform: deps.platform, clipSource: await deps.clipSource(), stamp })));
    for (const probe of PROBES_ON_SEQUENCE) {
      if (scratch.sequence) probes.push(...(await runProbe(probe, c)));
      else probes.push(...probe.rows.map((row) => ({ ...row, ...answer('failed', 'not run: there is no scratch sequence (see above)') })));
    }
  } finally {
    const left = await removeScratch(project, deps.files, scratch, before).catch((e: unknown) => [`(cleanup stopped: ${e instanceof Error ? e.message : String(e)})`]);
    probes.push({
      ...CLEANUP_ROW,
      ...(left.length === 0 ? answer('pass', 'everything removed') : answer('failed', `left behind: ${left.join('; ')}. Delete them by hand.`)),
    });
  }
  return {
    premiereVersion: deps.hostVersion,
    platform: deps.platform,
    checkedAt: new Date(deps.clock.now()).toISOString(),
    probes,
    measured: { ...c.measured },
    undoSteps: [...project.undoSteps],
  };
}
