import { spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { systemClock } from '../app/clock';
import type { HostPort, SecretStore } from '../app/ports';
import { RetakeController } from '../app/retakeController';
import { createNodeFileStore } from '../adapters/node/fileStore';
import { createPremiereHost } from '../adapters/premiere/host';
import { createRunwareClient } from '../adapters/runware/client';
import { modeTouchesAudio, modeTouchesVideo } from '../domain/limits';
import { loadPlan } from '../domain/job';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createNodeFakePremiere } from '../standins/premiere/node';
import { startRunwareStandIn } from '../standins/runware/server';
import { makeTestClip } from '../testing/media';

/**
 * A batch of 10 ranged markers through the whole plugin pipeline, one by one against 3 (the
 * default) and 5 at once: the fake premierepro with real ffmpeg exports (320x180), the real
 * Premiere adapter, the real Runware client against the local stand-in (which renders every take
 * with ffmpeg and answers "done" after a simulated generation time), the real controller, queue,
 * journal and files on a temp dir.
 *
 * Ideal per concurrency c, for n markers and generation time g:
 * - naive: ceil(n/c) x g, as if exporting, uploading, polling, downloading and placing were free;
 * - bound: max(ceil(n/c) x (g + h), H), where h is the mean host work of one job (export + import
 *   + place, measured by a timing wrapper around the adapter, inside the controller's host mutex)
 *   and H its sum over the batch: each of the c lanes runs ceil(n/c) jobs end to end, and the
 *   host work of all jobs takes turns on the one timeline. Upload, download, polling lag and
 *   the stand-in's render time are left out, so it is a lower bound: efficiency = bound / wall.
 *
 * The stand-in runs in its own process at a low CPU priority (nice 10): its ffmpeg renders stand
 * for generation on Runware's machines, so on a 2-core box they must not slow down the exports
 * being measured here more than they have to. `standIn: 'inline'` runs it in this process instead.
 */

export interface BatchBenchOptions {
  /** The stand-in's simulated generation time per job, ms. */
  generationMs: number;
  /** Concurrency levels to run; the first must be 1 (the one-by-one baseline). */
  concurrencies: number[];
  /**
   * Fixed poll spacing for the client, ms, or null for the production cadence (first poll at 3 s,
   * then 5 s steps). With seconds-long simulated jobs the production cadence's lag (made for
   * minutes-long retakes, measured in the Polling section) would swamp the concurrency figure.
   */
  pollEveryMs: number | null;
  /** Where the Runware stand-in runs: its own low-priority process, or this one. */
  standIn: 'process' | 'inline';
}

export const DEFAULT_BATCH_OPTIONS: BatchBenchOptions = { generationMs: 4000, concurrencies: [1, 3, 5], pollEveryMs: 250, standIn: 'process' };

const RATE = FRAME_RATES['25'];
const f = (frames: number) => framesToTicks(frames, RATE);
const SIZE = { width: 320, height: 180 };
/** 3 clips of 20 s make the 60 s sequence. */
const CLIP_SECONDS = 20;
/** Ten markers, 6 s apart from 2 s in, 2 to 3 s long (frames at 25 fps), with a mode tag in the name. */
const MARKER_FRAMES = [50, 60, 75, 55, 70, 50, 75, 65, 60, 75];
const MODE_TAGS = ['[V]', '[AV]', '[A]'];
const PRESET = resolve(__dirname, '..', '..', 'assets', 'presets', 'h264-retake.epr');

export interface BatchRun {
  concurrency: number;
  wallMs: number;
  /** Host work measured inside the mutex, ms. */
  exportMs: number[];
  importMs: number[];
  placeMs: number[];
  /** Per job: submit acknowledged -> result noticed, ms (generation + render queue + polling lag). */
  remoteMs: number[];
  done: number;
  placedExactly: number;
  problems: string[];
  submits: number;
}

export interface BatchBenchResult {
  options: BatchBenchOptions;
  standInWhere: string;
  setupMs: number;
  /** 1-minute load average before and after the runs, and the core count: other work on the machine shows here. */
  load: { before: number; after: number; cores: number };
  runs: BatchRun[];
  verdicts: string[];
}

interface Timings {
  exportMs: number[];
  importMs: number[];
  placeMs: number[];
}

/** The adapter with each host step timed (the controller puts its mutex around this, so waits are not counted). */
function timedHost(host: HostPort, t: Timings): HostPort {
  const time = async <T>(into: number[], work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      into.push(performance.now() - start);
    }
  };
  return {
    ...host,
    exportWindow: (...a) => time(t.exportMs, () => host.exportWindow(...a)),
    importTake: (...a) => time(t.importMs, () => host.importTake(...a)),
    placeTake: (...a) => time(t.placeMs, () => host.placeTake(...a)),
  };
}

/** The local Runware as the bench needs it: its endpoint, its submit count, and a way to stop it. */
interface Remote {
  url: string;
  where: string;
  submits(): Promise<number>;
  close(): Promise<void>;
}

/** The key the bench's stand-in accepts and its controller sends. */
const BENCH_KEY = 'rw_bench_key';

async function startInline(generationMs: number): Promise<Remote> {
  const standIn = await startRunwareStandIn({ generationMs, apiKeys: [BENCH_KEY] });
  return { url: standIn.url, where: 'in this process', submits: async () => standIn.stats.submits, close: () => standIn.close() };
}

/** dist/standins/runware/main.js in a child process under `nice -n 10` (plain priority where there is no nice). */
async function startProcess(generationMs: number): Promise<Remote> {
  const main = resolve(__dirname, '..', 'standins', 'runware', 'main.js');
  if (!existsSync(main)) return startInline(generationMs);
  const args = [main, '--generation-ms', String(generationMs), '--api-key', BENCH_KEY];
  const nice = existsSync('/usr/bin/nice');
  const child = nice
    ? spawn('/usr/bin/nice', ['-n', '10', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`the Runware stand-in did not start: ${stderr}`)), 15_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const end = out.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        ok(out.slice(0, end).trim());
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`the Runware stand-in exited: ${stderr}`));
    });
  });
  const origin = new URL(url).origin;
  return {
    url,
    where: `in its own process${nice ? ' at nice 10' : ''}`,
    submits: async () => ((await (await fetch(`${origin}/__control/stats`)).json()) as { submits: number }).submits,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function runOnce(concurrency: number, clips: string[], standIn: Remote, work: string, o: BatchBenchOptions): Promise<BatchRun> {
  const dir = mkdtempSync(join(work, `c${concurrency}-`));
  const { ppro, control } = createNodeFakePremiere();
  control.createProject({ name: 'Bench', path: join(dir, 'Bench.prproj') });
  const seq = control.createSequence({ name: 'Ten markers', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: SIZE, videoTracks: 1, audioTracks: 1 });
  for (const [i, clip] of clips.entries()) {
    const item = await control.addMedia(clip, { name: `Shot ${i + 1}` });
    control.addClip(seq.guid, { item: item.id, start: f(i * CLIP_SECONDS * 25), duration: f(CLIP_SECONDS * 25) });
  }
  const markerIds = MARKER_FRAMES.map((frames, k) =>
    control.addMarker(seq.guid, {
      name: `Shot ${k + 1} ${MODE_TAGS[k % MODE_TAGS.length]}`,
      start: f((2 + 6 * k) * 25),
      duration: f(frames),
      comments: `retake ${k + 1}: a different take of the same moment`,
      colorIndex: k % 8,
    }),
  );
  const originals = JSON.stringify(control.clips(seq.guid), bigintJson);

  const files = createNodeFileStore(dir);
  let key: string | null = BENCH_KEY;
  const secrets: SecretStore = { getApiKey: async () => key, setApiKey: async (k) => void (key = k), clearApiKey: async () => void (key = null) };
  const timings: Timings = { exportMs: [], importMs: [], placeMs: [] };
  const host = timedHost(createPremiereHost(ppro, { files, clock: systemClock, exportPresetPath: PRESET, exportTimeoutMs: 60_000 }), timings);
  const every = o.pollEveryMs;
  const controller = new RetakeController({
    host,
    files,
    secrets,
    clock: systemClock,
    newUUID: () => randomUUID(),
    makeInference: (apiKey) =>
      createRunwareClient({
        apiKey,
        apiUrl: standIn.url,
        fetch: globalThis.fetch.bind(globalThis),
        clock: systemClock,
        newUUID: () => randomUUID(),
        ...(every !== null ? { pollDelayMs: () => every } : {}),
      }),
    journalPath: join(dir, 'journal.json'),
    preferencesPath: join(dir, 'preferences.json'),
  });
  await controller.init();
  await controller.setPreferences({ concurrency });
  controller.setDraft({ prompt: 'bench retake' });
  const submitsBefore = await standIn.submits();

  const start = performance.now();
  await controller.runBatch({ confirmedUsd: controller.batchSelection().totalUsd });
  await controller.whenIdle();
  const wallMs = performance.now() - start;

  // Read everything back from the fake, not from what the controller says it did.
  const problems: string[] = [];
  const jobs = controller.store.getState().jobs;
  const after = control.sequence(seq.guid);
  const clipsNow = control.clips(seq.guid);
  let placedExactly = 0;
  for (const [k, markerId] of markerIds.entries()) {
    const marker = after.markers.find((m) => m.guid === markerId);
    const job = jobs.find((j) => j.origin.kind === 'marker' && j.origin.markerId === markerId);
    if (!marker || !job) {
      problems.push(`marker ${k + 1}: ${marker ? 'no job' : 'marker gone'}`);
      continue;
    }
    if (job.stage !== 'done') {
      problems.push(`marker ${k + 1}: job ${job.id} ${job.stage}${job.error ? ` (${job.error.message})` : ''}`);
      continue;
    }
    // The take covers the marker from its first frame, rounded up to whole seconds (planned 'after').
    const wantStart = marker.start;
    const wantEnd = marker.start + f(Math.ceil(MARKER_FRAMES[k] / 25) * 25);
    const mode = loadPlan(job.plan).mode;
    const takes = clipsNow.filter((c) => c.name.includes(`[${job.id}]`));
    const wanted = [...(modeTouchesVideo(mode) ? ['video'] : []), ...(modeTouchesAudio(mode) ? ['audio'] : [])];
    const kinds = takes.map((c) => c.media).sort();
    let exact = JSON.stringify(kinds) === JSON.stringify([...wanted].sort());
    if (!exact) problems.push(`marker ${k + 1}: ${mode} placed ${kinds.join('+') || 'nothing'}`);
    for (const c of takes) {
      if (c.start !== wantStart || c.end !== wantEnd || c.mediaPath !== job.takePath || c.trackIndex === 0) {
        exact = false;
        problems.push(`marker ${k + 1}: ${c.media} take at ${c.start}-${c.end} on track ${c.trackIndex}, wanted ${wantStart}-${wantEnd} above the originals`);
      }
    }
    if (exact) placedExactly += 1;
  }
  const untouched = JSON.stringify(control.clips(seq.guid).filter((c) => c.trackIndex === 0), bigintJson) === originals;
  if (!untouched) problems.push('the original clips on track 1 changed');
  const remoteMs = jobs.filter((j) => j.generatedAt !== undefined && j.submittedAt !== undefined).map((j) => (j.generatedAt as number) - (j.submittedAt as number));
  rmSync(dir, { recursive: true, force: true });
  return {
    concurrency,
    wallMs,
    ...timings,
    remoteMs,
    done: jobs.filter((j) => j.stage === 'done').length,
    placedExactly,
    problems,
    submits: (await standIn.submits()) - submitsBefore,
  };
}

function bigintJson(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

export async function runBatchBench(options: Partial<BatchBenchOptions> = {}): Promise<BatchBenchResult> {
  const o = { ...DEFAULT_BATCH_OPTIONS, ...options };
  if (o.concurrencies[0] !== 1) throw new Error('The first concurrency must be 1 (the one-by-one baseline).');
  const setupStart = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'ltx-bench-batch-'));
  const standIn = o.standIn === 'process' ? await startProcess(o.generationMs) : await startInline(o.generationMs);
  try {
    const patterns = ['testsrc2', 'color=c=0x3366cc', 'color=c=0xcc6633'];
    const clips = await Promise.all(
      patterns.map((pattern, i) => makeTestClip(join(work, `shot${i + 1}.mp4`), { seconds: CLIP_SECONDS, fps: '25', ...SIZE, pattern, toneHz: 330 + 110 * i })),
    );
    const setupMs = performance.now() - setupStart;
    const before = loadavg()[0];
    const runs: BatchRun[] = [];
    for (const c of o.concurrencies) runs.push(await runOnce(c, clips, standIn, work, o));
    const load = { before, after: loadavg()[0], cores: cpus().length };
    return { options: o, standInWhere: standIn.where, setupMs, load, runs, verdicts: verdictsFor(runs, o) };
  } finally {
    await standIn.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const N = MARKER_FRAMES.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : 0);
const hostMs = (r: BatchRun) => sum(r.exportMs) + sum(r.importMs) + sum(r.placeMs);

export function idealsFor(r: BatchRun, generationMs: number): { naiveMs: number; boundMs: number } {
  const rounds = Math.ceil(N / r.concurrency);
  const perJobHost = hostMs(r) / N;
  return { naiveMs: rounds * generationMs, boundMs: Math.max(rounds * (generationMs + perJobHost), hostMs(r)) };
}

function verdictsFor(runs: BatchRun[], o: BatchBenchOptions): string[] {
  const verdicts: string[] = [];
  const one = runs[0];
  const three = runs.find((r) => r.concurrency === 3);
  if (three) {
    const speedUp = one.wallMs / three.wallMs;
    verdicts.push(`${speedUp >= 2 ? 'PASS' : 'FAIL'} concurrency 3 is at least 2x faster than one by one (${speedUp.toFixed(2)}x: ${s(three.wallMs)} vs ${s(one.wallMs)})`);
  }
  for (const r of runs) {
    const ok = r.placedExactly === N && r.problems.length === 0;
    verdicts.push(`${ok ? 'PASS' : 'FAIL'} concurrency ${r.concurrency}: ${r.placedExactly}/${N} takes placed exactly over their markers (start on the marker, whole seconds, above the untouched originals), ${r.done}/${N} jobs done, ${r.submits} submits`);
    for (const p of r.problems.slice(0, 5)) verdicts.push(`     ${p}`);
  }
  const fastest = Math.min(...runs.map((r) => r.wallMs));
  verdicts.push(`INFO generation ${s(o.generationMs)} per job; submit -> result noticed took ${s(mean(runs.flatMap((r) => r.remoteMs)))} on average (the stand-in renders each take at 1920x1080, 2 at a time, and answers at the later of render and timer; polls every ${o.pollEveryMs === null ? 'production cadence' : `${o.pollEveryMs} ms`}); fastest run ${s(fastest)}`);
  return verdicts;
}

export function formatBatchBench(result: BatchBenchResult): string {
  const o = result.options;
  const one = result.runs[0];
  const lines = [
    `Batch of ${N} ranged markers (2-3 s each over a 60 s, 25 fps, 320x180 sequence; modes [V]/[AV]/[A]), whole pipeline:`,
    `fake premierepro with ffmpeg exports -> Premiere adapter -> controller queue -> Runware client -> local stand-in (${s(o.generationMs)} generation).`,
    `Ideal: naive = ceil(${N}/c) x ${s(o.generationMs)}; bound = max(ceil(${N}/c) x (generation + mean host work per job), all host work), host work = export + import + place, timed inside the host mutex.`,
    `Setup (3 clips of ${CLIP_SECONDS} s, stand-in ${result.standInWhere}): ${s(result.setupMs)}. Load average ${result.load.before.toFixed(1)} before the runs, ${result.load.after.toFixed(1)} after, on ${result.load.cores} cores.`,
    'conc | wall     | speed-up | naive ideal (eff) | bound (eff)     | host work (export/import/place per job) | submit->noticed',
  ];
  for (const r of result.runs) {
    const { naiveMs, boundMs } = idealsFor(r, o.generationMs);
    const speed = `${(one.wallMs / r.wallMs).toFixed(2)}x`;
    const naive = `${s(naiveMs)} (${pct(naiveMs / r.wallMs)})`;
    const bound = `${s(boundMs)} (${pct(boundMs / r.wallMs)})`;
    const host = `${s(hostMs(r))} (${ms(mean(r.exportMs))}/${ms(mean(r.importMs))}/${ms(mean(r.placeMs))})`;
    lines.push(
      `${String(r.concurrency).padStart(4)} | ${s(r.wallMs).padStart(8)} | ${speed.padStart(8)} | ${naive.padStart(17)} | ${bound.padStart(15)} | ${host.padStart(39)} | ${s(mean(r.remoteMs))} mean, ${s(Math.max(...r.remoteMs, 0))} max`,
    );
  }
  lines.push(...result.verdicts);
  return lines.join('\n');
}

function s(x: number): string {
  return `${(x / 1000).toFixed(1)} s`;
}

function ms(x: number): string {
  return `${Math.round(x)} ms`;
}

function pct(x: number): string {
  return `${Math.round(100 * x)}%`;
}
