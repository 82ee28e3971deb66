/**
 * The crash-and-fault matrix, plugin side: for every point where the plugin's process can die
 * (before and after each journal write and take write, during each request to Runware) crossed
 * with each fault Runware or the disk can throw, one retake is run on the fake Premiere against
 * the Runware stand-in, killed there, and resumed by a fresh controller on the same journal, as
 * after a crash of Premiere or a reload of the panel. Every cell must end with at most one billed
 * submit, the take on the timeline exactly once (or, where the result is gone, nothing placed and a
 * sentence that names the paid task), the editor's originals and marks untouched.
 */
import { copyFile } from 'fs/promises';
import { mkdtempSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { FileStore, SecretStore } from '../../app/ports';
import { RetakeController } from '../../app/retakeController';
import { createNodeFileStore } from '../../adapters/node/fileStore';
import { createPremiereHost } from '../../adapters/premiere/host';
import { createRunwareClient } from '../../adapters/runware/client';
import { JobRecord, canContinueWithoutCharge, isPaidFor } from '../../domain/job';
import { FRAME_RATES, framesToTicks } from '../../domain/time';
import { createFfmpegRenderer, createNodeFakePremiere } from '../../standins/premiere/node';
import type { SequenceRenderer } from '../../standins/premiere/types';
import { startRunwareStandIn } from '../../standins/runware/server';
import { makeTestClip } from '../../testing/media';
import type { FaultCase } from './faultCases';
import { cachedRetakeRender, runMatrix, withinLimit } from './matrix';
import { CrashPoint, Life, diskFullOnce, fastClock, mortalFetch, mortalFileStore } from './mortal';
import { editorCut } from '../../testing/editorCut';

jest.setTimeout(900_000);

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
const work = mkdtempSync(join(tmpdir(), 'crash-matrix-'));
const PRESET = join(__dirname, '..', '..', '..', 'assets', 'presets', 'h264-retake.epr');
/** Client time runs this much faster than real time (poll cadence, grace periods, deadlines). */
const SPEED = 20;
const JOURNAL = 'journal.json';
let clip: string;

/** Exports of the same window are the same file: render each once, copy it after (real media, less ffmpeg). */
function cachedRenderer(): SequenceRenderer {
  const inner = createFfmpegRenderer();
  const cache = new Map<string, Promise<string>>();
  return {
    render: async (spec, outPath) => {
      const key = JSON.stringify(spec);
      let made = cache.get(key);
      if (!made) {
        const path = join(work, `render-${cache.size}.mp4`);
        made = inner.render(spec, path).then(() => path);
        cache.set(key, made);
      }
      await copyFile(await made, outPath);
    },
  };
}
const renderer = cachedRenderer();

const retakeRender = cachedRetakeRender(work);

beforeAll(async () => {
  clip = await makeTestClip(join(work, 'a.mp4'), { seconds: 8, fps: '25', width: 160, height: 90, pattern: 'color=c=0x3366cc', toneHz: 440 });
});

/** One project, one 25 fps sequence from 01:00:00:00 with one clip; the editor marked 3:00-5:10. */
async function editSuite(dir: string) {
  const premiere = createNodeFakePremiere({ renderer });
  const { control } = premiere;
  control.createProject({ name: 'Show', path: join(dir, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Edit', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 160, height: 90 }, videoTracks: 1, audioTracks: 1 });
  const a = await control.addMedia(clip, { name: 'A' });
  control.addClip(seq.guid, { item: a.id, start: f(0), duration: f(200) });
  control.setInOut(seq.guid, f(75), f(135));
  return premiere;
}
type Premiere = Awaited<ReturnType<typeof editSuite>>;

function timeline(premiere: Premiere) {
  const s = premiere.control.sequence();
  const clips = (tracks: typeof s.video) => tracks.map((t) => t.clips.map((c) => ({ name: c.name, start: c.start, end: c.end, sourceIn: c.sourceIn, mediaPath: c.mediaPath })));
  return { inPoint: s.inPoint, outPoint: s.outPoint, video: clips(s.video), audio: clips(s.audio) };
}

/** One life of the plugin: its controller, wired as src/entry/uxp.tsx wires it, through the life's mortal I/O. */
function pluginLife(premiere: Premiere, dir: string, standInUrl: string, life: Life, diskFull: boolean) {
  let files: FileStore = mortalFileStore(createNodeFileStore(dir), life, (p) => p.endsWith(JOURNAL), (p) => p.includes('LTX Retakes'));
  if (diskFull) files = diskFullOnce(files, (p) => p.includes('LTX Retakes'));
  const clock = fastClock(SPEED, life);
  const secrets: SecretStore = { getApiKey: async () => 'rw_matrix_key', setApiKey: async () => undefined, clearApiKey: async () => undefined };
  const fetch = mortalFetch(globalThis.fetch.bind(globalThis), life);
  return new RetakeController({
    host: createPremiereHost(premiere.ppro, { files, clock, exportPresetPath: PRESET, exportTimeoutMs: 20_000 }),
    files,
    secrets,
    clock,
    newUUID: () => crypto.randomUUID(),
    makeInference: (apiKey) =>
      createRunwareClient({ apiKey, apiUrl: standInUrl, fetch, clock, newUUID: () => crypto.randomUUID(), requestTimeoutMs: { submit: 1500, poll: 1500, upload: 5000, download: 5000 } }),
    journalPath: join(dir, JOURNAL),
    preferencesPath: join(dir, 'preferences.json'),
  });
}

interface CellOutcome {
  job: JobRecord | undefined;
  submits: number;
  events: Life['events'];
  before: ReturnType<typeof timeline>;
  after: ReturnType<typeof timeline>;
  died: boolean;
}

/** A cell that does not end is a finding (a job that never settles), not a reason to hang the suite. */
const CELL_LIMIT_MS = 60_000;

const runCell = (fault: FaultCase, point: CrashPoint | null) => withinLimit(CELL_LIMIT_MS, () => runCellToEnd(fault, point));

/** Runs one retake, killed at `point` (null: never), then a second life resumes it; Retry once where the panel offers it. */
async function runCellToEnd(fault: FaultCase, point: CrashPoint | null): Promise<CellOutcome> {
  const standIn = await startRunwareStandIn({ generationMs: 150, renderRetake: retakeRender, apiKeys: ['rw_matrix_key'] });
  try {
    for (const scripted of fault.runware) standIn.faults.add(scripted);
    const dir = mkdtempSync(join(work, 'cell-'));
    const premiere = await editSuite(dir);
    const before = timeline(premiere);

    const first = new Life(point);
    const c1 = pluginLife(premiere, dir, standIn.url, first, fault.diskFull === true);
    const run = (async () => {
      await c1.init();
      c1.setDraft({ prompt: 'a red car', mode: 'replace_audio_and_video' });
      await c1.retakeMarked();
      await c1.whenIdle();
    })();
    await Promise.race([run, first.died()]);

    const second = new Life(null);
    const c2 = pluginLife(premiere, dir, standIn.url, second, false);
    await c2.init();
    await c2.whenIdle();
    let job = c2.store.getState().jobs[0];
    if (job && job.stage === 'failed' && canContinueWithoutCharge(job)) {
      c2.retry(job.id);
      await c2.whenIdle();
      job = c2.store.getState().jobs[0];
    }
    return { job, submits: standIn.stats.submits, events: first.events, before, after: timeline(premiere), died: first.dead };
  } finally {
    await standIn.close();
  }
}

const bigints = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

function check(fault: FaultCase, o: CellOutcome): string[] {
  const problems: string[] = [];
  const { job } = o;
  if (o.submits > 1) problems.push(`${o.submits} billed submits`);
  // The editor's own clips and marks are as they were, whatever happened.
  const same = (a: unknown, b: unknown) => JSON.stringify(a, bigints) === JSON.stringify(b, bigints);
  // A placed sound take splits the original sound under it (every sample in place): read as the editor cut it.
  if (!same(o.after.video[0], o.before.video[0]) || !same(editorCut(o.after.audio[0]), editorCut(o.before.audio[0]))) problems.push('the original clips changed');
  if (o.after.inPoint !== o.before.inPoint || o.after.outPoint !== o.before.outPoint) problems.push(`the editor's marks moved (${o.after.inPoint}-${o.after.outPoint})`);
  const placed = (tracks: typeof o.after.video) => tracks.slice(1).flat().filter((c) => job?.takePath && c.mediaPath === job.takePath).length;
  const extra = [...o.after.video.slice(1), ...o.after.audio.slice(1)].flat().filter((c) => !job?.takePath || c.mediaPath !== job.takePath).length;
  if (extra > 0) problems.push(`${extra} clips that are not this job's take`);
  if (!job) {
    // Only a process that died before its first journal write may leave no job, and then nothing was sent.
    if (o.submits > 0) problems.push('a billed submit with no job in the journal');
    return problems;
  }
  if (job.stage === 'done') {
    if (placed(o.after.video) !== 1 || placed(o.after.audio) !== 1) problems.push(`take placed ${placed(o.after.video)}x video, ${placed(o.after.audio)}x audio`);
    if (!job.takePath || !existsSync(job.takePath)) problems.push('done without the take file');
    if (o.submits !== 1) problems.push(`done with ${o.submits} billed submits`);
  } else {
    if (fault.canFinish) problems.push(`ended ${job.stage}: ${job.error?.message ?? 'no message'}`);
    if (placed(o.after.video) + placed(o.after.audio) > 0) problems.push('a failed job left a take on the timeline');
    const message = job.error?.message ?? '';
    if (!message) problems.push('failed without a sentence');
    if (o.submits > 0 && isPaidFor(job) && !message.includes(job.taskUUID ?? '\u0000')) problems.push(`a paid failure whose sentence does not name task ${job.taskUUID}: ${message}`);
    if (o.submits > 0 && /nothing (was )?charged/i.test(message)) problems.push(`says nothing was charged after a billed submit: ${message}`);
  }
  return problems;
}

test('every crash point crossed with every fault: one charge at most, the take placed once, or a sentence naming what was paid', async () => {
  // Two cells at a time: each has its own stand-in, folder and project.
  expect(await runMatrix({ name: 'plugin', runCell, check, parallel: 2, adjacentWritesMeet: false })).toEqual([]);
});
