import { randomUUID } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { inspect } from 'util';
import { tmpdir } from 'os';
import { join } from 'path';
import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import type { InferencePort, RetakeRequest } from '../../app/ports';
import { makeTestClip } from '../../testing/media';
import { RunwareStandIn, startRunwareStandIn } from '../../standins/runware/server';
import { acceleratedClock } from '../../standins/runware/testKit';
import { RunwareClientDeps, createRunwareClient } from './client';
import { caught } from '../../testing/caught';

/**
 * The real client over real HTTP (Node 20's global fetch) against the Runware stand-in: its own
 * hand-written request checks, its own fault scripts. Generation takes 300 ms; the client's sleeps
 * run 100x fast (acceleratedClock), so confirming a "not found" over its grace period takes 0.3 s.
 */
const KEY = 'standin-LEAKCHECK-5b7c1e9d0a';

let s: RunwareStandIn;
let dir: string;
let clipBytes: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runware-client-'));
  const clip = await makeTestClip(join(dir, 'c5.mp4'), { seconds: 5, fps: '25', width: 160, height: 90, pattern: 'color=c=0x808080' });
  clipBytes = new Uint8Array(readFileSync(clip));
  s = await startRunwareStandIn({ generationMs: 300, apiKeys: [KEY] });
}, 60_000);

afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => s.faults.clear());

/** Quick polls (0.1-0.2 s real on the accelerated clock) so each test takes about a second; one test keeps the real cadence. */
const quickCadence = (_elapsed: number, polls: number) => (polls === 0 ? 10_000 : 20_000);

function client(over: Partial<RunwareClientDeps> = {}): { client: InferencePort; logs: string[] } {
  const logs: string[] = [];
  return {
    client: createRunwareClient({
      apiKey: KEY,
      apiUrl: s.url,
      fetch: globalThis.fetch,
      clock: acceleratedClock(100),
      newUUID: randomUUID,
      onLog: (l) => logs.push(l),
      pollDelayMs: quickCadence,
      ...over,
    }),
    logs,
  };
}

function request(video: string, over: Partial<RetakeRequest> = {}): RetakeRequest {
  return { taskUUID: randomUUID(), video, prompt: 'a red balloon drifts across', mode: 'replace_video', startTime: 1, duration: 2, ...over };
}

const isMp4 = (b: Uint8Array) => Buffer.from(b.subarray(4, 8)).toString('latin1') === 'ftyp';

test('upload, submit, follow (real cadence) and download round trip', async () => {
  const { client: c, logs } = client({ pollDelayMs: undefined });
  const before = { ...s.stats };
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  expect(media.mediaUUID).toMatch(/^[0-9a-f-]{36}$/);
  expect(media.mediaURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//);

  const req = request(media.mediaUUID);
  const submittedAt = Date.now();
  await c.submit(req, NEVER_CANCELLED);
  const progress: number[] = [];
  const done = await c.follow(req.taskUUID, { cancel: new CancelToken(), submittedAt, onProgress: (p) => progress.push(p.polls) });
  expect(done.state).toBe('success');
  expect(done.costUsd).toBeCloseTo(0.5, 2); // 5 s uploaded x $0.10
  expect(Date.now() - submittedAt).toBeLessThan(6000); // first poll at 3 s finds it done

  const take = await c.download(done.videoURL, NEVER_CANCELLED);
  expect(isMp4(take)).toBe(true);
  expect(s.stats.uploads - before.uploads).toBe(1);
  expect(s.stats.submits - before.submits).toBe(1);
  expect(s.stats.downloads - before.downloads).toBe(1);
  expect(s.stats.rejected - before.rejected).toBe(0); // the stand-in's own checks accepted every request
  expect(logs.join('\n')).not.toContain(KEY);
}, 30_000);

test('the media URL works as inputs.video too', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  const req = request(media.mediaURL as string, { mode: 'replace_audio_and_video' });
  await c.submit(req, NEVER_CANCELLED);
  const done = await c.follow(req.taskUUID, { cancel: new CancelToken() });
  expect(isMp4(await c.download(done.videoURL, NEVER_CANCELLED))).toBe(true);
}, 30_000);

test('429 with Retry-After on upload: waits, then succeeds', async () => {
  const clock = acceleratedClock(100);
  const { client: c } = client({ clock });
  s.faults.add({ on: 'upload', fault: { kind: 'http', status: 429, retryAfterSeconds: 1 } });
  const uploads = s.stats.uploads;
  const started = clock.now();
  await c.upload(clipBytes, NEVER_CANCELLED);
  expect(clock.now() - started).toBeGreaterThanOrEqual(1000); // waited on the client's clock
  expect(s.stats.uploads).toBe(uploads + 1);
  expect(s.faults.pending()).toHaveLength(0);
}, 30_000);

test('dropAck: the job is found by polling, never submitted twice', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  s.faults.add({ on: 'submit', fault: { kind: 'dropAck' } });
  const submits = s.stats.submits;
  const rejected = s.stats.rejected;
  const req = request(media.mediaUUID);
  await c.submit(req, NEVER_CANCELLED);
  expect(s.stats.submits).toBe(submits + 1);
  expect(s.stats.rejected).toBe(rejected); // no duplicateTaskUUID: nothing was sent again
  const done = await c.follow(req.taskUUID, { cancel: new CancelToken() });
  expect(done.state).toBe('success');
}, 30_000);

test('a submit refused with 503 (not processed) is sent once more with the same taskUUID', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  s.faults.add({ on: 'submit', fault: { kind: 'http', status: 503 } });
  const submits = s.stats.submits;
  const req = request(media.mediaUUID);
  await c.submit(req, NEVER_CANCELLED);
  expect(s.stats.submits).toBe(submits + 1);
  expect(s.stats.submittedTasks[s.stats.submittedTasks.length - 1].taskUUID).toBe(req.taskUUID);
  expect((await c.follow(req.taskUUID, { cancel: new CancelToken() })).state).toBe('success');
}, 30_000);

test('a submit answered with unreadable HTML is checked, not blindly repeated', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  s.faults.add({ on: 'submit', fault: { kind: 'malformed' } }); // not processed by the stand-in
  const req = request(media.mediaUUID);
  await c.submit(req, NEVER_CANCELLED);
  expect((await c.follow(req.taskUUID, { cancel: new CancelToken() })).state).toBe('success');
}, 30_000);

test('polls survive transient faults (503, malformed, data as an object)', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  const req = request(media.mediaUUID);
  await c.submit(req, NEVER_CANCELLED);
  s.faults.add({ on: 'poll', fault: { kind: 'http', status: 503 } });
  s.faults.add({ on: 'poll', fault: { kind: 'malformed' } });
  s.faults.add({ on: 'poll', fault: { kind: 'dataAsObject' }, times: 50 });
  expect((await c.follow(req.taskUUID, { cancel: new CancelToken() })).state).toBe('success');
}, 30_000);

test('a truncated download is retried; a missing result is notFound', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  const req = request(media.mediaUUID);
  await c.submit(req, NEVER_CANCELLED);
  const done = await c.follow(req.taskUUID, { cancel: new CancelToken() });
  s.faults.add({ on: 'download', fault: { kind: 'truncatedDownload' } });
  const downloads = s.stats.downloads;
  expect(isMp4(await c.download(done.videoURL, NEVER_CANCELLED))).toBe(true);
  expect(s.stats.downloads).toBe(downloads + 2);

  s.faults.add({ on: 'download', fault: { kind: 'resultNotFound' } });
  const e = await caught(c.download(done.videoURL, NEVER_CANCELLED));
  expect(e.category).toBe('notFound');
  expect(e.message).toContain(req.taskUUID);
}, 30_000);

test('a generation error ends the follow: the job failed on Runware', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  s.faults.add({ on: 'submit', fault: { kind: 'generationError', code: 'inferenceError', message: 'scripted failure' } });
  const req = request(media.mediaUUID);
  await c.submit(req, NEVER_CANCELLED);
  const e = await caught(c.follow(req.taskUUID, { cancel: new CancelToken() }));
  expect(e.category).toBe('provider');
  expect(e.message).toMatch(/the job failed on Runware/i);
  expect(e.message).toContain('scripted failure');
}, 30_000);

test("the stand-in's own validation comes back as a validation error naming the parameter", async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  const e = await caught(c.submit(request(media.mediaUUID, { startTime: 4, duration: 3 }), NEVER_CANCELLED));
  expect(e.category).toBe('validation');
  expect(e.message).toContain('providerSettings.lightricks.');
}, 30_000);

test('402 on submit is thrown at once, never retried', async () => {
  const { client: c } = client();
  const media = await c.upload(clipBytes, NEVER_CANCELLED);
  s.faults.add({ on: 'submit', fault: { kind: 'http', status: 402 } });
  const polls = s.stats.polls;
  const e = await caught(c.submit(request(media.mediaUUID), NEVER_CANCELLED));
  expect(e.category).toBe('quota');
  expect(s.stats.polls).toBe(polls);
}, 30_000);

test('a wrong key is an auth error that does not contain the key', async () => {
  const wrong = 'WRONG-KEY-3f9a8b7c6d';
  const { client: c } = client({ apiKey: wrong });
  const e = await caught(c.upload(clipBytes, NEVER_CANCELLED));
  expect(e.category).toBe('auth');
  expect(inspect(e, { depth: 10, showHidden: true })).not.toContain(wrong);
}, 30_000);

test('an unknown task is notFound', async () => {
  const { client: c } = client();
  expect((await caught(c.status(randomUUID()))).category).toBe('notFound');
}, 30_000);
