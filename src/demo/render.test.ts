/**
 * POST /api/media/render: the one request that reaches ffmpeg. Filter-graph injection through any
 * field is refused before ffmpeg runs, and nothing is written; outputs go only to new .mp4 files in
 * the scratch folder; sources only from inside the data folder, links resolved.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { RenderSpec } from '../standins/premiere/types';
import { makeTestClip } from '../testing/media';
import { makeSandbox, Sandbox, withServer } from './serverTestKit';

let box: Sandbox;
let clip: string;
let scratch: string;
const standin = { kind: 'standin' as const, url: 'http://127.0.0.1:9/v1' };

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

test('a valid window renders to a new file in the scratch folder', async () => {
  await withServer(box, standin, async ({ page }) => {
    const out = join(scratch, 'ok.mp4');
    const r = await render(page, { spec: validSpec(), outPath: out });
    expect([r.status, await r.json()]).toEqual([200, { ok: true }]);
    expect(existsSync(out)).toBe(true);
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
