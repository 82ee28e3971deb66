import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { cpus, loadavg, tmpdir } from 'os';
import { extname, join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { gzipSync } from 'zlib';
import type { Configuration, Stats } from 'webpack';

/**
 * The panel's weight and first render.
 *
 * Size: the minified plugin bundle (plugin/index.js, from `npm run build:plugin`; rebuilt into a
 * temp folder with the project's webpack config when missing or older than the sources), in bytes
 * and gzip bytes, against a budget for a UXP panel and against the floor every React panel pays:
 * a bare React root bundled the same way in the same run.
 *
 * First render: headless Debian Chromium (never a downloaded browser) loads a page that renders
 * <RetakePanel/> over the in-memory ports of the panel tests (src/bench/panelHarness.tsx), and the
 * baseline page a bare React root (src/bench/emptyHarness.tsx); both bundled here with webpack in
 * production mode, served from 127.0.0.1, each load in a fresh browser context. Times are from
 * navigation start: first contentful paint (the paint entry: when the frame was presented), the
 * moment [data-testid=retake-panel][data-ready=true] is in the DOM (a MutationObserver), and the
 * first render, the later of the two (the ready panel cannot be on screen before either). Animation
 * frames are no proxy for paint here: in headless Chromium the FCP of the panel lands frames after
 * a double requestAnimationFrame following ready.
 */

const ROOT = resolve(__dirname, '..', '..');
const PLUGIN_BUNDLE = join(ROOT, 'plugin', 'index.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Budget for the minified panel bundle and its gzip size (KiB). */
export const BUDGET = { minifiedKiB: 300, gzipKiB: 100 } as const;
/** The panel may take this much longer than a bare React root to render ready: the usual "instant" threshold. */
export const RENDER_OVERHEAD_BUDGET_MS = 100;
const LOADS = 5;
const READY = '[data-testid=retake-panel][data-ready=true]';

export interface Size {
  bytes: number;
  gzip: number;
}

export interface LoadTimes {
  fcpMs: number;
  readyMs: number;
  /** The ready panel's first paint at the earliest: the later of FCP and ready. */
  renderMs: number;
}

export interface PanelBenchResult {
  plugin: Size & { source: string };
  /** A bare React root through the same webpack settings: React + ReactDOM + the webpack runtime. */
  floor: Size;
  /** The harness bundle: the panel, controller and in-memory ports (no Premiere adapter, no Runware client). */
  harness: Size;
  buildMs: number;
  /** 1-minute load average and core count when the browser started: other work on the machine shows here. */
  load: { average: number; cores: number };
  render: { panel: LoadTimes[]; empty: LoadTimes[] } | { skipped: string };
  verdicts: string[];
}

function sizeOf(file: string): Size {
  const bytes = readFileSync(file);
  return { bytes: bytes.byteLength, gzip: gzipSync(bytes).byteLength };
}

async function compile(config: Configuration | Configuration[]): Promise<void> {
  const { webpack } = await import('webpack');
  await new Promise<void>((done, fail) => {
    const compiler = webpack(config as Configuration);
    compiler.run((error?: Error | null, stats?: Stats) => {
      compiler.close(() => undefined);
      if (error) return fail(error);
      if (stats?.hasErrors()) return fail(new Error(stats.toString({ all: false, errors: true })));
      done();
    });
  });
}

/** Newest modification time of the sources the plugin bundle is built from (tests and benches excluded). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, name.name);
      if (name.isDirectory()) {
        if (p !== join(ROOT, 'src', 'bench')) walk(p);
      } else if (/\.tsx?$/.test(name.name) && !/\.test\.tsx?$/.test(name.name)) {
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  };
  walk(join(ROOT, 'src'));
  for (const f of ['webpack.config.js', 'package-lock.json']) if (existsSync(join(ROOT, f))) newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  return newest;
}

type ConfigExport = Configuration | Configuration[] | ((env: unknown, argv: { mode: string }) => Configuration | Configuration[]);

/** The project's webpack config for the plugin (the one named "plugin" when the file exports several). */
function pluginConfig(): Configuration {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(join(ROOT, 'webpack.config.js')) as ConfigExport;
  const made = typeof exported === 'function' ? exported({}, { mode: 'production' }) : exported;
  const list = Array.isArray(made) ? made : [made];
  const config = list.find((c) => c.name === 'plugin') ?? list[0];
  if (!config) throw new Error('webpack.config.js exports no configuration.');
  return config;
}

/** plugin/index.js when it is there and newer than the sources, else a fresh build of the project's config into `outDir`. */
async function pluginBundle(outDir: string): Promise<{ file: string; source: string }> {
  if (existsSync(PLUGIN_BUNDLE) && statSync(PLUGIN_BUNDLE).mtimeMs >= newestSource()) return { file: PLUGIN_BUNDLE, source: 'plugin/index.js (npm run build:plugin)' };
  const why = existsSync(PLUGIN_BUNDLE) ? 'plugin/index.js is older than the sources' : 'plugin/index.js is missing (npm run build:plugin makes it)';
  const config = pluginConfig();
  const out = join(outDir, 'plugin');
  await compile({ ...config, mode: 'production', context: ROOT, output: { ...config.output, path: out } });
  return { file: join(out, 'index.js'), source: `${why}: built now with webpack.config.js into a temp folder` };
}

function harnessConfig(outDir: string): Configuration {
  return {
    name: 'bench-harness',
    mode: 'production',
    context: ROOT,
    target: 'web',
    entry: { panel: join(ROOT, 'src', 'bench', 'panelHarness.tsx'), empty: join(ROOT, 'src', 'bench', 'emptyHarness.tsx') },
    output: { path: outDir, filename: '[name].js' },
    devtool: false,
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: { rules: [{ test: /\.tsx?$/, loader: 'ts-loader', options: { transpileOnly: true } }] },
    optimization: { splitChunks: false, runtimeChunk: false },
    performance: { hints: false },
  };
}

function page(script: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8" /><link rel="stylesheet" href="panel.css" /></head>\n<body><div id="root"></div><script src="${script}"></script></body></html>\n`;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '') || 'panel.html';
    const file = join(dir, name);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Runs in the page before any of its scripts. */
const OBSERVER = `(() => {
  const b = (window.__bench = { fcpMs: null, readyMs: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint' && b.fcpMs === null) b.fcpMs = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  const check = () => {
    if (b.readyMs !== null || !document.querySelector(${JSON.stringify(READY)})) return;
    b.readyMs = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
})();`;

async function measureRenders(origin: string): Promise<{ panel: LoadTimes[]; empty: LoadTimes[] }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const load = async (name: 'panel' | 'empty'): Promise<LoadTimes> => {
      const context = await browser.newContext();
      try {
        const tab = await context.newPage();
        const errors: string[] = [];
        tab.on('pageerror', (e) => errors.push(e.message));
        await tab.addInitScript(OBSERVER);
        await tab.goto(`${origin}/${name}.html`, { waitUntil: 'load' });
        await tab.waitForSelector(READY, { timeout: 10_000 });
        await tab.waitForFunction(() => {
          const b = (window as unknown as { __bench: Record<string, number | null> }).__bench;
          return b.fcpMs !== null && b.readyMs !== null;
        }, undefined, { timeout: 10_000 });
        if (errors.length) throw new Error(`${name}.html: ${errors.join('; ')}`);
        const t = await tab.evaluate(() => (window as unknown as { __bench: { fcpMs: number; readyMs: number } }).__bench);
        return { ...t, renderMs: Math.max(t.fcpMs, t.readyMs) };
      } finally {
        await context.close();
      }
    };
    // One throw-away load of each warms the browser; then the two pages alternate, so drift hits both alike.
    await load('panel');
    await load('empty');
    const panel: LoadTimes[] = [];
    const empty: LoadTimes[] = [];
    for (let i = 0; i < LOADS; i++) {
      panel.push(await load('panel'));
      empty.push(await load('empty'));
    }
    return { panel, empty };
  } finally {
    await browser.close();
  }
}

export async function runPanelBench(): Promise<PanelBenchResult> {
  const work = mkdtempSync(join(tmpdir(), 'ltx-bench-panel-'));
  try {
    const started = performance.now();
    const web = join(work, 'web');
    await compile(harnessConfig(web));
    const plugin = await pluginBundle(work);
    const buildMs = performance.now() - started;
    copyFileSync(join(ROOT, 'assets', 'panel.css'), join(web, 'panel.css'));
    writeFileSync(join(web, 'panel.html'), page('panel.js'));
    writeFileSync(join(web, 'empty.html'), page('empty.js'));

    const load = { average: loadavg()[0], cores: cpus().length };
    let render: PanelBenchResult['render'];
    if (!existsSync(CHROMIUM)) {
      render = { skipped: `no Chromium at ${CHROMIUM}: install Debian's with \`apt-get install chromium\` (or set CHROMIUM_PATH); no browser is downloaded` };
    } else {
      const { server, origin } = await serve(web);
      try {
        render = await measureRenders(origin);
      } finally {
        await new Promise((done) => server.close(done));
      }
    }
    const result: PanelBenchResult = {
      plugin: { ...sizeOf(plugin.file), source: plugin.source },
      floor: sizeOf(join(web, 'empty.js')),
      harness: sizeOf(join(web, 'panel.js')),
      buildMs,
      load,
      render,
      verdicts: [],
    };
    result.verdicts = verdictsFor(result);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function verdictsFor(r: PanelBenchResult): string[] {
  const v: string[] = [];
  const kib = (n: number) => n / 1024;
  v.push(`${kib(r.plugin.bytes) <= BUDGET.minifiedKiB ? 'PASS' : 'FAIL'} plugin bundle ${kib(r.plugin.bytes).toFixed(1)} KiB minified, budget ${BUDGET.minifiedKiB} KiB`);
  v.push(`${kib(r.plugin.gzip) <= BUDGET.gzipKiB ? 'PASS' : 'FAIL'} plugin bundle ${kib(r.plugin.gzip).toFixed(1)} KiB gzip, budget ${BUDGET.gzipKiB} KiB`);
  if ('skipped' in r.render) {
    v.push(`SKIPPED first render: ${r.render.skipped}`);
  } else {
    const over = median(r.render.panel.map((t) => t.renderMs)) - median(r.render.empty.map((t) => t.renderMs));
    v.push(`${over <= RENDER_OVERHEAD_BUDGET_MS ? 'PASS' : 'FAIL'} panel first render ${signed(over)} vs a bare React root (median of ${LOADS}), budget +${RENDER_OVERHEAD_BUDGET_MS} ms`);
  }
  return v;
}

export function formatPanelBench(r: PanelBenchResult): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const share = (n: number) => `${Math.round((100 * n) / r.plugin.bytes)}%`;
  const ours = { bytes: r.plugin.bytes - r.floor.bytes, gzip: r.plugin.gzip - r.floor.gzip };
  const row = (name: string, x: Size) => `${name.padEnd(40)} | ${kib(x.bytes).padStart(11)} | ${kib(x.gzip).padStart(9)}`;
  const lines = [
    `Bundle: ${r.plugin.source}. Floor: a bare React root bundled the same way (React + ReactDOM + webpack runtime). Builds took ${(r.buildMs / 1000).toFixed(1)} s.`,
    `${'bundle'.padEnd(40)} | ${'minified'.padStart(11)} | ${'gzip'.padStart(9)}`,
    row('plugin (the panel as shipped)', r.plugin),
    row('  floor: bare React root', r.floor),
    row(`  ours: plugin minus floor (${share(ours.bytes)})`, ours),
    row('harness page (panel + in-memory ports)', r.harness),
  ];
  if ('skipped' in r.render) {
    lines.push(`First render: SKIPPED (${r.render.skipped}).`);
  } else {
    const { panel, empty } = r.render;
    const KEYS = ['fcpMs', 'readyMs', 'renderMs'] as const;
    const WIDTHS = [22, 12, 12];
    const line = (name: string, cells: string[]) => `${name.padEnd(22)} | ${cells.map((c, i) => c.padStart(WIDTHS[i])).join(' | ')}`;
    const stat = (f: (xs: number[]) => number, t: LoadTimes[]) => KEYS.map((k) => f(t.map((x) => x[k])));
    const best = (xs: number[]) => Math.min(...xs);
    lines.push(
      `First render, headless Chromium (${CHROMIUM}), ms from navigation start over ${LOADS} cold loads each (fresh context per load, pages alternating):`,
      line('page', ['first contentful paint', 'ready in DOM', 'first render']),
    );
    for (const [label, f] of [['median', median], ['best', best]] as const) {
      const p = stat(f, panel);
      const e = stat(f, empty);
      lines.push(
        line(`RetakePanel, ${label}`, p.map(ms)),
        line(`bare React, ${label}`, e.map(ms)),
        line(`panel's cost, ${label}`, p.map((x, i) => signed(x - e[i]))),
      );
    }
    const range = (t: LoadTimes[]) => `${ms(best(t.map((x) => x.renderMs)))} to ${ms(Math.max(...t.map((x) => x.renderMs)))}`;
    lines.push(`First render over the ${LOADS} loads: panel ${range(panel)}, bare React ${range(empty)}; load average ${r.load.average.toFixed(1)} on ${r.load.cores} cores when the browser started.`);
  }
  lines.push(...r.verdicts);
  return lines.join('\n');
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '-'}${ms(Math.abs(x))}`;
}
