import { randomUUID } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ffmpeg } from '../../adapters/node/ffmpeg';
import { makeTestClip, meanColourAt } from '../../testing/media';
import { sniffContainer } from './containers';
import { MediaStore } from './media';
import { renderRetake } from './retakeRender';
import { RunwareStandIn, startRunwareStandIn } from './server';
import { dataItems, firstError, pollUntilDone, post, retakeTask } from './testKit';

/**
 * Uploads are opened only as the container their first bytes claim. The attack: a file that begins
 * with an HLS playlist naming a local file (file://) and goes on with a real MPEG-TS clip; probing
 * sees the clip, and an ffmpeg that picks its demuxer by probing follows the playlist and renders
 * the local file into a result the uploader downloads.
 */
let dir: string;
let s: RunwareStandIn;
let victim: string;
let evil: string;
const RED: [number, number, number] = [255, 0, 0];
const BLUE: [number, number, number] = [0, 0, 255];
const distance = (a: number[], b: number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** An MPEG-TS clip of one colour (what an HLS segment is). */
async function tsClip(name: string, colour: string): Promise<string> {
  const mp4 = await makeTestClip(join(dir, `${name}.mp4`), { seconds: 4, fps: '25', width: 64, height: 64, pattern: `color=c=${colour}`, toneHz: null });
  const ts = join(dir, `${name}.ts`);
  await ffmpeg(['-i', mp4, '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'mpegts', ts]);
  return ts;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'standin-containers-'));
  victim = await tsClip('victim', '0x0000ff');
  const carrier = await tsClip('carrier', '0xff0000');
  const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nfile://${victim}\n#EXT-X-ENDLIST\n`;
  evil = join(dir, 'evil.mp4');
  writeFileSync(evil, Buffer.concat([Buffer.from(playlist), readFileSync(carrier)]));
  s = await startRunwareStandIn({ generationMs: 50 });
}, 30000);
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the referenced clip really is blue and the carrier red (what the checks below tell apart)', async () => {
  expect(distance(await meanColourAt(victim, 1), BLUE)).toBeLessThan(60);
  expect(distance(await meanColourAt(join(dir, 'carrier.ts'), 1), RED)).toBeLessThan(60);
});

test('an upload that starts with an HLS playlist is refused, or retaken without the referenced file\'s picture', async () => {
  const r = await post(s, [{ taskType: 'mediaStorage', taskUUID: randomUUID(), operation: 'upload', media: readFileSync(evil).toString('base64') }]);
  if (r.status !== 200) {
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({ code: 'invalidMedia', parameter: 'media', message: expect.stringMatching(/MP4\/MOV or MKV\/WebM/) });
    return;
  }
  // Accepted: then the result must not show the referenced file (frames outside the segment are the input's).
  const mediaUUID = String(dataItems(r)[0].mediaUUID);
  const task = retakeTask(mediaUUID, {}, { startTime: 2, duration: 2, mode: 'replace_audio' });
  expect((await post(s, [task])).status).toBe(200);
  const done = await pollUntilDone(s, String(task.taskUUID));
  if (done.status !== 'success') return;
  const result = join(dir, `result-${randomUUID()}.mp4`);
  writeFileSync(result, Buffer.from(await (await fetch(String(done.videoURL))).arrayBuffer()));
  // The picture is padded into 1080p, so compare: the carrier's red, not the referenced blue.
  const seen = await meanColourAt(result, 0.5);
  expect(distance(seen, RED)).toBeLessThan(distance(seen, BLUE));
}, 60000);

test('the renderer itself opens nothing but MP4/MOV or Matroska: the playlist file is refused before ffmpeg reads it', async () => {
  await expect(renderRetake(evil, join(dir, 'direct-out.mp4'), 'replace_video', 1, 2)).rejects.toThrow(/not an MP4\/MOV or MKV\/WebM file/);
});

test('the container is told by the first bytes: ISO boxes (MP4/MOV) and EBML (MKV/WebM); playlists, concat lists, TS and images are not', () => {
  const box = (type: string): Buffer => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(type, 'latin1'), Buffer.alloc(16)]);
  expect(sniffContainer(box('ftyp'))).toBe('mp4');
  expect(sniffContainer(box('moov'))).toBe('mp4');
  expect(sniffContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]))).toBe('mkv');
  for (const text of ['#EXTM3U\n', 'ffconcat version 1.0\n', '\x89PNG\r\n\x1a\n', 'G@\x11\x10\x00\x42\xf0\x25']) {
    expect(sniffContainer(Buffer.from(text, 'latin1'))).toBeUndefined();
  }
  expect(sniffContainer(Buffer.alloc(3))).toBeUndefined();
});

test('an MKV upload is accepted, served as Matroska, and retaken (opened as Matroska)', async () => {
  const mkv = await makeTestClip(join(dir, 'clip.mkv'), { seconds: 4, fps: '25', width: 64, height: 64, pattern: 'color=c=0x00ff00', toneHz: null });
  const r = await post(s, [{ taskType: 'mediaStorage', taskUUID: randomUUID(), operation: 'upload', media: readFileSync(mkv).toString('base64') }]);
  expect(r.status).toBe(200);
  const item = dataItems(r)[0];
  expect(String(item.mediaURL)).toMatch(/\/media\/[0-9a-f-]{36}\.mkv$/);
  expect((await fetch(String(item.mediaURL))).headers.get('content-type')).toBe('video/x-matroska');
  const task = retakeTask(String(item.mediaUUID), {}, { startTime: 1, duration: 2, mode: 'replace_audio' });
  expect((await post(s, [task])).status).toBe(200);
  expect(await pollUntilDone(s, String(task.taskUUID))).toMatchObject({ status: 'success' });
}, 60000);

test('past the uploads kept, the oldest no job needs is dropped (its file too); one a job needs is kept', async () => {
  const clip = readFileSync(await makeTestClip(join(dir, 'small.mp4'), { seconds: 1, fps: '25', width: 32, height: 32, toneHz: null }));
  const needed = new Set<string>();
  const store = new MediaStore(mkdtempSync(join(dir, 'kept-')), () => 'http://127.0.0.1:9', (id) => needed.has(id), { uploads: 2, bytes: clip.length * 10 });
  const stored = async (): Promise<string> => {
    const r = await store.store(clip);
    if ('code' in r) throw new Error(r.message);
    return r.mediaUUID;
  };
  const [first, second] = [await stored(), await stored()];
  const firstFile = store.get(first)!.file;
  needed.add(first);
  const third = await stored();
  expect([store.get(first), store.get(second), store.get(third)].map((r) => r !== undefined)).toEqual([true, false, true]);
  needed.clear();
  await stored();
  expect(store.get(first)).toBeUndefined();
  expect(() => readFileSync(firstFile)).toThrow(/ENOENT/);
  // The byte cap alone: room for two clips only.
  const byBytes = new MediaStore(mkdtempSync(join(dir, 'bytes-')), () => 'http://127.0.0.1:9', () => false, { uploads: 100, bytes: clip.length * 2 });
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const r = await byBytes.store(clip);
    if ('code' in r) throw new Error(r.message);
    ids.push(r.mediaUUID);
  }
  expect(ids.map((id) => byBytes.get(id) !== undefined)).toEqual([false, true, true]);
}, 30000);
