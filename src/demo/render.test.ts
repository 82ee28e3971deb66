/**
 * POST /api/media/render: the one request that reaches ffmpeg. Filter-graph injection through any
 * field is refused before ffmpeg runs, and nothing is written; outputs go only to new .mp4 files in
 * the scratch folder; sources only from inside the data folder, links resolved.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, watch, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import type { RenderSpec } from '../standins/premiere/types';
import { makeTestClip } from '../testing/media';
import { makeSandbox, Sandbox, withServer } from './serverTestKit';

let box: Sandbox;
let clip: string;
let scratch: string;
const standin = { kind: 'standin' as const, url: 'http://127.0.0.1:9/v1', apiKey: 'standin-key' };

beforeAll(async () => {
  box = makeSandbox();
  scratch = join(box.dataDir, 'scratch');
  mkdirSync(scratch, { recursive: true });
  clip = await makeTestClip(join(box.dataDir, 'media', 'clip.mp4'), { seconds: 2, fps: '25', width: 64, height: 64 });
  symlinkSync('/etc/passwd', join(box.dataDir, 'media', 'passwd.mp4'));
}, 30_000);

afterAll(() => rmSync(box.root, { recursive: true, force: true }));

/** One second of the clip, as the fake Premiere describes an export window. */
function validSpec(): RenderSpec {
  const second = '254016000000';
  const part = {
    mediaPath: clip,
    name: 'Clip',
    sequenceStartTicks: '0',
    sequenceEndTicks: String(2n * BigInt(second)),
    sourceInTicks: '0',
    windowStartFrame: 0,
    windowEndFrame: 25,
    sourceInSeconds: 0,
    mediaSize: { width: 64, height: 64 },
    scaleToFrame: false,
  };
  return {
    frameRate: { num: 25, den: 1 },
    frameSize: { width: 64, height: 64 },
    window: { startTicks: '0', endTicks: second, startSeconds: 0, endSeconds: 1, frames: 25 },
    video: [{ trackIndex: 0, clips: [part] }],
    audio: [{ trackIndex: 0, clips: [part] }],
  };
}

type Page = (path: string, init?: RequestInit) => Promise<Response>;
const render = (page: Page, body: unknown) => page('/api/media/render', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const postFrame = (page: Page, body: unknown) => page('/api/media/frame', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A spec cut to its first frame, as the fake's frame export asks for it. */
function oneFrame(spec: RenderSpec): RenderSpec {
  const frame = String(254016000000n / 25n);
  spec.window = { startTicks: '0', endTicks: frame, startSeconds: 0, endSeconds: 0.04, frames: 1 };
  for (const t of [...spec.video, ...spec.audio]) t.clips[0].windowEndFrame = 1;
  return spec;
}

test('a valid window renders to a new file in the scratch folder', async () => {
  await withServer(box, standin, async ({ page }) => {
    const out = join(scratch, 'ok.mp4');
    const r = await render(page, { spec: validSpec(), outPath: out });
    expect([r.status, await r.json()]).toEqual([200, { ok: true }]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
}, 30_000);

test('a window with a dissolve renders', async () => {
  await withServer(box, standin, async ({ page }) => {
    const spec = validSpec();
    spec.video[0].clips[0].dissolves = [{ startFrame: -2, endFrame: 8, fadesIn: true }];
    const out = join(scratch, 'dissolve.mp4');
    const r = await render(page, { spec, outPath: out });
    expect([r.status, await r.json()]).toEqual([200, { ok: true }]);
    expect(existsSync(out)).toBe(true);
    rmSync(out);
  });
}, 30_000);

test('filter-graph injections in any field are refused before ffmpeg runs, and nothing is written', async () => {
  const written = join(box.dataDir, 'leak.txt');
  const attacks: Array<[string, (s: RenderSpec & Record<string, unknown>) => void]> = [
    ['frame height that reads the environment', (s) => ((s.frameSize as { height: unknown }).height = `240:r=25[bg];movie=/proc/self/environ[x];[bg][x]overlay`)],
    ['frame rate that draws a file', (s) => ((s.frameRate as { num: unknown }).num = `25,drawtext=textfile=/etc/passwd`)],
    ['media width that writes a file', (s) => ((s.video[0].clips[0].mediaSize as { width: unknown }).width = `64,metadata=mode=print:file=${written}`)],
    ['frame count as text', (s) => ((s.window as { frames: unknown }).frames = '25[v0];movie=/etc/passwd')],
    ['ticks with a filter', (s) => (s.window.startTicks = '0;movie=/etc/passwd')],
    ['an unknown field', (s) => (s.filter = 'drawtext=textfile=/etc/passwd')],
    ['an unknown field on a clip', (s) => ((s.video[0].clips[0] as unknown as Record<string, unknown>).filter = 'x')],
    ['a fractional frame', (s) => (s.video[0].clips[0].windowEndFrame = 12.5)],
    ['a negative time', (s) => (s.video[0].clips[0].sourceInSeconds = -1)],
    ['a huge window', (s) => (s.window.frames = 1e9)],
    ['a frame rate of 1000 fps', (s) => (s.frameRate = { num: 1000, den: 1 })],
    ['a dissolve frame as text', (s) => (s.video[0].clips[0].dissolves = [{ startFrame: '0[x];movie=/etc/passwd' as unknown as number, endFrame: 5, fadesIn: true }])],
    ['an empty dissolve', (s) => (s.video[0].clips[0].dissolves = [{ startFrame: 5, endFrame: 5, fadesIn: true }])],
    ['a huge frame', (s) => (s.frameSize = { width: 100000, height: 64 })],
  ];
  await withServer(box, standin, async ({ page }) => {
    for (const [what, mutate] of attacks) {
      const spec = validSpec() as RenderSpec & Record<string, unknown>;
      mutate(spec);
      const out = join(scratch, 'attack.mp4');
      const r = await render(page, { spec, outPath: out });
      expect([what, r.status]).toEqual([what, 400]);
      expect(((await r.json()) as { error: string }).error).toMatch(/^The render request is invalid at /);
      expect(existsSync(out)).toBe(false);
    }
    expect(existsSync(written)).toBe(false);
    expect((await render(page, { spec: validSpec(), outPath: join(scratch, 'x.mp4'), extra: 1 })).status).toBe(400);
  });
});

test('outputs only as new .mp4 files in the scratch folder; sources only from inside the data folder, links resolved', async () => {
  const original = readFileSync(clip);
  writeFileSync(join(scratch, 'existing.mp4'), 'kept');
  await withServer(box, standin, async ({ page }) => {
    const refusedOut: Array<[string, number]> = [
      [clip, 400], // would overwrite a source clip
      [join(box.dataDir, 'state', 'retake-journal.json'), 400],
      [join(scratch, 'export.txt'), 400],
      [join(scratch, 'existing.mp4'), 400],
      [join(box.root, 'out.mp4'), 403],
      ['scratch/relative.mp4', 403],
    ];
    for (const [outPath, status] of refusedOut) {
      const r = await render(page, { spec: validSpec(), outPath });
      expect([outPath, r.status]).toEqual([outPath, status]);
    }
    for (const mediaPath of [join(box.dataDir, 'media', 'passwd.mp4'), '/proc/self/environ', join(box.dataDir, 'media', 'none.mp4')]) {
      const spec = validSpec();
      spec.video[0].clips[0].mediaPath = mediaPath;
      const r = await render(page, { spec, outPath: join(scratch, 'src.mp4') });
      expect([mediaPath, r.status]).toEqual([mediaPath, mediaPath.endsWith('none.mp4') ? 400 : 403]);
    }
    expect(readFileSync(clip)).toEqual(original);
    expect(readFileSync(join(scratch, 'existing.mp4'), 'utf8')).toBe('kept');
    expect(readdirSync(scratch).filter((f) => f !== 'existing.mp4' && f !== 'ok.mp4')).toEqual([]);
  });
});

describe('POST /api/media/frame (the fake’s exportSequenceFrame: the take thumbnails)', () => {
  const thumbnails = () => join(box.dataDir, 'thumbnails');
  /** Width and height from a PNG's IHDR chunk. */
  const pngSize = (bytes: Buffer) => ({ signature: bytes.subarray(1, 4).toString('latin1'), width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

  test('a one-frame spec becomes a new PNG of the size asked, in the thumbnails folder', async () => {
    await withServer(box, standin, async ({ page }) => {
      const out = join(thumbnails(), 'take-ok.png.png');
      const r = await postFrame(page, { spec: oneFrame(validSpec()), outPath: out, size: { width: 32, height: 18 } });
      expect([r.status, await r.json()]).toEqual([200, { ok: true }]);
      expect(pngSize(readFileSync(out))).toEqual({ signature: 'PNG', width: 32, height: 18 });
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(readdirSync(thumbnails())).toEqual(['take-ok.png.png']); // the one-frame video in between is gone
      rmSync(out);
    });
  }, 30_000);

  test('bad fields, other outputs and other callers are refused, and nothing is written', async () => {
    mkdirSync(thumbnails(), { recursive: true });
    writeFileSync(join(thumbnails(), 'existing.png'), 'kept');
    symlinkSync(box.root, join(thumbnails(), 'outside'));
    const fine = join(thumbnails(), 'take-x.png');
    const refused: Array<[string, unknown, number]> = [
      ['a size as filter text', { spec: oneFrame(validSpec()), outPath: fine, size: { width: '32,drawtext=textfile=/etc/passwd', height: 18 } }, 400],
      ['a size of zero', { spec: oneFrame(validSpec()), outPath: fine, size: { width: 0, height: 18 } }, 400],
      ['a fractional size', { spec: oneFrame(validSpec()), outPath: fine, size: { width: 32.5, height: 18 } }, 400],
      ['a huge size', { spec: oneFrame(validSpec()), outPath: fine, size: { width: 100000, height: 18 } }, 400],
      ['no size', { spec: oneFrame(validSpec()), outPath: fine }, 400],
      ['an unknown field', { spec: oneFrame(validSpec()), outPath: fine, size: { width: 32, height: 18 }, filter: 'x' }, 400],
      ['a window of many frames', { spec: validSpec(), outPath: fine, size: { width: 32, height: 18 } }, 400],
      ['a frame outside the thumbnails folder', { spec: oneFrame(validSpec()), outPath: join(scratch, 'take-x.png'), size: { width: 32, height: 18 } }, 400],
      ['a video in the thumbnails folder', { spec: oneFrame(validSpec()), outPath: join(thumbnails(), 'take-x.mp4'), size: { width: 32, height: 18 } }, 400],
      ['an existing picture', { spec: oneFrame(validSpec()), outPath: join(thumbnails(), 'existing.png'), size: { width: 32, height: 18 } }, 400],
      ['a link out of the data folder', { spec: oneFrame(validSpec()), outPath: join(thumbnails(), 'outside', 'x.png'), size: { width: 32, height: 18 } }, 403],
      ['a relative path', { spec: oneFrame(validSpec()), outPath: 'thumbnails/take-x.png', size: { width: 32, height: 18 } }, 403],
      ['a climb out with ..', { spec: oneFrame(validSpec()), outPath: join(thumbnails(), '..', '..', 'x.png'), size: { width: 32, height: 18 } }, 403],
    ];
    await withServer(box, standin, async ({ page, server }) => {
      for (const [what, body, status] of refused) {
        const r = await postFrame(page, body);
        expect([what, r.status]).toEqual([what, status]);
      }
      const body = JSON.stringify({ spec: oneFrame(validSpec()), outPath: fine, size: { width: 32, height: 18 } });
      const others: Array<[string, RequestInit, number]> = [
        ['no token', { method: 'POST', body, headers: { Origin: server.url } }, 403],
        ['another site', { method: 'POST', body, headers: { 'X-Demo-Token': server.token, Origin: 'https://evil.example' } }, 403],
        ['a GET', { method: 'GET', headers: { 'X-Demo-Token': server.token, Origin: server.url } }, 405],
      ];
      for (const [what, init, status] of others) {
        const r = await fetch(`${server.url}/api/media/frame`, init);
        expect([what, r.status]).toEqual([what, status]);
      }
    });
    expect(readFileSync(join(thumbnails(), 'existing.png'), 'utf8')).toBe('kept');
    expect(readdirSync(thumbnails()).sort()).toEqual(['existing.png', 'outside']);
    expect(readdirSync(box.root).sort()).toEqual(['data', 'public']);
  });
});

describe('a render never writes through a link another process plants', () => {
  let outside: string;
  let victim: string;
  beforeEach(() => {
    outside = mkdtempSync(join(tmpdir(), 'render-victim-'));
    victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'kept');
  });
  afterEach(() => rmSync(outside, { recursive: true, force: true }));
  const png = { width: 32, height: 18 };

  test('beside the output, where a render used to write on its way', async () => {
    const out = join(scratch, 'beside.mp4');
    const still = join(box.dataDir, 'thumbnails', 'beside.png');
    mkdirSync(join(box.dataDir, 'thumbnails'), { recursive: true });
    const planted = [`${out}.rendering.mp4`, `${still}.frame.mp4`];
    for (const link of planted) symlinkSync(victim, link);
    try {
      await withServer(box, standin, async ({ page }) => {
        expect((await render(page, { spec: validSpec(), outPath: out })).status).toBe(200);
        expect((await postFrame(page, { spec: oneFrame(validSpec()), outPath: still, size: png })).status).toBe(200);
      });
      expect(readFileSync(victim, 'utf8')).toBe('kept');
    } finally {
      for (const file of [out, still, ...planted]) rmSync(file, { force: true });
    }
  }, 30_000);

  test('at the output, after the server checked that nothing is there', async () => {
    // The link goes in as soon as anything appears in the output's folder once the request is sent:
    // the checks have passed by then, and the render is on its way.
    const cases = [
      { out: join(scratch, 'raced.mp4'), send: (page: Page, outPath: string) => render(page, { spec: validSpec(), outPath }) },
      { out: join(box.dataDir, 'thumbnails', 'raced.png'), send: (page: Page, outPath: string) => postFrame(page, { spec: oneFrame(validSpec()), outPath, size: png }) },
    ];
    mkdirSync(join(box.dataDir, 'thumbnails'), { recursive: true });
    await withServer(box, standin, async ({ page }) => {
      for (const { out, send } of cases) {
        let planted = false;
        const watcher = watch(dirname(out), () => {
          if (!planted) symlinkSync(victim, out);
          planted = true;
        });
        try {
          const r = await send(page, out);
          expect(planted).toBe(true);
          expect([r.status, await r.json()]).toEqual([400, { error: `${out} already exists; the demo never overwrites a file with a render.` }]);
        } finally {
          watcher.close();
        }
        expect(readFileSync(victim, 'utf8')).toBe('kept');
        expect(lstatSync(out).isSymbolicLink()).toBe(true); // what another made at the path is left alone
        rmSync(out);
      }
    });
  }, 30_000);
});
