/**
 * The built plugin (plugin/index.js) runs a whole retake in a page without the globals UXP lacks:
 * the fake Premiere (real ffmpeg exports) and the local Runware stand-in, the retake started by the
 * menu command, the take laid on the timeline. Every wait is bounded and says what it waited for:
 * a promise that never settles must fail this test, not hang it.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { webcrypto } from 'crypto';
import { deserialize, serialize } from 'v8';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createNodeFakePremiere } from '../standins/premiere/node';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { makeTestClip } from '../testing/media';
import { BUNDLE, PLUGIN_DIR, bundleHost, runBundle } from './bundleHost';
import { loopbackFetch } from './loopbackFetch';

jest.setTimeout(60_000);

/** What UXP does not offer (Adobe's UXP reference documents none of them, or only in part). */
const MISSING_IN_UXP = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'queueMicrotask', 'MutationObserver', 'structuredClone', 'requestAnimationFrame', 'cancelAnimationFrame'];

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
const work = mkdtempSync(join(tmpdir(), 'bundle-retake-'));
let standIn: RunwareStandIn;

const pageStructuredClone = globalThis.structuredClone;
beforeAll(async () => {
  standIn = await startRunwareStandIn({ generationMs: 200 });
  // The fake Premiere (test side, not the bundle) snapshots its state for transactions; jsdom
  // pages have no structuredClone. The bundle's scope hides this one like the rest.
  globalThis.structuredClone ??= ((value: unknown) => deserialize(serialize(value))) as typeof structuredClone;
});
afterAll(() => {
  globalThis.structuredClone = pageStructuredClone;
  return standIn.close();
});

/** Polls `read` until `done` holds, or fails after `ms` with `what` and the last thing seen. */
async function waitFor<T>(what: string, read: () => T, done: (value: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  let last = read();
  while (!done(last)) {
    if (Date.now() > until) throw new Error(`Gave up after ${ms / 1000} s waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = read();
  }
  return last;
}

test('the bundle retakes the marked range and lays the take back, with none of the globals UXP lacks', async () => {
  if (!existsSync(BUNDLE)) throw new Error('plugin/index.js is missing: run `npm run build` first (npm test does).');
  const clip = await makeTestClip(join(work, 'a.mp4'), { seconds: 8, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
  const { ppro, control } = createNodeFakePremiere();
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Edit', frameRate: '25', frameSize: { width: 320, height: 180 }, videoTracks: 1, audioTracks: 1 });
  const item = await control.addMedia(clip);
  control.addClip(seq.guid, { item: item.id, start: 0n, duration: f(200) });
  control.setInOut(seq.guid, f(50), f(100));

  const dataDir = mkdtempSync(join(work, 'plugin-data-'));
  writeFileSync(join(dataDir, 'preferences.json'), JSON.stringify({ lastPrompt: 'a red car', mode: 'replace_audio_and_video' }));
  const host = bundleHost(ppro, dataDir);
  host.secure.set('runware-api-key', standIn.apiKey);
  const missing = Object.fromEntries(MISSING_IN_UXP.map((name) => [name, undefined]));
  runBundle(host, { ...missing, fetch: loopbackFetch(standIn.url), crypto: webcrypto });

  const node = document.createElement('div');
  document.body.appendChild(node);
  host.setups[0].panels.ltxRetakePanel.show(node);
  await waitFor('the panel to finish loading', () => node.querySelector('[data-ready]')?.getAttribute('data-ready'), (r) => r === 'true', 10_000);

  await host.setups[0].commands.retakeMarkedRange.run();
  const journalPath = join(dataDir, 'retake-journal.json');
  const readJobs = () => (existsSync(journalPath) ? (JSON.parse(readFileSync(journalPath, 'utf8')) as { jobs: Array<{ id: string; stage: string; error?: { message: string }; takePath?: string; exportPreset?: string; thumbnail?: string }> }).jobs : []);
  const notice = () => node.querySelector('[data-testid="notice"]')?.textContent ?? null;
  const [job] = await waitFor(
    'the job to end (done or failed)',
    () => ({ jobs: readJobs(), notice: notice() }),
    (seen) => seen.jobs.some((j) => j.stage === 'done' || j.stage === 'failed' || j.stage === 'stopped') || (seen.jobs.length === 0 && seen.notice !== null),
    45_000,
  ).then((seen) => {
    if (seen.jobs.length === 0) throw new Error(`The command started no job: ${seen.notice}`);
    return seen.jobs;
  });
  expect(job.error?.message ?? null).toBeNull();
  expect(job.stage).toBe('done');
  expect(job.exportPreset).toBe(join(PLUGIN_DIR, 'presets', 'h264-retake.epr')); // no Premiere installed here: the shipped one, on record

  // The take is on a track of its own over the marked 2-4 s; the editor's clip and marks are untouched.
  const s = control.sequence(seq.guid);
  expect(s.video[0].clips).toHaveLength(1);
  expect([s.inPoint, s.outPoint]).toEqual([f(50), f(100)]);
  const takes = control.clips(seq.guid, 'video').filter((c) => c.mediaPath === job.takePath);
  expect(takes).toHaveLength(1);
  expect(takes[0].start).toBe(f(50));
  expect(standIn.stats.submits).toBe(1);
  // Its thumbnail: written by (the fake) Premiere into the data folder, kept as the plugin-data:/ URL the card's <img> shows.
  expect(job.thumbnail).toBe(`plugin-data:/thumbnails/take-${job.id}.png.png`);
  expect(readFileSync(join(dataDir, 'thumbnails', `take-${job.id}.png.png`)).subarray(1, 4).toString()).toBe('PNG');
});

test('the scope the bundle runs in has none of those names, free, on window or on globalThis', () => {
  const seen: string[] = [];
  const host = bundleHost(createNodeFakePremiere().ppro, mkdtempSync(join(work, 'scope-')));
  const missing = Object.fromEntries(MISSING_IN_UXP.map((name) => [name, undefined]));
  const probe = MISSING_IN_UXP.map((n) => `report(${JSON.stringify(n)}, typeof ${n}, typeof window.${n}, typeof globalThis.${n}, ${JSON.stringify(n)} in window);`).join('\n');
  runBundle(host, { ...missing, report: (...a: unknown[]) => seen.push(a.join(' ')) }, probe);
  expect(seen).toEqual(MISSING_IN_UXP.map((n) => `${n} undefined undefined undefined false`));
  expect(typeof window.setTimeout).toBe('function'); // the page itself is untouched
});
