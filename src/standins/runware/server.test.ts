import { randomUUID } from 'crypto';
import { join } from 'path';
import { RunwareStandIn, startRunwareStandIn } from './server';
import { makeTestClip } from '../../testing/media';
import { StandInWithClip, dataItems, firstError, poll, pollUntilDone, post, retakeTask, useStandInWithClip, uploadFile, wire } from './testKit';

/** Protocol, validation, billing and shutdown of the Runware stand-in, over real HTTP (its faults: serverFaults.test.ts). */
let s: RunwareStandIn;
let dir: string;
let clip5: string;
let media5: StandInWithClip['media5'];
useStandInWithClip((f) => ({ s, dir, clip5, media5 } = f));

describe('transport', () => {
  test('url and origin', () => {
    expect(s.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.url).toBe(`${s.origin}/v1`);
  });

  test('missing or empty key answers 401 invalidApiKey', async () => {
    for (const key of [null, '']) {
      const r = await post(s, [{ taskType: 'getResponse', taskUUID: randomUUID() }], key);
      expect(r.status).toBe(401);
      expect(firstError(r).code).toBe('invalidApiKey');
    }
  });

  test('with apiKeys only those keys pass; the key is never echoed', async () => {
    const k = await startRunwareStandIn({ apiKeys: ['right-key'] });
    try {
      const wrong = await post(k, [{ taskType: 'getResponse', taskUUID: randomUUID() }], 'wrong-key');
      expect(wrong.status).toBe(401);
      expect(firstError(wrong).code).toBe('invalidApiKey');
      expect(wrong.text).not.toContain('wrong-key');
      const right = await post(k, [{ taskType: 'getResponse', taskUUID: randomUUID() }], 'right-key');
      expect(right.status).toBe(400);
      expect(firstError(right).code).toBe('taskFailedOrNotFound');
    } finally {
      await k.close();
    }
  });

  test('bad JSON, a non-array and an empty array answer 400 invalidRequestBody', async () => {
    for (const body of ['{not json', JSON.stringify({ taskType: 'getResponse' }), '[]']) {
      const r = await post(s, body);
      expect(r.status).toBe(400);
      expect(firstError(r).code).toBe('invalidRequestBody');
    }
  });

  test('unknown taskType answers 400 with parameter taskType', async () => {
    const taskUUID = randomUUID();
    const r = await post(s, [{ taskType: 'imageInference', taskUUID }]);
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({ code: 'unsupportedTaskType', parameter: 'taskType', taskType: 'imageInference', taskUUID });
  });

  test('getResponse for an unknown taskUUID answers 400 taskFailedOrNotFound (the SDK\'s notFound code)', async () => {
    const taskUUID = randomUUID();
    const r = await poll(s, taskUUID);
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({ code: 'taskFailedOrNotFound', parameter: 'taskUUID', taskType: 'getResponse', taskUUID });
  });

  test('a mixed batch answers each task: data for the good ones, errors for the bad', async () => {
    const good = retakeTask(media5.mediaUUID);
    const bad = retakeTask(media5.mediaUUID, { seed: 7 });
    const r = await post(s, [good, bad]);
    expect(r.status).toBe(400);
    expect(dataItems(r)).toEqual([{ taskType: 'videoInference', taskUUID: good.taskUUID }]);
    expect(firstError(r)).toMatchObject({ code: 'unsupportedParameter', parameter: 'seed', taskUUID: bad.taskUUID });
  });
});

describe('mediaStorage upload', () => {
  const upload = (media: string): Promise<import('./testKit').Reply> =>
    post(s, [{ taskType: 'mediaStorage', taskUUID: randomUUID(), operation: 'upload', media }]);

  test('non-video bytes answer 400 invalidMedia', async () => {
    for (const media of [Buffer.from('hello, not a video at all').toString('base64'), 'not base64 !!', 'data:video/mp4;base64,AAAA']) {
      const r = await upload(media);
      expect(r.status).toBe(400);
      expect(firstError(r)).toMatchObject({ code: 'invalidMedia', parameter: 'media' });
    }
  });

  test('over 32 MB answers 400 mediaTooLarge', async () => {
    const r = await upload(Buffer.alloc(32 * 1024 * 1024 + 1, 1).toString('base64'));
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({ code: 'mediaTooLarge', parameter: 'media' });
  });

  test('URLs: only its own are accepted', async () => {
    const foreign = await upload('https://example.com/clip.mp4');
    expect(foreign.status).toBe(400);
    expect(firstError(foreign)).toMatchObject({ code: 'unsupportedMediaURL', parameter: 'media' });
    const own = await upload(media5.mediaURL);
    expect(own.status).toBe(200);
    const item = dataItems(own)[0];
    expect(item).toMatchObject({ taskType: 'mediaStorage', operation: 'upload' });
    expect(item.mediaUUID).not.toBe(media5.mediaUUID);
  });

  test('the media URL serves the uploaded bytes', async () => {
    const r = await fetch(media5.mediaURL);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await r.arrayBuffer()).length).toBe(Number(r.headers.get('content-length')));
  });
});

describe('videoInference validation', () => {
  const L = 'providerSettings.lightricks';
  const rows: Array<[string, () => Record<string, unknown>, string, string | string[]]> = [
    ['fractional startTime', () => retakeTask(media5.mediaUUID, {}, { startTime: 1.5 }), 'invalidStartTime', `${L}.startTime`],
    ['fractional duration', () => retakeTask(media5.mediaUUID, {}, { duration: 2.5 }), 'invalidDuration', `${L}.duration`],
    ['negative startTime', () => retakeTask(media5.mediaUUID, {}, { startTime: -1 }), 'invalidStartTime', `${L}.startTime`],
    ['missing startTime', () => retakeTask(media5.mediaUUID, {}, { startTime: undefined }), 'invalidStartTime', `${L}.startTime`],
    ['duration under 2 s', () => retakeTask(media5.mediaUUID, {}, { startTime: 0, duration: 1 }), 'invalidDuration', `${L}.duration`],
    ['duration over 20 s', () => retakeTask(media5.mediaUUID, {}, { startTime: 0, duration: 21 }), 'invalidDuration', `${L}.duration`],
    ['segment past the clip end', () => retakeTask(media5.mediaUUID, {}, { startTime: 4, duration: 2 }), 'segmentOutOfRange', [`${L}.startTime`, `${L}.duration`]],
    ['negativePrompt', () => retakeTask(media5.mediaUUID, { negativePrompt: 'blur' }), 'unsupportedParameter', 'negativePrompt'],
    ['seed', () => retakeTask(media5.mediaUUID, { seed: 42 }), 'unsupportedParameter', 'seed'],
    ['width and height', () => retakeTask(media5.mediaUUID, { width: 1920, height: 1080 }), 'unsupportedParameter', ['width', 'height']],
    ['fps', () => retakeTask(media5.mediaUUID, { fps: 25 }), 'unsupportedParameter', 'fps'],
    ['top-level duration', () => retakeTask(media5.mediaUUID, { duration: 2 }), 'unsupportedParameter', 'duration'],
    ['unknown field', () => retakeTask(media5.mediaUUID, { strength: 0.5 }), 'unsupportedParameter', 'strength'],
    ['unknown media', () => retakeTask(randomUUID()), 'mediaNotFound', 'inputs.video'],
    ['missing inputs.video', () => retakeTask(''), 'invalidInputs', 'inputs.video'],
    ['bad mode', () => retakeTask(media5.mediaUUID, {}, { mode: 'replace_everything' }), 'invalidMode', `${L}.mode`],
    ['no providerSettings', () => retakeTask(media5.mediaUUID, { providerSettings: undefined }), 'invalidProviderSettings', `${L}`],
    ['wrong model', () => retakeTask(media5.mediaUUID, { model: 'lightricks:2@1' }), 'invalidModel', 'model'],
    ['sync delivery', () => retakeTask(media5.mediaUUID, { deliveryMethod: 'sync' }), 'invalidDeliveryMethod', 'deliveryMethod'],
    ['blank prompt', () => retakeTask(media5.mediaUUID, { positivePrompt: '   ' }), 'invalidPositivePrompt', 'positivePrompt'],
    ['prompt over 5000', () => retakeTask(media5.mediaUUID, { positivePrompt: 'x'.repeat(5001) }), 'invalidPositivePrompt', 'positivePrompt'],
    ['taskUUID not v4', () => retakeTask(media5.mediaUUID, { taskUUID: 'job-1' }), 'invalidTaskUUID', 'taskUUID'],
    ['outputFormat', () => retakeTask(media5.mediaUUID, { outputFormat: 'AVI' }), 'invalidOutputFormat', 'outputFormat'],
    ['includeCost not boolean', () => retakeTask(media5.mediaUUID, { includeCost: 'yes' }), 'invalidIncludeCost', 'includeCost'],
  ];

  const cases = rows.map(([name, make, code, parameter]) => ({ name, make, code, parameter }));
  test.each(cases)('$name answers 400 $code', async ({ make, code, parameter }) => {
    const task = make();
    const r = await post(s, [task]);
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({ code, parameter, taskType: 'videoInference' });
    expect(wire(r).data).toEqual([]);
  });

  test('nothing rejected was accepted as a job', () => {
    // the mixed-batch test accepted exactly one
    expect(s.stats.submits).toBe(1);
  });

  test('a prompt of exactly 5000 characters and a segment ending at the clip end are accepted', async () => {
    const r = await post(s, [retakeTask(media5.mediaUUID, { positivePrompt: 'y'.repeat(5000) }, { startTime: 3, duration: 2 })]);
    expect(r.status).toBe(200);
  });

  test('reusing a taskUUID answers 400 {data: [], errors: [conflictTaskUUID]} and starts nothing', async () => {
    const task = retakeTask(media5.mediaUUID);
    expect((await post(s, [task])).status).toBe(200);
    const before = s.stats.submits;
    const again = await post(s, [task]);
    expect(again.status).toBe(400);
    expect(wire(again).data).toEqual([]);
    expect(firstError(again)).toMatchObject({ code: 'conflictTaskUUID', parameter: 'taskUUID', taskUUID: task.taskUUID });
    expect(s.stats.submits).toBe(before);
  });

  test('clips under 73 frames or over ~21 s are rejected on inputs.video', async () => {
    const short = await makeTestClip(join(dir, 'short.mp4'), { seconds: 2.8, fps: '25', width: 64, height: 36, toneHz: null, pattern: 'color=c=0x000000' });
    const long = await makeTestClip(join(dir, 'long.mp4'), { seconds: 22, fps: '25', width: 64, height: 36, toneHz: null, pattern: 'color=c=0x000000' });
    const [a, b] = await Promise.all([uploadFile(s, short), uploadFile(s, long)]);
    for (const m of [a, b]) {
      const r = await post(s, [retakeTask(m.mediaUUID, {}, { startTime: 0, duration: 2 })]);
      expect(r.status).toBe(400);
      expect(firstError(r)).toMatchObject({ code: 'invalidVideoLength', parameter: 'inputs.video' });
    }
  }, 20000);

  test('allowFractionalTiming accepts fractional seconds', async () => {
    const f = await startRunwareStandIn({ allowFractionalTiming: true, generationMs: 100 });
    try {
      const m = await uploadFile(f, clip5);
      const r = await post(f, [retakeTask(m.mediaUUID, {}, { startTime: 1.5, duration: 2.25 })]);
      expect(r.status).toBe(200);
    } finally {
      await f.close();
    }
  });
});

describe('includeCost and billing', () => {
  test('cost only when includeCost is true; billed on the uploaded clip seconds', async () => {
    // A stand-in of its own: jobs of other tests run on to the end and are billed meanwhile.
    const own = await startRunwareStandIn({ generationMs: 100 });
    try {
      const task = retakeTask((await uploadFile(own, clip5)).mediaUUID, { includeCost: false });
      await post(own, [task]);
      const done = await pollUntilDone(own, String(task.taskUUID));
      expect(done.status).toBe('success');
      expect(done).not.toHaveProperty('cost');
      expect(own.stats.billedSeconds).toBeCloseTo(5, 6);
    } finally {
      await own.close();
    }
  }, 20000);
});
