/**
 * The plugin's whole pipeline as it is wired in Premiere (src/entry/uxp.tsx), with the two
 * stand-ins swapped in: the fake premierepro (real ffmpeg exports) and the local Runware server,
 * spoken to by the real adapters, client, controller, queue and journal.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { systemClock } from '../app/clock';
import { Journal } from '../app/journal';
import type { SecretStore } from '../app/ports';
import { RetakeController } from '../app/retakeController';
import { createNodeFileStore } from '../adapters/node/fileStore';
import { createPremiereHost } from '../adapters/premiere/host';
import { createRunwareClient } from '../adapters/runware/client';
import type { JobRecord } from '../domain/job';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createNodeFakePremiere } from '../standins/premiere/node';
import type { FakeFaults } from '../standins/premiere/types';
import type { ScriptedFault } from '../standins/runware/faults';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { acceleratedClock } from '../standins/runware/testKit';
import { RESULT_TTL_SECONDS } from '../adapters/runware/submit';
import { makeTestClip } from '../testing/media';

jest.setTimeout(90_000);

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
const work = mkdtempSync(join(tmpdir(), 'plugin-'));
const PRESET = join(__dirname, '..', '..', 'assets', 'presets', 'h264-retake.epr');
let standIn: RunwareStandIn;
let clipA: string;
let clipB: string;

beforeAll(async () => {
  standIn = await startRunwareStandIn({ generationMs: 300, apiKeys: ['rw_integration_key'] });
  clipA = await makeTestClip(join(work, 'a.mp4'), { seconds: 10, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
  clipB = await makeTestClip(join(work, 'b.mp4'), { seconds: 10, fps: '25', width: 320, height: 180, pattern: 'color=c=0xcc6633', toneHz: 660 });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.faults.clear());

/** A project with one 25 fps sequence starting at 01:00:00:00: two clips, the editor's marks on 4:00-6:15. */
async function editSuite(dir: string) {
  const premiere = createNodeFakePremiere();
  const { control } = premiere;
  control.createProject({ name: 'Show', path: join(dir, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Edit', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 320, height: 180 }, videoTracks: 1, audioTracks: 1 });
  const a = await control.addMedia(clipA, { name: 'A' });
  const b = await control.addMedia(clipB, { name: 'B' });
  control.addClip(seq.guid, { item: a.id, start: f(0), duration: f(250) });
  control.addClip(seq.guid, { item: b.id, start: f(250), duration: f(250) });
  control.setInOut(seq.guid, f(100), f(165));
  return { premiere, control, seq: control.sequence(seq.guid) };
}

/**
 * The controller as the plugin wires it. The client's sleeps run 50x fast (acceleratedClock) so a
 * "not found" confirmed over its grace period costs under a second; requests are real HTTP.
 */
function controllerFor(suite: Awaited<ReturnType<typeof editSuite>>, dir: string, apiKey = 'rw_integration_key') {
  const files = createNodeFileStore(dir);
  let key: string | null = apiKey;
  const secrets: SecretStore = { getApiKey: async () => key, setApiKey: async (k) => void (key = k), clearApiKey: async () => void (key = null) };
  const host = createPremiereHost(suite.premiere.ppro, { files, clock: systemClock, exportPresetPath: PRESET, exportTimeoutMs: 20_000 });
  return new RetakeController({
    host,
    files,
    secrets,
    clock: systemClock,
    newUUID: () => crypto.randomUUID(),
    makeInference: (k) => createRunwareClient({ apiKey: k, apiUrl: standIn.url, fetch: globalThis.fetch.bind(globalThis), clock: acceleratedClock(50), newUUID: () => crypto.randomUUID() }),
    journalPath: join(dir, 'journal.json'),
    preferencesPath: join(dir, 'preferences.json'),
  });
}

/** What the editor would see of the sequence: clips on every track, and the in/out. */
function timeline(control: Awaited<ReturnType<typeof editSuite>>['control']) {
  const s = control.sequence();
  const clips = (tracks: typeof s.video) => tracks.map((t) => t.clips.map((c) => ({ name: c.name, start: c.start, end: c.end, sourceIn: c.sourceIn, mediaPath: c.mediaPath })));
  return { inPoint: s.inPoint, outPoint: s.outPoint, video: clips(s.video), audio: clips(s.audio) };
}

type TimelineClip = ReturnType<typeof timeline>['audio'][number][number];

/** What a split of the clips under `range` leaves: each clip across it in up to three parts, the middle named as an original sound part. */
function splitAt(clips: TimelineClip[], range: { start: bigint; end: bigint }): TimelineClip[] {
  return clips.flatMap((c) => {
    if (c.end <= range.start || c.start >= range.end) return [c];
    const from = c.start > range.start ? c.start : range.start;
    const to = c.end < range.end ? c.end : range.end;
    const piece = (start: bigint, end: bigint, name: string) => ({ ...c, name, start, end, sourceIn: c.sourceIn + (start - c.start) });
    return [
      ...(c.start < from ? [piece(c.start, from, c.name)] : []),
      piece(from, to, `${c.name} [LTX original sound]`),
      ...(c.end > to ? [piece(to, c.end, c.name)] : []),
    ];
  });
}

type Faults = { premiere?: Partial<FakeFaults>; runware?: ScriptedFault[] };

/** A fresh edit suite with these faults scripted, one retake of the marks run to its end. */
async function retakeWith(faults: Faults = {}, apiKey?: string) {
  const dir = mkdtempSync(join(work, 'suite-'));
  const suite = await editSuite(dir);
  if (faults.premiere) suite.control.setFaults(faults.premiere);
  for (const fault of faults.runware ?? []) standIn.faults.add(fault);
  const before = timeline(suite.control);
  const controller = controllerFor(suite, dir, apiKey);
  await controller.init();
  controller.setDraft({ prompt: 'a red car', mode: 'replace_audio_and_video' });
  const started = await controller.retakeMarked();
  await controller.whenIdle();
  const job = controller.store.getState().jobs.find((j) => j.id === started.id) as JobRecord;
  return { dir, suite, before, job };
}

test('a marked range is retaken and placed as a take on new tracks over exactly the regenerated frames', async () => {
  const { dir, suite, before, job } = await retakeWith();
  expect(job.stage).toBe('done');
  const after = timeline(suite.control);
  // The originals are untouched and the marks are the editor's.
  expect(after.video[0]).toEqual(before.video[0]);
  // A sound take: the original sound under it is split at its edges (nothing moves, every sample
  // where it was) and that part is disabled while the take plays.
  expect(after.audio[0]).toEqual(splitAt(before.audio[0], { start: f(100), end: f(175) }));
  expect(suite.control.clips(undefined, 'audio').filter((c) => c.trackIndex === 0 && c.disabled).map((c) => [c.name, c.start, c.end])).toEqual([['A [LTX original sound]', f(100), f(175)]]);
  expect([after.inPoint, after.outPoint]).toEqual([before.inPoint, before.outPoint]);
  // 4:00-6:15 regenerates 3 whole seconds from the in point: 01:00:04:00-01:00:07:00, take time 1-4 s.
  for (const track of [after.video[1], after.audio[1]]) {
    expect(track).toHaveLength(1);
    expect(track[0]).toMatchObject({ start: f(100), end: f(175), sourceIn: f(25), mediaPath: job.takePath });
    expect(track[0].name).toContain(`[${job.id}]`);
  }
  expect(job.costUsd).toBe(0.5);
  expect(standIn.stats.submittedTasks.filter((t) => t.taskUUID === job.taskUUID)).toHaveLength(1);
  expect(job.takePath?.startsWith(join(dir, 'LTX Retakes'))).toBe(true); // beside the project, not in a temp folder
});

describe('a failure at any stage leaves the sequence as it was and says why', () => {
  const cases: Array<[string, Faults, { stage: string; message: RegExp; paid: boolean }]> = [
    ['export error', { premiere: { exportFails: true } }, { stage: 'exporting', message: /export/i, paid: false }],
    ['upload 5xx (every attempt)', { runware: [{ on: 'upload', fault: { kind: 'http', status: 503 }, times: 10 }] }, { stage: 'uploading', message: /Runware/i, paid: false }],
    ['submit 402', { runware: [{ on: 'submit', fault: { kind: 'http', status: 402, code: 'insufficientCredits', message: 'Insufficient credits' } }] }, { stage: 'submitting', message: /balance|credits/i, paid: false }],
    ['generation error', { runware: [{ on: 'submit', fault: { kind: 'generationError', code: 'inferenceError', message: 'model crashed' } }] }, { stage: 'generating', message: /failed on Runware/i, paid: true }],
    ['download 404', { runware: [{ on: 'download', fault: { kind: 'resultNotFound' }, times: 10 }] }, { stage: 'downloading', message: /expired or was removed from Runware's storage.*paid for/i, paid: true }],
    ['import failure', { premiere: { importFails: true } }, { stage: 'importing', message: /import/i, paid: true }],
  ];
  test.each(cases)('%s', async (_name, faults, expected) => {
    const { dir, suite, before, job } = await retakeWith(faults);
    expect(job.stage).toBe('failed');
    expect(job.error?.stage).toBe(expected.stage);
    expect(job.error?.message).toMatch(expected.message);
    expect(job.error?.message).not.toContain('rw_integration_key');
    expect(timeline(suite.control)).toEqual(before);
    // What was paid for is on disk: a reload finds the job with its taskUUID (and result, when fetched).
    const onDisk = (await new Journal(createNodeFileStore(dir), join(dir, 'journal.json')).load()).find((j) => j.id === job.id);
    expect(onDisk?.acknowledged === true).toBe(expected.paid);
    if (expected.paid) expect(onDisk?.taskUUID).toBe(job.taskUUID);
  });

  test('an export whose promise never settles still completes from the file, and the marks come back', async () => {
    const { suite, before, job } = await retakeWith({ premiere: { exportPromiseNeverSettles: true } });
    expect(job.stage).toBe('done');
    const after = timeline(suite.control);
    expect([after.inPoint, after.outPoint]).toEqual([before.inPoint, before.outPoint]);
  });
});

/**
 * Runs a job until Runware acknowledged it, then "kills the panel": the journal is left as `crashed`
 * makes it (what a process that died at that point would have written last).
 */
async function interruptedAfterSubmit(crashed: (job: JobRecord) => JobRecord) {
  const dir = mkdtempSync(join(work, 'resume-'));
  const suite = await editSuite(dir);
  const first = controllerFor(suite, dir);
  await first.init();
  first.setDraft({ prompt: 'a red car', mode: 'replace_video' });
  standIn.setGenerationMs(3000);
  const job = await first.retakeMarked();
  await new Promise<void>((resolve) => {
    const unsubscribe = first.store.subscribe(() => {
      if (first.store.getState().jobs.find((j) => j.id === job.id)?.stage === 'generating') {
        unsubscribe();
        resolve();
      }
    });
  });
  await first.cancel(job.id);
  await first.whenIdle();
  standIn.setGenerationMs(300);
  const journal = new Journal(createNodeFileStore(dir), join(dir, 'journal.json'));
  const stopped = (await journal.load()).find((j) => j.id === job.id) as JobRecord;
  expect(stopped).toMatchObject({ stage: 'stopped', acknowledged: true });
  await journal.save(crashed(stopped));
  return { dir, suite, job: stopped };
}

/** A new controller loads the journal and resumes; returns the job when everything is idle. */
async function reload(dir: string, suite: Awaited<ReturnType<typeof editSuite>>, jobId: string): Promise<JobRecord> {
  const next = controllerFor(suite, dir);
  await next.init();
  await next.whenIdle();
  return next.store.getState().jobs.find((j) => j.id === jobId) as JobRecord;
}

test('a job interrupted after submit resumes on the next load, is placed once, and is submitted once', async () => {
  const { dir, suite, job } = await interruptedAfterSubmit((j) => ({ ...j, stage: 'generating' }));
  const submitsBefore = standIn.stats.submits;
  const resumed = await reload(dir, suite, job.id);
  expect(resumed.stage).toBe('done');
  expect(standIn.stats.submits).toBe(submitsBefore);
  expect(standIn.stats.submittedTasks.filter((t) => t.taskUUID === resumed.taskUUID)).toHaveLength(1);
  expect(suite.control.clips().filter((c) => c.name.includes(`[${job.id}]`))).toHaveLength(1);
  // A third load finds nothing to do and places nothing again.
  await reload(dir, suite, job.id);
  expect(suite.control.clips().filter((c) => c.name.includes(`[${job.id}]`))).toHaveLength(1);
});

describe('Runware as its API really answers: paid once, never lost', () => {
  /** The process died after the submit left and before its acknowledgement was recorded. */
  const diedMidSubmit = (j: JobRecord): JobRecord => ({ ...j, stage: 'submitting', acknowledged: undefined, submittedAt: undefined });

  test('resumed mid-submit, Runware slow to show the task (one "not found"): still held, no second billed submit', async () => {
    const { dir, suite, job } = await interruptedAfterSubmit(diedMidSubmit);
    standIn.faults.add({ on: 'poll', fault: { kind: 'taskNotFound' } });
    const submitsBefore = standIn.stats.submits;
    const resumed = await reload(dir, suite, job.id);
    expect(resumed).toMatchObject({ stage: 'done', taskUUID: job.taskUUID, acknowledged: true });
    expect(standIn.stats.submits).toBe(submitsBefore);
  });

  test('resumed mid-submit, Runware answers the resend conflictTaskUUID: held, followed, no second billed submit', async () => {
    const { dir, suite, job } = await interruptedAfterSubmit(diedMidSubmit);
    // Polls say "not found" until the grace period is over (5 checks), so the client sends; Runware refuses the repeat.
    standIn.faults.add({ on: 'poll', fault: { kind: 'taskNotFound' }, times: 5 });
    const submitsBefore = standIn.stats.submits;
    const rejectedBefore = standIn.stats.rejected;
    const resumed = await reload(dir, suite, job.id);
    expect(resumed).toMatchObject({ stage: 'done', taskUUID: job.taskUUID });
    expect(standIn.stats.submits).toBe(submitsBefore);
    expect(standIn.stats.rejected).toBeGreaterThan(rejectedBefore); // the conflictTaskUUID answer
    expect(suite.control.clips().filter((c) => c.name.includes(`[${job.id}]`))).toHaveLength(1);
  });

  test('an upload answered with the placeholder mediaUUID "1" is waited out: only a real UUID is submitted', async () => {
    const { job } = await retakeWith({ runware: [{ on: 'upload', fault: { kind: 'placeholderUpload', polls: 2 } }] });
    expect(job.stage).toBe('done');
    expect(job.mediaUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    const sent = standIn.stats.submittedTasks.find((t) => t.taskUUID === job.taskUUID);
    expect((sent?.body.inputs as { video: string }).video).toBe(job.mediaUUID);
  });

  test('an expired upload is exported and uploaded again once (free), then submitted and billed once', async () => {
    const uploadsBefore = standIn.stats.uploads;
    const submitsBefore = standIn.stats.submits;
    const { job } = await retakeWith({ runware: [{ on: 'submit', fault: { kind: 'mediaExpired' } }] });
    expect(job.stage).toBe('done');
    expect(standIn.stats.uploads - uploadsBefore).toBe(2);
    expect(standIn.stats.submits - submitsBefore).toBe(1);
  });

  test('a job failure reported as poll errors[] fails the paid job with Runware\'s words, never "still running"', async () => {
    const { job } = await retakeWith({
      runware: [{ on: 'submit', fault: { kind: 'generationError', code: 'inferenceError', message: 'Generation failed', reportAs: 'errors', responseContent: 'provider out of memory' } }],
    });
    expect(job).toMatchObject({ stage: 'failed', acknowledged: true, error: { category: 'provider', stage: 'generating' } });
    expect(job.error?.message).toMatch(/failed on Runware.*inferenceError.*provider out of memory/);
    expect(job.error?.message).toContain(job.taskUUID as string);
  });

  test('the submit carries a ttl long enough for a slow download', async () => {
    const { job } = await retakeWith();
    const sent = standIn.stats.submittedTasks.find((t) => t.taskUUID === job.taskUUID);
    expect(sent?.body.ttl).toBe(RESULT_TTL_SECONDS);
    expect(RESULT_TTL_SECONDS).toBeGreaterThanOrEqual(24 * 3600);
  });

  test('a key with a line break inside is refused before any request and never appears in a message', async () => {
    const key = 'rw_secret_first_half\nrw_secret_second_half';
    const requestsBefore = standIn.stats.uploads + standIn.stats.rejected;
    const { job, dir } = await retakeWith({}, key);
    expect(job.stage).toBe('failed');
    expect(standIn.stats.uploads + standIn.stats.rejected).toBe(requestsBefore);
    const everything = `${JSON.stringify(job)}\n${readFileSync(join(dir, 'journal.json'), 'utf8')}`;
    for (const part of ['rw_secret_first_half', 'rw_secret_second_half']) expect(everything).not.toContain(part);
  });
});
