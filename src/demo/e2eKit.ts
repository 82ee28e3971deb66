/**
 * For the demo's end-to-end tests: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), the built page (dist/demo/public) served by the demo server in the test's process, the
 * real panel and controller on the fake Premiere, against the Runware stand-in. Screenshots go to
 * test-results/demo-<name>.png.
 */
import { editorCut } from '../testing/editorCut';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { demoPaths, prepareDemoData, REPO_ROOT } from './demoProject';
import { DEFAULT_PUBLIC_DIR, DemoServer, startDemoServer } from './server';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(REPO_ROOT, 'test-results');
const haveChromium = existsSync(CHROMIUM);

/**
 * `describe` when Chromium is there; otherwise a loud skip (or a failure with REQUIRE_E2E set).
 * Call once per file, at the top level.
 */
export function e2eSuite(): jest.Describe {
  if (haveChromium) return describe;
  if (process.env.REQUIRE_E2E) {
    test('Chromium is installed for the end-to-end tests', () => {
      throw new Error(`REQUIRE_E2E is set but there is no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
    });
  } else {
    const line = '!'.repeat(100);
    console.warn(`${line}\n!! END-TO-END TESTS SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium). Set REQUIRE_E2E=1 to make this a failure.\n${line}`);
    test.skip(`demo end-to-end (needs ${CHROMIUM})`, () => undefined);
  }
  return describe.skip;
}

/** What the tests read back from the page's fake Premiere and controller (ticks as strings). */
export interface Clip {
  id: string;
  name: string;
  media: 'video' | 'audio';
  trackIndex: number;
  start: string;
  end: string;
  sourceIn: string;
  mediaPath: string;
  disabled: boolean;
}
export interface Snapshot {
  inPoint: string | null;
  outPoint: string | null;
  videoTracks: number;
  audioTracks: number;
  clips: Clip[];
  markers: Array<{ guid: string; name: string; start: string; end: string }>;
  plan: { replaced: { start: string; end: string } } | null;
  jobs: Array<{
    id: string;
    stage: string;
    origin: { kind: string; markerId?: string };
    plan: { mode: string; replaced: { start: string; end: string }; takeSource: { start: string; end: string } };
    taskUUID?: string;
    error?: { message: string };
  }>;
}

export interface OpenDemo {
  page: Page;
  /** Uncaught page errors, console errors and failed responses (a red 404 included). */
  errors: string[];
  dataDir: string;
}

export interface DemoBrowser {
  /** A fresh data folder (the generated media copied in), a demo server on it, and the page, ready. */
  openDemo(): Promise<OpenDemo>;
  standIn(): RunwareStandIn;
}

/** Registers the suite's hooks: one browser and one stand-in for the file, a fresh demo per test. */
export function useDemoBrowser(): DemoBrowser {
  let browser: Browser;
  let standIn: RunwareStandIn;
  let mediaRoot: string;
  const open: Array<{ context: BrowserContext; server: DemoServer; dataDir: string }> = [];

  beforeAll(async () => {
    if (!existsSync(join(DEFAULT_PUBLIC_DIR, 'demo.js'))) {
      throw new Error(`The demo page is not built (${join(DEFAULT_PUBLIC_DIR, 'demo.js')} is missing): run npm run build first.`);
    }
    mkdirSync(SHOTS, { recursive: true });
    mediaRoot = mkdtempSync(join(tmpdir(), 'demo-e2e-media-'));
    const { chromium } = await import('playwright-core');
    [browser, standIn] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      startRunwareStandIn({ generationMs: 1500 }),
      prepareDemoData(mediaRoot),
    ]).then(([b, s]) => [b, s] as const);
  });

  afterEach(async () => {
    standIn.faults.clear();
    for (const o of open.splice(0)) {
      await o.context.close();
      await o.server.close();
      rmSync(o.dataDir, { recursive: true, force: true });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await standIn?.close();
    if (mediaRoot) rmSync(mediaRoot, { recursive: true, force: true });
  });

  async function openDemo(): Promise<OpenDemo> {
    const dataDir = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
    cpSync(demoPaths(mediaRoot).mediaDir, demoPaths(dataDir).mediaDir, { recursive: true });
    await prepareDemoData(dataDir); // preset and folders; the media are there already
    const server = await startDemoServer({ dataDir, runware: { kind: 'standin', url: standIn.url, apiKey: standIn.apiKey, faults: standIn.faults } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    open.push({ context, server, dataDir });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(server.pageUrl);
    await page.locator('[data-testid="retake-panel"][data-ready="true"]').waitFor({ timeout: 20_000 });
    return { page, errors, dataDir };
  }

  return { openDemo, standIn: () => standIn };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `demo-${name}.png`) });
export const byId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
/** Waits until an element with that test id shows that text (the panel re-reads the host asynchronously). */
export const seeText = (page: Page, id: string, text: string | RegExp, timeout = 30_000) => byId(page, id).filter({ hasText: text }).first().waitFor({ timeout });

export function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    type Anything = any;
    const demo = (window as Anything).__demo;
    const s = demo.control.sequence();
    const str = (v: bigint): string => v.toString();
    const opt = (v: bigint | null): string | null => (v === null ? null : v.toString());
    const clips = [...s.video, ...s.audio].flatMap((t: Anything) =>
      t.clips.map((c: Anything) => ({ id: c.id, name: c.name, media: c.media, trackIndex: c.trackIndex, start: str(c.start), end: str(c.end), sourceIn: str(c.sourceIn), mediaPath: c.mediaPath, disabled: c.disabled })),
    );
    const state = demo.controller.store.getState();
    return {
      inPoint: opt(s.inPoint),
      outPoint: opt(s.outPoint),
      videoTracks: s.video.length,
      audioTracks: s.audio.length,
      clips,
      markers: s.markers.map((m: Anything) => ({ guid: m.guid, name: m.name, start: str(m.start), end: str(m.start + m.duration) })),
      plan: state.plan?.ok ? { replaced: { start: str(state.plan.plan.replaced.start), end: str(state.plan.plan.replaced.end) } } : null,
      jobs: state.jobs,
    };
  });
}

/** Waits on a condition of this process (the stand-in's state), checking every 50 ms, up to a minute. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const originals = (s: Snapshot) => s.clips.filter((c) => c.trackIndex === 0);

/**
 * The editor's own clips (the first track of each kind) as the editor cut them: the pieces a sound
 * take's split of the original sound leaves read as the one clip they were (testing/editorCut.ts),
 * so "nothing of the editor's moved" still holds every sample in place.
 */
export const editorsCut = (s: Snapshot) =>
  (['video', 'audio'] as const).map((media) =>
    editorCut(
      s.clips
        .filter((c) => c.trackIndex === 0 && c.media === media)
        .map((c) => ({ name: c.name, start: BigInt(c.start), end: BigInt(c.end), sourceIn: BigInt(c.sourceIn), mediaPath: c.mediaPath }))
        .sort((a, b) => (a.start < b.start ? -1 : 1)),
    ),
  );
export const takesOf = (s: Snapshot, jobId: string) => s.clips.filter((c) => c.name.includes(`[${jobId}]`));
