import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { WindowClip } from '../domain/crossings';
import { RetakeError } from '../domain/errors';
import { TIMELINE_CHANGED } from '../domain/timelineUnder';
import { JobRecord, canContinueWithoutCharge, newJob } from '../domain/job';
import { DEFAULT_SETTINGS, RetakePlan, planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createMemoryFileStore } from '../testing/memoryFileStore';
import { makeTestClip } from '../testing/media';
import { CancelToken } from './cancel';
import { createSimulatedClock } from './clock';
import { Journal } from './journal';
import type { HostPort, InferencePort, PlacedTake, RemoteStatus, RetakeRequest, TakePlacement } from './ports';
import { runRetakeJob } from './retakeJob';

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
let fiveSecondTake: Uint8Array;
let threeSecondTake: Uint8Array;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
  fiveSecondTake = new Uint8Array(readFileSync(await makeTestClip(join(dir, '5.mp4'), { seconds: 5, fps: '25', width: 192, height: 108 })));
  threeSecondTake = new Uint8Array(readFileSync(await makeTestClip(join(dir, '3.mp4'), { seconds: 3, fps: '25', width: 192, height: 108 })));
});

function plan(): RetakePlan {
  const r = planRetake({ start: f(250), end: f(315) }, { frameRate: rate, end: f(1500), zeroPoint: 0n }, { ...DEFAULT_SETTINGS, prompt: 'a red car' });
  if (!r.ok) throw new Error(r.reason);
  return r.plan; // 5 s window, segment 10:00-13:00
}

/** A host and a Runware whose every call is recorded and can be scripted to fail or wait. */
function world(opts: { take?: () => Uint8Array; clipsOver?: () => WindowClip[] } = {}) {
  const files = createMemoryFileStore();
  const clock = createSimulatedClock(1_000_000);
  const calls: string[] = [];
  const placements: TakePlacement[] = [];
  let placed: PlacedTake | null = null;
  const faults = new Map<string, () => unknown>();
  const fault = (name: string) => {
    calls.push(name);
    const f = faults.get(name);
    if (f) {
      faults.delete(name);
      return f();
    }
  };
  let uuid = 0;
  const host: HostPort = {
    readSequence: async () => null,
    readRangedMarkers: async () => [],
    takesFolder: async () => '/project/LTX Retakes',
    exportWindow: async (_s, _w, out) => {
      await fault('export');
      await files.write(out, fiveSecondTake); // the plan's 5 s window
    },
    importTake: async (path) => {
      await fault('import');
      return { mediaPath: path };
    },
    placeTake: async (_t, p) => {
      await fault('place');
      placements.push(p);
      placed = { sequenceId: p.sequenceId, name: p.name, videoTrackIndex: 1, audioTrackIndex: null, at: p.at.toString() };
      return placed;
    },
    findPlacedTake: async (_s, jobId) => (placed && placed.name.includes(`[${jobId}]`) ? placed : null),
    revealTake: async () => undefined,
    ...(opts.clipsOver ? { readClipsOver: async () => opts.clipsOver!() } : {}),
  };
  const submitted: string[] = [];
  let remote: RemoteStatus = { state: 'processing' };
  const known = new Set<string>();
  const submitRequests: RetakeRequest[] = [];
  let uploads = 0;
  const inference: InferencePort = {
    upload: async () => {
      await fault('upload');
      return { mediaUUID: `media-${++uploads}` };
    },
    submit: async (req) => {
      submitRequests.push(req);
      await fault('submit');
      // The port's contract: a taskUUID Runware holds is resolved without a second (billed) task.
      if (req.mayBeHeld && known.has(req.taskUUID)) return;
      submitted.push(req.taskUUID);
      known.add(req.taskUUID);
      remote = { state: 'success', videoURL: 'https://vm.runware.ai/take.mp4', costUsd: 0.5 };
    },
    status: async (taskUUID) => {
      calls.push('status');
      if (!known.has(taskUUID)) throw new RetakeError('notFound', 'unknown task');
      return remote;
    },
    follow: async (_id, o) => {
      await fault('follow');
      o.cancel.throwIfCancelled();
      if (remote.state !== 'success') throw new RetakeError('timeout', 'still running');
      return remote;
    },
    download: async () => {
      await fault('download');
      return (opts.take ?? (() => fiveSecondTake))();
    },
  };
  const journal = new Journal(files, '/data/journal.json');
  const deps = { host, inference, files, journal, clock, newUUID: () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}` };
  const start = async () => {
    const job = newJob({ id: 'job1', now: new Date(0), sequenceId: 'seq', sequenceName: 'Main/Edit', origin: { kind: 'marks' }, plan: plan() });
    await journal.save(job);
    return job;
  };
  return { files, calls, placements, faults, submitted, submitRequests, known, deps, journal, start, setRemote: (r: RemoteStatus) => (remote = r) };
}

test('runs every step once, places the take over exactly the regenerated range, and cleans the export', async () => {
  const w = world();
  await w.start();
  const seen: string[] = [];
  w.journal.subscribe((j) => seen[seen.length - 1] !== j.stage && seen.push(j.stage));
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(job.stage).toBe('done');
  expect(seen).toEqual(['queued', 'exporting', 'uploading', 'submitting', 'generating', 'downloading', 'importing', 'placing', 'done']);
  expect(w.calls).toEqual(['export', 'upload', 'submit', 'follow', 'download', 'import', 'place']);
  expect(w.placements).toHaveLength(1);
  expect(w.placements[0]).toMatchObject({ at: f(250), source: { start: f(25), end: f(100) }, mode: 'replace_video', jobId: 'job1' });
  expect(w.placements[0].name).toContain('[job1]');
  expect(job.costUsd).toBe(0.5);
  expect(job.takePath).toBe('/project/LTX Retakes/Main_Edit retake job1.mp4');
  expect([...w.files.bytes.keys()].some((k) => k.startsWith('/scratch'))).toBe(false);
  // The journal on disk holds the finished job for a fresh load.
  const reloaded = new Journal(w.files, '/data/journal.json');
  expect((await reloaded.load())[0]).toMatchObject({ id: 'job1', stage: 'done', taskUUID: w.submitted[0] });
});

test('a take whose range was edited while it generated is held for review, not placed; Place then lays it', async () => {
  let shift = 0n;
  const clipsOver = (): WindowClip[] => [
    { kind: 'video', trackIndex: 0, name: 'A', range: { start: f(0) + shift, end: f(400) + shift } },
    { kind: 'audio', trackIndex: 0, name: 'A', range: { start: f(0) + shift, end: f(400) + shift } },
  ];
  const w = world({ clipsOver });
  await w.start();
  w.faults.set('follow', () => void (shift = f(12))); // a ripple edit earlier in the sequence while Runware works
  const held = await runRetakeJob('job1', w.deps, new CancelToken());
  expect([held.stage, held.review, held.heldBecause]).toEqual(['review', 'pending', TIMELINE_CHANGED]);
  expect(w.placements).toHaveLength(0);
  expect(w.submitted).toHaveLength(1);
  // The editor checks the range and presses Place: the paid take goes down, no new charge.
  await w.journal.save({ ...held, stage: 'queued', review: 'approved' });
  const placed = await runRetakeJob('job1', w.deps, new CancelToken());
  expect([placed.stage, w.placements.length, w.submitted.length]).toEqual(['done', 1, 1]);
});

test('a take whose range is as it was exported is placed at once', async () => {
  const clipsOver = (): WindowClip[] => [{ kind: 'video', trackIndex: 0, name: 'A', range: { start: f(0), end: f(400) } }];
  const w = world({ clipsOver });
  await w.start();
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect([job.stage, job.clipsUnder, w.placements.length]).toEqual(['done', [`video 0 [0, ${f(400)}) A`], 1]);
});

test('cancel before submit: nothing uploaded or billed, job cancelled', async () => {
  const w = world();
  await w.start();
  const cancel = new CancelToken();
  w.faults.set('export', () => cancel.cancel());
  const job = await runRetakeJob('job1', w.deps, cancel);
  expect(job.stage).toBe('cancelled');
  expect(w.calls).toEqual(['export']);
  expect(job.acknowledged).toBeUndefined();
});

test('cancel while generating stops following; running again continues without a second submit', async () => {
  const w = world();
  await w.start();
  const cancel = new CancelToken();
  w.faults.set('follow', () => cancel.cancel());
  const stopped = await runRetakeJob('job1', w.deps, cancel);
  expect(stopped.stage).toBe('stopped');
  expect(stopped.acknowledged).toBe(true);
  expect(canContinueWithoutCharge(stopped)).toBe(true);
  const done = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(done.stage).toBe('done');
  expect(w.submitted).toHaveLength(1);
  expect(w.placements).toHaveLength(1);
});

test('a refused submit (402) fails with the sentence, bills nothing, and frees the taskUUID', async () => {
  const w = world();
  await w.start();
  w.faults.set('submit', () => Promise.reject(new RetakeError('quota', 'Your Runware balance is too low.', { submitRefused: true })));
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(job).toMatchObject({ stage: 'failed', error: { category: 'quota', message: 'Your Runware balance is too low.', stage: 'submitting' } });
  expect(job.taskUUID).toBeUndefined();
  expect(job.acknowledged).toBeUndefined();
  expect(w.calls).not.toContain('follow');
  // Retrying reuses the upload and submits once more.
  const retried = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(retried.stage).toBe('done');
  expect(w.calls.filter((c) => c === 'upload')).toHaveLength(1);
});

test('a failure that is not Runware refusing the submit keeps the taskUUID: the retry asks Runware about it first', async () => {
  const w = world();
  await w.start();
  // e.g. the check of a lost acknowledgement was answered 402/401: Runware may hold the task.
  w.faults.set('submit', () => Promise.reject(new RetakeError('quota', 'Your Runware balance is too low.')));
  const failed = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(failed.stage).toBe('failed');
  const taskUUID = failed.taskUUID;
  expect(taskUUID).toBeDefined();
  w.known.add(taskUUID as string); // it had arrived, and has finished since
  w.setRemote({ state: 'success', videoURL: 'https://vm.runware.ai/take.mp4', costUsd: 0.5 });
  const done = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(done.stage).toBe('done');
  expect(w.submitRequests.at(-1)).toMatchObject({ taskUUID, mayBeHeld: true });
  expect(w.submitted).toEqual([]);
});

test('an expired upload is uploaded again once (free) and submitted; a second refusal ends it, no loop', async () => {
  const gone = () => Promise.reject(new RetakeError('notFound', 'Runware no longer has the uploaded clip.', { submitRefused: true, uploadGone: true }));
  const w = world();
  await w.start();
  w.faults.set('submit', gone);
  const done = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(done.stage).toBe('done');
  expect(w.calls.filter((c) => c === 'export')).toHaveLength(2);
  expect(w.calls.filter((c) => c === 'upload')).toHaveLength(2);
  expect(w.submitRequests.map((r) => r.video)).toEqual(['media-1', 'media-2']);
  expect(w.submitted).toHaveLength(1);

  const w2 = world();
  await w2.start();
  w2.deps.inference.submit = () => gone();
  const failed = await runRetakeJob('job1', w2.deps, new CancelToken());
  expect(failed).toMatchObject({ stage: 'failed', error: { category: 'notFound' } });
  expect(w2.calls.filter((c) => c === 'upload')).toHaveLength(2);
});

test('a journal that cannot be written: the outcome names the paid taskUUID, nothing is thrown, every write awaited', async () => {
  const w = world();
  await w.start();
  let inFlight = 0;
  let full = false;
  const save = w.journal.save.bind(w.journal);
  w.journal.save = async (job) => {
    inFlight++;
    try {
      await new Promise((r) => setTimeout(r, 1));
      if (full) throw new Error('ENOSPC: no space left on device');
      await save(job);
    } finally {
      inFlight--;
    }
  };
  w.deps.inference.follow = async (_id, o) => {
    full = true; // the disk fills while the job generates
    for (const progress of [10, 50, 90]) o.onProgress?.({ elapsedMs: 0, polls: 1, progress });
    return { state: 'success', videoURL: 'https://vm.runware.ai/take.mp4', costUsd: 0.5 };
  };
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(inFlight).toBe(0);
  expect(job.stage).toBe('failed');
  expect(job.error?.message).toMatch(/could not be saved \(ENOSPC/);
  expect(job.error?.message).toContain(job.taskUUID as string);
  expect(job.error?.message).toMatch(/paid for/);
});

test('a crash mid-submit is resolved by polling the recorded taskUUID, never by a new one', async () => {
  const w = world();
  const job = await w.start();
  const crashed: JobRecord = { ...job, stage: 'submitting', mediaUUID: 'media-1', taskUUID: 'task-recorded' };
  // Runware did receive it.
  await w.journal.save(crashed);
  w.known.add('task-recorded');
  w.setRemote({ state: 'success', videoURL: 'https://vm.runware.ai/t.mp4', costUsd: 0.5 });
  const done = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(done.stage).toBe('done');
  expect(w.submitted).toEqual([]);
  // Runware did not receive it: sent once, under the same taskUUID.
  const w2 = world();
  await w2.start();
  await w2.journal.save({ ...crashed });
  const done2 = await runRetakeJob('job1', w2.deps, new CancelToken());
  expect(done2.stage).toBe('done');
  expect(w2.submitted).toEqual(['task-recorded']);
  expect(w2.calls).not.toContain('export');
});

test('a generation error fails the job and cannot be continued without a new charge', async () => {
  const w = world();
  await w.start();
  w.faults.set('follow', () => Promise.reject(new RetakeError('provider', 'The job failed on Runware: inferenceError.')));
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(job).toMatchObject({ stage: 'failed', acknowledged: true, error: { category: 'provider' } });
  expect(canContinueWithoutCharge(job)).toBe(false);
});

test('a failed download is retried from the download: no second follow, no second submit', async () => {
  const w = world();
  await w.start();
  w.faults.set('download', () => Promise.reject(new RetakeError('notFound', 'The result is gone.')));
  const failed = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(failed).toMatchObject({ stage: 'failed', videoURL: 'https://vm.runware.ai/take.mp4' });
  const done = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(done.stage).toBe('done');
  expect(w.calls.filter((c) => c === 'follow')).toHaveLength(1);
  expect(w.calls.filter((c) => c === 'download')).toHaveLength(2);
  expect(w.submitted).toHaveLength(1);
});

test('a placement that failed after the take was placed is not placed twice', async () => {
  const w = world();
  await w.start();
  // Premiere placed it, then the answer was lost.
  w.faults.set('place', () => undefined);
  const original = w.deps.host.placeTake;
  w.deps.host.placeTake = async (t, p) => {
    await original(t, p);
    throw new RetakeError('host', 'Lost answer.');
  };
  expect((await runRetakeJob('job1', w.deps, new CancelToken())).stage).toBe('failed');
  w.deps.host.placeTake = original;
  const done = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(done.stage).toBe('done');
  expect(w.placements).toHaveLength(1);
});

test('a take whose length does not match the upload is kept and reported, never placed', async () => {
  const w = world({ take: () => threeSecondTake });
  await w.start();
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(job.stage).toBe('failed');
  expect(job.error?.category).toBe('mismatch');
  expect(job.error?.message).toMatch(/The take lasts 3\.\d+ s but the uploaded clip lasted 5\.000 s.*kept at \/project\/LTX Retakes/);
  expect(w.placements).toHaveLength(0);
  expect(w.files.bytes.has(job.takePath as string)).toBe(true);
});

test('a placed take keeps what the host could not label, and its thumbnail from the middle of the regenerated range', async () => {
  const w = world();
  const asked: string[] = [];
  const placeTake = w.deps.host.placeTake;
  w.deps.host.placeTake = async (t, p) => ({ ...(await placeTake(t, p)), notLabelled: ['metadata'] });
  w.deps.host.takeThumbnail = async (sequenceId, at, jobId) => {
    asked.push(`${sequenceId} ${at} ${jobId}`);
    return 'plugin-data:/thumbnails/take-job1.png';
  };
  await w.start();
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(job.stage).toBe('done');
  expect(job.placed?.notLabelled).toEqual(['metadata']);
  const { replaced } = plan();
  expect(asked).toEqual([`seq ${replaced.start + (replaced.end - replaced.start) / 2n} job1`]);
  expect((await new Journal(w.files, '/data/journal.json').load())[0]).toMatchObject({ thumbnail: 'plugin-data:/thumbnails/take-job1.png', placed: { notLabelled: ['metadata'] } });
});

test('a thumbnail the host cannot make never fails the placed, paid take', async () => {
  const w = world();
  w.deps.host.takeThumbnail = async () => {
    throw new RetakeError('host', 'Premiere could not export a thumbnail of the take.');
  };
  await w.start();
  const job = await runRetakeJob('job1', w.deps, new CancelToken());
  expect(job.stage).toBe('done');
  expect(job.placed).toBeDefined();
  expect(job.thumbnail).toBeUndefined();
});
