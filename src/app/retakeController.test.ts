import { RetakeError } from '../domain/errors';
import { newJob } from '../domain/job';
import { DEFAULT_SETTINGS, planRetake } from '../domain/plan';
import { FRAME_RATES, TICKS_PER_SECOND, framesToTicks } from '../domain/time';
import { createMemoryFileStore } from '../testing/memoryFileStore';
import { fakeMp4 } from '../ui/testing/controls';
import { createSimulatedClock } from './clock';
import { Journal } from './journal';
import type { HostPort, InferencePort, RangedMarker, SecretStore, SequenceSnapshot } from './ports';
import { RetakeController } from './retakeController';

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);

function setup(opts: { key?: string | null; marks?: { start: bigint; end: bigint } | null; markers?: RangedMarker[]; takesFolder?: () => Promise<string> } = {}) {
  const files = createMemoryFileStore();
  let key = opts.key === undefined ? 'rw-key' : opts.key;
  const secrets: SecretStore = { getApiKey: async () => key, setApiKey: async (k) => void (key = k), clearApiKey: async () => void (key = null) };
  const sequence: SequenceSnapshot = {
    id: 'seq', name: 'Edit', timing: { frameRate: rate, end: f(1500), zeroPoint: 0n }, frameSize: { width: 1920, height: 1080 },
    marks: opts.marks === undefined ? { start: f(250), end: f(315) } : opts.marks, videoTrackCount: 1, audioTrackCount: 1,
  };
  const submits: string[] = [];
  let release: () => void = () => undefined;
  const generating = new Promise<void>((r) => (release = r));
  const host: HostPort = {
    readSequence: async () => sequence,
    readRangedMarkers: async () => opts.markers ?? [],
    takesFolder: opts.takesFolder ?? (async () => '/takes'),
    exportWindow: async (_s, w, out) => files.write(out, fakeMp4(Number(w.end - w.start) / Number(TICKS_PER_SECOND))),
    importTake: async (p) => ({ mediaPath: p }),
    placeTake: async (_t, p) => ({ sequenceId: 'seq', name: p.name, videoTrackIndex: 1, audioTrackIndex: null, at: p.at.toString() }),
    findPlacedTake: async () => null,
    revealTake: async () => undefined,
  };
  const usedKeys: string[] = [];
  const makeInference = (apiKey: string): InferencePort => {
    usedKeys.push(apiKey);
    return {
      upload: async () => ({ mediaUUID: 'm' }),
      submit: async (r) => void submits.push(r.taskUUID),
      status: async () => ({ state: 'processing' }),
      follow: async (_t, o) => {
        await generating;
        o.cancel.throwIfCancelled();
        throw new RetakeError('provider', 'The job failed on Runware.');
      },
      download: async () => new Uint8Array(),
    };
  };
  let n = 0;
  const controller = new RetakeController({
    host, files, secrets, clock: createSimulatedClock(), newUUID: () => `${String(++n).padStart(8, '0')}-0000-4000-8000-000000000000`, makeInference,
    journalPath: '/data/journal.json', preferencesPath: '/data/prefs.json',
  });
  return { controller, files, submits, usedKeys, release };
}

test('a batch starts only at the total the editor confirmed, or from the menu within the spending cap', async () => {
  const markers: RangedMarker[] = [
    { id: 'a', name: 'car', comments: 'a red car', colorIndex: 0, range: { start: f(250), end: f(315) } },
    { id: 'b', name: 'sky', comments: 'a blue sky', colorIndex: 0, range: { start: f(500), end: f(560) } },
  ];
  const { controller, submits, release } = setup({ markers });
  await controller.init();
  expect(controller.batchSelection().totalUsd).toBeCloseTo(1.0, 6);
  await expect(controller.runBatch('withinCap')).rejects.toThrow(
    "The menu command starts a batch only within a spending cap, as it asks nothing first: set one in Settings, or run the batch from the panel's Batch tab (2 markers, about $1.00).",
  );
  await expect(controller.runBatch({ confirmedUsd: 0.5 })).rejects.toThrow('The batch is now about $1.00, more than the $0.50 you confirmed: the markers changed. Check the batch and confirm again.');
  expect(controller.store.getState().jobs).toEqual([]);
  await controller.setPreferences({ spendingCapUsd: 1 });
  expect(await controller.runBatch('withinCap')).toHaveLength(2);
  release();
  await controller.whenIdle();
  expect(submits).toHaveLength(2);
});

test('with nowhere to keep the take (an unsaved project), a retake or batch is refused before anything is exported or spent', async () => {
  const unsaved = async () => {
    throw new RetakeError('host', 'Save the project first: takes are kept in a folder beside the project file. Or choose a takes folder in the panel settings.');
  };
  const markers: RangedMarker[] = [{ id: 'm1', name: 'sky', comments: 'a red sky', range: { start: f(250), end: f(315) }, colorIndex: 0 }];
  const s = setup({ takesFolder: unsaved, markers });
  await s.controller.init();
  s.controller.setDraft({ prompt: 'a red sky' });
  await expect(s.controller.retakeMarked()).rejects.toThrow(/^Save the project first/);
  await expect(s.controller.runBatch({ confirmedUsd: 0.5 })).rejects.toThrow(/^Save the project first/);
  expect(s.controller.store.getState().jobs).toEqual([]);
  expect(s.usedKeys).toEqual([]);
  expect(await s.files.exists('/data/journal.json')).toBe(false);
});

test('the live plan and the reason Retake is disabled follow the state', async () => {
  const noKey = setup({ key: null });
  await noKey.controller.init();
  expect(noKey.controller.retakeBlocker()).toBe('Add your Runware API key in Settings to retake.');
  const noMarks = setup({ marks: null });
  await noMarks.controller.init();
  noMarks.controller.setDraft({ prompt: 'rain' });
  expect(noMarks.controller.retakeBlocker()).toMatch(/^Mark an in and an out point/);
  const { controller } = setup();
  await controller.init();
  expect(controller.retakeBlocker()).toMatch(/^Write a prompt/);
  controller.setDraft({ prompt: 'rain' });
  expect(controller.retakeBlocker()).toBeNull();
  const plan = controller.store.getState().plan;
  expect(plan?.ok && plan.plan.billedSeconds).toBe(5);
});

test('the same range cannot be started twice while it runs (no double charge)', async () => {
  const { controller, submits, release } = setup();
  await controller.init();
  controller.setDraft({ prompt: 'rain' });
  const job = await controller.retakeMarked();
  expect(controller.retakeBlocker()).toBe(`This range is already being retaken (job ${job.id}).`);
  await expect(controller.retakeMarked()).rejects.toThrow('already being retaken');
  release();
  await controller.whenIdle();
  expect(submits).toHaveLength(1);
  expect(controller.store.getState().jobs[0]).toMatchObject({ stage: 'failed', error: { category: 'provider' } });
});

test('jobs under way when the panel closed, and paid ones the network cut off, resume on load; finished, refused and unpaid ones do not', async () => {
  const { controller, files, submits, release } = setup();
  const journal = new Journal(files, '/data/journal.json');
  const r = planRetake({ start: f(250), end: f(315) }, { frameRate: rate, end: f(1500), zeroPoint: 0n }, { ...DEFAULT_SETTINGS, prompt: 'x' });
  if (!r.ok) throw new Error(r.reason);
  const base = { now: new Date(0), sequenceId: 'seq', sequenceName: 'Edit', origin: { kind: 'marks' as const }, plan: r.plan };
  await journal.save({ ...newJob({ ...base, id: 'running' }), stage: 'generating', acknowledged: true, taskUUID: 't1', mediaUUID: 'm', submittedAt: 0 });
  await journal.save({ ...newJob({ ...base, id: 'finished' }), stage: 'done' });
  // Failed jobs: paid and cut off by the network (continued at no charge), paid and failed on Runware, and not yet paid.
  const dropped = { category: 'network' as const, message: 'Could not reach Runware.', retryable: true, stage: 'generating' as const };
  const paid = { acknowledged: true, taskUUID: 't2', mediaUUID: 'm', submittedAt: 0 };
  await journal.save({ ...newJob({ ...base, id: 'dropped' }), ...paid, stage: 'failed', error: dropped });
  await journal.save({ ...newJob({ ...base, id: 'refused' }), ...paid, stage: 'failed', error: { category: 'provider', message: 'It failed.', retryable: false, stage: 'generating' } });
  await journal.save({ ...newJob({ ...base, id: 'unpaid' }), stage: 'failed', error: { ...dropped, stage: 'uploading' } });
  release();
  await controller.init();
  await controller.whenIdle();
  const jobs = controller.store.getState().jobs;
  const errorOf = (id: string) => jobs.find((j) => j.id === id)?.error?.message;
  expect(jobs.find((j) => j.id === 'running')?.stage).toBe('failed'); // it was followed again (and failed on Runware)
  expect(errorOf('dropped')).toBe('The job failed on Runware.'); // followed again too
  expect([errorOf('refused'), errorOf('unpaid')]).toEqual(['It failed.', 'Could not reach Runware.']);
  expect(jobs.find((j) => j.id === 'finished')?.stage).toBe('done');
  expect(submits).toHaveLength(0);
});

test('a batch shows its total, honours the spending cap, and skips invalid rows', async () => {
  const markers: RangedMarker[] = [
    { id: 'a', name: 'car', comments: 'red car', colorIndex: 0, range: { start: f(100), end: f(165) } },
    { id: 'b', name: 'sky [A]', comments: '', colorIndex: 1, range: { start: f(400), end: f(475) } },
    { id: 'c', name: 'blip', comments: 'x', colorIndex: 1, range: { start: f(800), end: f(810) } },
  ];
  const { controller, submits, release } = setup({ markers });
  await controller.init();
  controller.setDraft({ prompt: 'panel prompt' });
  let sel = controller.batchSelection();
  expect(sel.runnable.map((i) => i.markerId)).toEqual(['a', 'b']);
  expect(sel.totalUsd).toBeCloseTo(1.0, 6);
  await controller.setPreferences({ spendingCapUsd: 0.75 });
  expect(controller.batchSelection().blocker).toBe('The batch is estimated at $1.00, over your $0.75 cap. Untick some markers or raise the cap in Settings.');
  await expect(controller.runBatch({ confirmedUsd: 1 })).rejects.toThrow('over your $0.75 cap');
  expect(submits).toHaveLength(0);
  controller.toggleBatchItem('b', false);
  sel = controller.batchSelection();
  expect(sel.totalUsd).toBeCloseTo(0.5, 6);
  const started = await controller.runBatch({ confirmedUsd: 0.5 });
  expect(started.map((j) => j.origin)).toEqual([{ kind: 'marker', markerId: 'a', markerName: 'car' }]);
  release();
  await controller.whenIdle();
  expect(submits).toHaveLength(1);
});

test('the key is read from secure storage for each job and never kept in state', async () => {
  const { controller, usedKeys, release } = setup({ key: null });
  await controller.init();
  await controller.setApiKey('  rw-new  ');
  expect(JSON.stringify(controller.store.getState(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('rw-new');
  controller.setDraft({ prompt: 'rain' });
  await controller.retakeMarked();
  release();
  await controller.whenIdle();
  expect(usedKeys).toEqual(['rw-new']);
  await controller.clearApiKey();
  expect(controller.retakeBlocker()).toBe('Add your Runware API key in Settings to retake.');
});

test('the last prompt is remembered, so the menu command works with the panel closed', async () => {
  const first = setup();
  await first.controller.init();
  first.controller.setDraft({ prompt: 'snow falling' });
  await first.controller.retakeMarked();
  first.release();
  await first.controller.whenIdle();
  const prefs = JSON.parse((await first.files.readText('/data/prefs.json')) ?? '{}') as { lastPrompt: string };
  expect(prefs.lastPrompt).toBe('snow falling');
});
