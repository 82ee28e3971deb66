import {
  envelopeSchema,
  getResponseTaskSchema,
  mediaUploadTaskSchema,
  pollItemSchema,
  successItemSchema,
  videoInferenceTaskSchema,
} from './schemas';

const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

const validSubmit = {
  taskType: 'videoInference',
  taskUUID: UUID,
  model: 'lightricks:3@1',
  deliveryMethod: 'async',
  includeCost: true,
  outputType: 'URL',
  outputFormat: 'MP4',
  ttl: 604800,
  positivePrompt: 'a red car drives by',
  providerSettings: { lightricks: { startTime: 2, duration: 3, mode: 'replace_audio_and_video' } },
  inputs: { video: 'b6b1a1f4-1111-4111-8111-111111111111' },
};

describe('outgoing schemas are strict', () => {
  it('accept the documented submit', () => {
    expect(videoInferenceTaskSchema.safeParse(validSubmit).success).toBe(true);
  });

  it.each(['negativePrompt', 'seed', 'width', 'height', 'fps', 'duration', 'outputQuality', 'numberResults'])(
    'refuse a top-level %s',
    (field) => {
      expect(videoInferenceTaskSchema.safeParse({ ...validSubmit, [field]: 1 }).success).toBe(false);
    },
  );

  it('refuse unknown fields inside providerSettings and inputs', () => {
    const extraLightricks = { ...validSubmit, providerSettings: { lightricks: { ...validSubmit.providerSettings.lightricks, seed: 3 } } };
    expect(videoInferenceTaskSchema.safeParse(extraLightricks).success).toBe(false);
    const otherProvider = { ...validSubmit, providerSettings: { ...validSubmit.providerSettings, google: {} } };
    expect(videoInferenceTaskSchema.safeParse(otherProvider).success).toBe(false);
    const extraInput = { ...validSubmit, inputs: { video: 'x', image: 'y' } };
    expect(videoInferenceTaskSchema.safeParse(extraInput).success).toBe(false);
  });

  it.each([
    ['deliveryMethod', 'sync'],
    ['includeCost', false],
    ['outputFormat', 'WEBM'],
    ['model', 'lightricks:2@1'],
    ['taskUUID', 'not-a-uuid'],
    ['positivePrompt', ''],
    ['positivePrompt', '   '],
    ['positivePrompt', 'x'.repeat(5001)],
  ])('refuse %s = %p', (field, value) => {
    expect(videoInferenceTaskSchema.safeParse({ ...validSubmit, [field]: value }).success).toBe(false);
  });

  it('refuse fractional or negative timing and unknown modes', () => {
    const withLightricks = (l: Record<string, unknown>) => ({
      ...validSubmit,
      providerSettings: { lightricks: { ...validSubmit.providerSettings.lightricks, ...l } },
    });
    expect(videoInferenceTaskSchema.safeParse(withLightricks({ startTime: 1.5 })).success).toBe(false);
    expect(videoInferenceTaskSchema.safeParse(withLightricks({ startTime: -1 })).success).toBe(false);
    expect(videoInferenceTaskSchema.safeParse(withLightricks({ duration: 0 })).success).toBe(false);
    expect(videoInferenceTaskSchema.safeParse(withLightricks({ mode: 'replace_everything' })).success).toBe(false);
    expect(videoInferenceTaskSchema.safeParse(withLightricks({ startTime: 0 })).success).toBe(true);
  });

  it('upload and poll tasks take exactly their fields', () => {
    const upload = { taskType: 'mediaStorage', taskUUID: UUID, operation: 'upload', media: 'AAAA' };
    expect(mediaUploadTaskSchema.safeParse(upload).success).toBe(true);
    expect(mediaUploadTaskSchema.safeParse({ ...upload, media: '' }).success).toBe(false);
    expect(mediaUploadTaskSchema.safeParse({ ...upload, operation: 'delete' }).success).toBe(false);
    expect(mediaUploadTaskSchema.safeParse({ ...upload, extra: 1 }).success).toBe(false);
    expect(getResponseTaskSchema.safeParse({ taskType: 'getResponse', taskUUID: UUID }).success).toBe(true);
    expect(getResponseTaskSchema.safeParse({ taskType: 'getResponse', taskUUID: UUID, x: 1 }).success).toBe(false);
  });
});

describe('incoming schemas are lenient', () => {
  it('normalise data given as an object into an array', () => {
    const parsed = envelopeSchema.parse({ data: { taskUUID: UUID, mediaUUID: 'm' } });
    expect(parsed.data).toEqual([{ taskUUID: UUID, mediaUUID: 'm' }]);
    expect(parsed.errors).toEqual([]);
  });

  it('accept errors with parameter as a string or an array, and fill missing code/message', () => {
    const parsed = envelopeSchema.parse({
      errors: [
        { code: 'invalidDuration', message: 'bad', parameter: 'duration', documentation: 'https://x' },
        { message: 'no code', parameter: ['startTime', 'duration'] },
        { code: 42 },
      ],
    });
    expect(parsed.errors[0].parameter).toBe('duration');
    expect(parsed.errors[1].code).toBe('unknown');
    expect(parsed.errors[1].parameter).toEqual(['startTime', 'duration']);
    expect(parsed.errors[2]).toMatchObject({ code: 'unknown', message: '' });
  });

  it('accept both data and errors (data: [] next to errors, as Runware does)', () => {
    const parsed = envelopeSchema.parse({ data: [], errors: [{ code: 'invalidWidth', message: 'm' }] });
    expect(parsed.errors).toHaveLength(1);
  });

  it('reject an answer with neither data nor errors, or not an object', () => {
    expect(envelopeSchema.safeParse({}).success).toBe(false);
    expect(envelopeSchema.safeParse({ result: [] }).success).toBe(false);
    expect(envelopeSchema.safeParse([]).success).toBe(false);
    expect(envelopeSchema.safeParse('ok').success).toBe(false);
    expect(envelopeSchema.safeParse({ data: 'x' }).success).toBe(false);
  });

  it('read poll items with any status, numeric strings, and junk in optional fields', () => {
    expect(pollItemSchema.parse({ status: 'pending' }).status).toBe('pending');
    expect(pollItemSchema.parse({}).status).toBeUndefined();
    expect(pollItemSchema.parse({ progress: '40' }).progress).toBe(40);
    expect(pollItemSchema.parse({ progress: 'lots' }).progress).toBeUndefined();
    expect(pollItemSchema.parse({ cost: 0.605 }).cost).toBe(0.605);
    expect(pollItemSchema.parse({ error: 'boom' }).error).toBeUndefined();
  });

  it('require an http(s) videoURL on success', () => {
    expect(successItemSchema.safeParse({ status: 'success', videoURL: 'https://vm.runware.ai/v.mp4' }).success).toBe(true);
    expect(successItemSchema.safeParse({ status: 'success' }).success).toBe(false);
    expect(successItemSchema.safeParse({ status: 'success', videoURL: 'ftp://x/y' }).success).toBe(false);
    expect(successItemSchema.safeParse({ status: 'success', videoURL: 'not a url' }).success).toBe(false);
  });
});
