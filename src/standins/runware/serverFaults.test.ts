import { randomUUID } from 'crypto';
import { get } from 'http';
import { FaultScript } from './faults';
import type { RunwareStandIn } from './server';
import { StandInWithClip, dataItems, firstError, poll, pollUntilDone, post, retakeTask, useStandInWithClip, uploadFile, wire } from './testKit';

/** The stand-in's scripted faults, over real HTTP: each fires as scripted and is then used up. */
let s: RunwareStandIn;
let clip5: string;
let media5: StandInWithClip['media5'];
useStandInWithClip((f) => ({ s, clip5, media5 } = f));

describe('faults', () => {
  test('http: status, code, parameter, Retry-After, fired `times` times then used up', async () => {
    s.faults.add({ on: 'upload', fault: { kind: 'http', status: 503, retryAfterSeconds: 2 }, times: 2 });
    s.faults.add({ on: 'poll', fault: { kind: 'http', status: 429, code: 'tooManyRequests', parameter: ['a', 'b'] } });
    for (let i = 0; i < 2; i++) {
      const r = await post(s, [{ taskType: 'mediaStorage', taskUUID: randomUUID(), operation: 'upload', media: 'AAAA' }]);
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(firstError(r)).toMatchObject({ code: 'serviceUnavailable', taskType: 'mediaStorage' });
    }
    const ok = await uploadFile(s, clip5);
    expect(ok.mediaUUID).toEqual(expect.any(String));
    const p = await poll(s, randomUUID());
    expect(p.status).toBe(429);
    expect(firstError(p)).toMatchObject({ code: 'tooManyRequests', parameter: ['a', 'b'] });
    expect((await poll(s, randomUUID())).status).toBe(400);
  });

  test('http on submit does not start the job', async () => {
    s.faults.add({ on: 'submit', fault: { kind: 'http', status: 500 } });
    const before = s.stats.submits;
    const task = retakeTask(media5.mediaUUID);
    const r = await post(s, [task]);
    expect(r.status).toBe(500);
    expect(s.stats.submits).toBe(before);
    expect(firstError(await poll(s, String(task.taskUUID))).code).toBe('taskFailedOrNotFound');
  });

  test('hang: never answers; the next request is served', async () => {
    s.faults.add({ on: 'poll', fault: { kind: 'hang' } });
    const hung = await poll(s, randomUUID(), AbortSignal.timeout(400)).then(() => 'answered', (e: Error) => e.name);
    expect(hung).toBe('TimeoutError');
    expect((await poll(s, randomUUID())).status).toBe(400);
  });

  test('malformed: 200 with a non-JSON body', async () => {
    s.faults.add({ on: 'any', fault: { kind: 'malformed' } });
    const r = await poll(s, randomUUID());
    expect(r.status).toBe(200);
    expect(r.json).toBeUndefined();
    expect(r.text.length).toBeGreaterThan(0);
  });

  test('dropAck: 502 with an empty body, yet the job runs and can be polled to success', async () => {
    s.faults.add({ on: 'submit', fault: { kind: 'dropAck' } });
    const before = s.stats.submits;
    const task = retakeTask(media5.mediaUUID);
    const r = await post(s, [task]);
    expect(r.status).toBe(502);
    expect(r.text).toBe('');
    expect(s.stats.submits).toBe(before + 1);
    const done = await pollUntilDone(s, String(task.taskUUID));
    expect(done.status).toBe('success');
  }, 20000);

  test('generationError with promptIncludes fails only the marked job', async () => {
    s.faults.add({ on: 'submit', promptIncludes: 'FAIL', fault: { kind: 'generationError', code: 'contentPolicyViolation', message: 'nope' } });
    const good = retakeTask(media5.mediaUUID, { positivePrompt: 'fine' });
    const bad = retakeTask(media5.mediaUUID, { positivePrompt: 'please FAIL this one' });
    const r = await post(s, [good, bad]);
    expect(r.status).toBe(200);
    const [g, b] = await Promise.all([pollUntilDone(s, String(good.taskUUID)), pollUntilDone(s, String(bad.taskUUID))]);
    expect(g.status).toBe('success');
    expect(b).toEqual({ taskType: 'videoInference', taskUUID: bad.taskUUID, status: 'error', error: { code: 'contentPolicyViolation', message: 'nope' } });
  }, 20000);

  test('promptIncludes on an http fault spares other prompts', async () => {
    s.faults.add({ on: 'submit', promptIncludes: 'marked', fault: { kind: 'http', status: 400, code: 'invalidPositivePrompt', parameter: 'positivePrompt' } });
    expect((await post(s, [retakeTask(media5.mediaUUID, { positivePrompt: 'plain' })])).status).toBe(200);
    const r = await post(s, [retakeTask(media5.mediaUUID, { positivePrompt: 'the marked one' })]);
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({ code: 'invalidPositivePrompt', parameter: 'positivePrompt' });
  });

  test('dataAsObject: data is an object, not an array', async () => {
    const task = retakeTask(media5.mediaUUID);
    await post(s, [task]);
    s.faults.add({ on: 'poll', fault: { kind: 'dataAsObject' } });
    const r = await poll(s, String(task.taskUUID));
    expect(r.status).toBe(200);
    expect(wire(r).data).toMatchObject({ taskType: 'videoInference', taskUUID: task.taskUUID });
    expect(Array.isArray(wire(r).data)).toBe(false);
  });

  describe('downloads', () => {
    let videoURL: string;
    let size: number;
    beforeAll(async () => {
      const task = retakeTask(media5.mediaUUID);
      await post(s, [task]);
      const done = await pollUntilDone(s, String(task.taskUUID));
      videoURL = String(done.videoURL);
      const head = await fetch(videoURL, { method: 'HEAD' });
      size = Number(head.headers.get('content-length'));
      expect(size).toBeGreaterThan(1000);
    }, 20000);

    test('resultNotFound: 404 once, then the file', async () => {
      s.faults.add({ on: 'download', fault: { kind: 'resultNotFound' } });
      expect((await fetch(videoURL)).status).toBe(404);
      const r = await fetch(videoURL);
      expect(r.status).toBe(200);
      expect((await r.arrayBuffer()).byteLength).toBe(size);
    });

    test('truncatedDownload: full Content-Length, half the bytes, then the connection ends', async () => {
      s.faults.add({ on: 'download', fault: { kind: 'truncatedDownload' } });
      const got = await new Promise<{ length: number; declared: number; complete: boolean }>((resolve) => {
        get(videoURL, (res) => {
          let length = 0;
          res.on('data', (c: Buffer) => (length += c.length));
          res.on('close', () => resolve({ length, declared: Number(res.headers['content-length']), complete: res.complete }));
          res.on('error', () => undefined);
        });
      });
      expect(got).toEqual({ length: Math.floor(size / 2), declared: size, complete: false });
      await expect(fetch(videoURL).then((r) => r.arrayBuffer())).resolves.toHaveProperty('byteLength', size);
    });

    test('http and malformed on download', async () => {
      s.faults.add({ on: 'download', fault: { kind: 'http', status: 503 } });
      s.faults.add({ on: 'download', fault: { kind: 'malformed' } });
      expect((await fetch(videoURL)).status).toBe(503);
      const m = await fetch(videoURL);
      expect(m.status).toBe(200);
      expect(m.headers.get('content-type')).toBe('text/html');
    });

    test('a result URL that does not exist is a 404', async () => {
      expect((await fetch(`${s.origin}/results/${randomUUID()}.mp4`)).status).toBe(404);
    });
  });

  test('add() refuses faults that could never fire', () => {
    const f = new FaultScript();
    expect(() => f.add({ on: 'upload', fault: { kind: 'dropAck' } })).toThrow(/cannot fire on upload/);
    expect(() => f.add({ on: 'poll', fault: { kind: 'truncatedDownload' } })).toThrow(TypeError);
    expect(() => f.add({ on: 'upload', promptIncludes: 'x', fault: { kind: 'hang' } })).toThrow(/no prompt/);
    expect(() => f.add({ on: 'any', fault: { kind: 'http', status: 99 } })).toThrow(/status/);
    expect(f.pending()).toEqual([]);
  });

  test('HTTP control: faults, stats, generation-ms', async () => {
    const add = await fetch(`${s.origin}/__control/faults`, {
      method: 'POST', body: JSON.stringify([{ on: 'poll', fault: { kind: 'http', status: 502 }, times: 3 }]),
    });
    expect(add.status).toBe(200);
    expect(s.faults.pending()).toHaveLength(1);
    expect((await poll(s, randomUUID())).status).toBe(502);
    const bad = await fetch(`${s.origin}/__control/faults`, { method: 'POST', body: JSON.stringify({ on: 'nowhere', fault: { kind: 'hang' } }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${s.origin}/__control/faults/clear`, { method: 'POST' })).status).toBe(200);
    expect(s.faults.pending()).toEqual([]);
    expect((await poll(s, randomUUID())).status).toBe(400);

    const stats = (await (await fetch(`${s.origin}/__control/stats`)).json()) as { uploads: number; polls: number };
    expect(stats.uploads).toBe(s.stats.uploads);
    expect(stats.polls).toBe(s.stats.polls);

    const gm = await fetch(`${s.origin}/__control/generation-ms`, { method: 'POST', body: JSON.stringify({ ms: 60000 }) });
    expect(gm.status).toBe(200);
    const task = retakeTask(media5.mediaUUID);
    await post(s, [task]);
    const mid = dataItems(await poll(s, String(task.taskUUID)))[0];
    expect(mid).toMatchObject({ status: 'processing', progress: 0 });
    s.setGenerationMs(100);
    expect((await pollUntilDone(s, String(task.taskUUID))).status).toBe('success');
  }, 20000);
});
