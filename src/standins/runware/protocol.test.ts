import { randomUUID } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { request } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunwareStandIn, startRunwareStandIn } from './server';
import { dataItems, poll, post, retakeTask, uploadFile, wire } from './testKit';
import { makeTestClip } from '../../testing/media';

/**
 * The stand-in as the real API speaks it: the model page's own examples, every documented field of
 * lightricks:3@1, the conflict and not-found codes, ttl, the scripted faults added for the paid-once
 * promise, and control routes only this machine can use.
 */
let s: RunwareStandIn;
let dir: string;
let clip: string;

interface Seed {
  request: Record<string, unknown>;
}
const seeds = (JSON.parse(readFileSync('/work/shared/docs/seed-examples.json', 'utf8')) as { examples: Seed[] }).examples;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runware-protocol-'));
  clip = await makeTestClip(join(dir, 'c6.mp4'), { seconds: 6, fps: '25', width: 160, height: 90, pattern: 'color=c=0x406080' });
  s = await startRunwareStandIn({ generationMs: 50 });
}, 30000);

afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => s.faults.clear());

type WireErr = { code: string; message: string; parameter?: string | string[]; taskUUID?: string; responseContent?: string };
const errorsOf = (r: { json: unknown }): WireErr[] => (r.json as { errors?: WireErr[] }).errors ?? [];

/** Polls until `done` holds for the answer (every 20 ms, at most `ms`). */
async function pollUntil(taskUUID: string, done: (r: Awaited<ReturnType<typeof poll>>) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const r = await poll(s, taskUUID);
    if (done(r)) return r;
    if (Date.now() > until) throw new Error(`condition not met; last answer ${r.status} ${r.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const finished = (r: { json: unknown }) => errorsOf(r).length > 0 || dataItems(r as never)[0]?.status !== 'processing';

describe('the model page examples, verbatim', () => {
  test.each(seeds.map((e, i) => [i, e] as const))('example %i is accepted; its https input cannot be fetched here, so the job fails Runware-style', async (_i, seed) => {
    const before = s.stats.submits;
    const r = await post(s, [seed.request]);
    expect(r.status).toBe(200);
    expect(dataItems(r)).toEqual([{ taskType: 'videoInference', taskUUID: seed.request.taskUUID }]);
    expect(s.stats.submits).toBe(before + 1);
    const failed = await pollUntil(String(seed.request.taskUUID), finished);
    expect(errorsOf(failed)[0]).toMatchObject({ code: 'downloadFailed', taskUUID: seed.request.taskUUID });
    expect(errorsOf(failed)[0].responseContent).toBeTruthy();
  });

  test('the same request on an uploaded clip (no deliveryMethod, includeCost or outputFormat) succeeds with a cost', async () => {
    const media = await uploadFile(s, clip);
    const task = { ...seeds[0].request, taskUUID: randomUUID(), inputs: { video: media.mediaUUID } };
    expect((await post(s, [task])).status).toBe(200);
    const done = dataItems(await pollUntil(String(task.taskUUID), finished))[0];
    expect(done).toMatchObject({ status: 'success', cost: 0.6 }); // $0.10 per uploaded second
  });
});

describe('documented fields of lightricks:3@1', () => {
  test('every optional field of the SDK parameter list is accepted', async () => {
    const media = await uploadFile(s, clip);
    const task = retakeTask(media.mediaUUID, {
      ttl: 3600, includeCost: true, numberResults: 1, outputType: 'URL', outputFormat: 'MP4', outputQuality: 90,
      uploadEndpoint: 'https://example.com/put', webhookURL: 'https://example.com/hook', safety: { checkContent: true },
    });
    const r = await post(s, [task]);
    expect(errorsOf(r)).toEqual([]);
    expect(r.status).toBe(200);
  });

  test('positivePrompt and mode may be absent', async () => {
    const media = await uploadFile(s, clip);
    const task = retakeTask(media.mediaUUID, { positivePrompt: undefined }, { mode: undefined });
    const r = await post(s, [task]);
    expect(errorsOf(r)).toEqual([]);
    expect(r.status).toBe(200);
  });

  test('ttl is honoured: the result URL answers 404 once ttl seconds have passed', async () => {
    const media = await uploadFile(s, clip);
    const task = retakeTask(media.mediaUUID, { ttl: 1 });
    await post(s, [task]);
    const done = dataItems(await pollUntil(String(task.taskUUID), finished))[0];
    const url = String(done.videoURL);
    expect((await fetch(url)).status).toBe(200);
    const until = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < until) {
      status = (await fetch(url)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(404);
  });

  test('a repeated taskUUID of an upload is refused with conflictTaskUUID', async () => {
    const media = await uploadFile(s, clip);
    const task = retakeTask(media.mediaUUID);
    await post(s, [task]);
    const r = await post(s, [{ taskType: 'mediaStorage', taskUUID: task.taskUUID, operation: 'upload', media: readFileSync(clip).toString('base64') }]);
    expect(r.status).toBe(400);
    expect(wire(r).data).toEqual([]);
    expect(errorsOf(r)[0]).toMatchObject({ code: 'conflictTaskUUID', taskUUID: task.taskUUID });
  });
});

describe('scripted faults for the paid-once promise', () => {
  test('placeholderUpload: mediaUUID "1", then getResponse with the upload taskUUID names the real one', async () => {
    s.faults.add({ on: 'upload', fault: { kind: 'placeholderUpload', polls: 2 } });
    const taskUUID = randomUUID();
    const r = await post(s, [{ taskType: 'mediaStorage', taskUUID, operation: 'upload', media: readFileSync(clip).toString('base64') }]);
    expect(dataItems(r)[0]).toMatchObject({ taskUUID, mediaUUID: '1' });
    const answers: unknown[] = [];
    for (let i = 0; i < 3; i++) answers.push(dataItems(await poll(s, taskUUID))[0].mediaUUID);
    expect(answers.slice(0, 2)).toEqual(['1', '1']);
    expect(answers[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await post(s, [retakeTask(String(answers[2]))])).status).toBe(200);
  });

  test('mediaExpired: the submit is refused naming inputs.video, bills nothing, and the media stays gone; a new upload works', async () => {
    const media = await uploadFile(s, clip);
    s.faults.add({ on: 'submit', fault: { kind: 'mediaExpired' } });
    const before = s.stats.submits;
    const r = await post(s, [retakeTask(media.mediaUUID)]);
    expect(r.status).toBe(400);
    expect(wire(r).data).toEqual([]);
    expect(errorsOf(r)[0]).toMatchObject({ code: 'mediaExpired', parameter: 'inputs.video' });
    expect(errorsOf(await post(s, [retakeTask(media.mediaUUID)]))[0].code).toBe('mediaNotFound');
    expect(s.stats.submits).toBe(before);
    const fresh = await uploadFile(s, clip);
    expect((await post(s, [retakeTask(fresh.mediaUUID)])).status).toBe(200);
  });

  test('taskNotFound on the first poll only (onRequest), then the job is there', async () => {
    const media = await uploadFile(s, clip);
    const task = retakeTask(media.mediaUUID);
    await post(s, [task]);
    s.faults.add({ on: 'poll', fault: { kind: 'taskNotFound' }, onRequest: s.stats.polls + 1 });
    const first = await poll(s, String(task.taskUUID));
    expect(first.status).toBe(400);
    expect(errorsOf(first)[0]).toMatchObject({ code: 'taskFailedOrNotFound', taskUUID: task.taskUUID });
    expect((await poll(s, String(task.taskUUID))).status).toBe(200);
  });

  test('hungAck: the submit is processed and billed, the answer never comes', async () => {
    const media = await uploadFile(s, clip);
    s.faults.add({ on: 'submit', fault: { kind: 'hungAck' } });
    const before = s.stats.submits;
    const task = retakeTask(media.mediaUUID);
    const hung = await post(s, [task], s.apiKey, AbortSignal.timeout(500)).then(() => 'answered', (e: Error) => e.name);
    expect(hung).toBe('TimeoutError');
    expect(s.stats.submits).toBe(before + 1);
    expect((await poll(s, String(task.taskUUID))).status).toBe(200);
  });

  test('generationError reported as top-level errors[] naming the task, with responseContent', async () => {
    const media = await uploadFile(s, clip);
    s.faults.add({ on: 'submit', fault: { kind: 'generationError', code: 'inferenceError', reportAs: 'errors', responseContent: 'GPU fell over' } });
    const task = retakeTask(media.mediaUUID);
    await post(s, [task]);
    const failed = await pollUntil(String(task.taskUUID), finished);
    expect(errorsOf(failed)[0]).toMatchObject({ code: 'inferenceError', taskUUID: task.taskUUID, responseContent: 'GPU fell over' });
  });

  test('onRequest fires on exactly that request of its target', async () => {
    const media = await uploadFile(s, clip);
    const next = (await (await fetch(`${s.origin}/__control/stats`)).json()) as { requestCounts: { submit: number } };
    s.faults.add({ on: 'submit', fault: { kind: 'http', status: 503 }, onRequest: next.requestCounts.submit + 2 });
    expect((await post(s, [retakeTask(media.mediaUUID)])).status).toBe(200);
    expect((await post(s, [retakeTask(media.mediaUUID)])).status).toBe(503);
    expect((await post(s, [retakeTask(media.mediaUUID)])).status).toBe(200);
  });
});

describe('control routes: this machine only', () => {
  /** A raw request, so Host and Origin can be set as an attacker would. */
  function raw(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; headers: Record<string, unknown> }> {
    const { port } = new URL(s.origin);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), method, path, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const own = () => new URL(s.origin).host;

  test('answers carry no CORS header, not even to a preflight', async () => {
    const stats = await raw('GET', '/__control/stats', { Host: own() });
    expect(stats.status).toBe(200);
    expect(stats.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await raw('OPTIONS', '/__control/faults', { Host: own(), Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST' });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.status).not.toBe(204);
  });

  test('another Host (DNS rebinding) is refused', async () => {
    const r = await raw('POST', '/__control/faults', { Host: `evil.test:${new URL(s.origin).port}`, 'Content-Type': 'application/json' }, JSON.stringify({ on: 'poll', fault: { kind: 'hang' } }));
    expect(r.status).toBe(403);
    expect(s.faults.pending()).toEqual([]);
  });

  test('another Origin (a web page) is refused, even on a "simple" POST', async () => {
    const r = await raw('POST', '/__control/faults', { Host: own(), Origin: 'http://evil.test', 'Content-Type': 'text/plain' }, JSON.stringify({ on: 'poll', fault: { kind: 'hang' } }));
    expect(r.status).toBe(403);
    expect(s.faults.pending()).toEqual([]);
    const ownOrigin = await raw('POST', '/__control/faults', { Host: own(), Origin: s.origin }, JSON.stringify({ on: 'poll', fault: { kind: 'hang' } }));
    expect(ownOrigin.status).toBe(200);
  });

  test('only POST changes anything', async () => {
    s.faults.add({ on: 'poll', fault: { kind: 'hang' } });
    for (const method of ['GET', 'DELETE', 'PUT']) {
      expect((await raw(method, '/__control/faults/clear', { Host: own() })).status).toBe(404);
    }
    expect(s.faults.pending()).toHaveLength(1);
    expect((await raw('GET', '/__control/generation-ms', { Host: own() })).status).toBe(404);
    expect((await raw('POST', '/__control/faults/clear', { Host: own() })).status).toBe(200);
    expect(s.faults.pending()).toEqual([]);
  });

  test('stats count billed submits and requests per target', async () => {
    const stats = (await (await fetch(`${s.origin}/__control/stats`)).json()) as { submits: number; requestCounts: Record<string, number> };
    expect(stats.submits).toBe(s.stats.submits);
    expect(stats.requestCounts.submit).toBeGreaterThanOrEqual(stats.submits);
  });
});
