import type { RetakeMode } from './retakeRender';

/**
 * The stand-in's own request checks for LTX-2 Retake on Runware, written by hand (no schema
 * library) so that a bug in the client's schema cannot confirm itself.
 *
 * Every limit lives in LIMITS: when a real call proves one wrong, change that one line.
 */
export const LIMITS = {
  model: 'lightricks:3@1',
  maxPromptChars: 5000,
  minSegmentSeconds: 2,
  maxSegmentSeconds: 20,
  minClipFrames: 73,
  /** About 505 frames at 24 fps; Lightricks says "about 20 s". */
  maxClipSeconds: 21.05,
  maxUploadBytes: 32 * 1024 * 1024,
  pricePerClipSecondUSD: 0.1,
  outputFormats: ['MP4', 'WEBM', 'MOV'] as const,
  modes: ['replace_video', 'replace_audio', 'replace_audio_and_video'] as const,
  minOutputQuality: 20,
  maxOutputQuality: 99,
} as const;

export type OutputFormat = (typeof LIMITS.outputFormats)[number];

/** Fields that are not part of this model's schema; sending them is a client bug. */
export const FORBIDDEN_FIELDS = ['negativePrompt', 'seed', 'width', 'height', 'fps', 'duration'] as const;

/**
 * Top-level fields of a videoInference task for lightricks:3@1: the Python SDK's
 * LightricksLtx2RetakeParams (runware/types/task_map.py), nothing else.
 */
const ALLOWED_FIELDS = new Set([
  'taskType', 'taskUUID', 'model', 'deliveryMethod', 'positivePrompt', 'providerSettings', 'inputs',
  'outputFormat', 'outputType', 'outputQuality', 'includeCost', 'numberResults', 'webhookURL',
  'uploadEndpoint', 'ttl', 'safety',
]);

/**
 * The mode when providerSettings.lightricks.mode is absent (the SDK types providerSettings as an
 * untyped, optional dict). Lightricks' own retake API defaults to replacing both; Runware's default
 * is unconfirmed.
 */
export const DEFAULT_MODE: RetakeMode = 'replace_audio_and_video';
const ALLOWED_LIGHTRICKS = new Set(['mode', 'startTime', 'duration']);
const ALLOWED_INPUTS = new Set(['video']);

export interface ValidationError {
  code: string;
  message: string;
  parameter?: string | string[];
}

export interface RetakeRequest {
  taskUUID: string;
  positivePrompt: string;
  mode: RetakeMode;
  startTime: number;
  duration: number;
  /** inputs.video as sent: a mediaUUID or a URL. */
  video: string;
  outputFormat: OutputFormat;
  includeCost: boolean;
  /** Seconds the result is kept after it is ready; undefined: kept while the stand-in runs. */
  ttl?: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuidV4(v: unknown): v is string {
  return typeof v === 'string' && UUID_V4.test(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(code: string, message: string, parameter?: string | string[]): { ok: false; error: ValidationError } {
  const error: ValidationError = { code, message };
  if (parameter !== undefined) error.parameter = parameter;
  return { ok: false, error };
}

function oneOrMany(list: string[]): string | string[] {
  return list.length === 1 ? list[0] : list;
}

export function checkTaskUUID(task: Record<string, unknown>): ValidationError | undefined {
  if (!isUuidV4(task.taskUUID)) {
    return { code: 'invalidTaskUUID', message: 'taskUUID must be a UUID v4 string.', parameter: 'taskUUID' };
  }
  return undefined;
}

function checkSeconds(
  v: unknown,
  name: 'startTime' | 'duration',
  allowFractional: boolean,
): ValidationError | undefined {
  const parameter = `providerSettings.lightricks.${name}`;
  const code = name === 'startTime' ? 'invalidStartTime' : 'invalidDuration';
  if (v === undefined) return { code, message: `${parameter} is required.`, parameter };
  if (typeof v !== 'number' || !Number.isFinite(v)) return { code, message: `${parameter} must be a number of seconds.`, parameter };
  if (!allowFractional && !Number.isInteger(v)) {
    return { code, message: `${parameter} must be a whole number of seconds (got ${v}).`, parameter };
  }
  if (name === 'startTime' && v < 0) return { code, message: `${parameter} must be >= 0.`, parameter };
  if (name === 'duration' && (v < LIMITS.minSegmentSeconds || v > LIMITS.maxSegmentSeconds)) {
    return {
      code,
      message: `${parameter} must be between ${LIMITS.minSegmentSeconds} and ${LIMITS.maxSegmentSeconds} seconds (got ${v}).`,
      parameter,
    };
  }
  return undefined;
}

/**
 * Checks a videoInference task on its own (the uploaded clip is checked by checkAgainstClip).
 * Reports the first problem found, in this order: taskUUID, fields outside the schema, model,
 * deliveryMethod, positivePrompt, providerSettings, inputs, output options.
 */
export function checkVideoInference(task: Record<string, unknown>, o: { allowFractionalTiming: boolean }): Checked<RetakeRequest> {
  const uuidError = checkTaskUUID(task);
  if (uuidError) return { ok: false, error: uuidError };
  const taskUUID = task.taskUUID as string;

  const forbidden = FORBIDDEN_FIELDS.filter((f) => f in task);
  if (forbidden.length > 0) {
    return fail(
      'unsupportedParameter',
      `${forbidden.join(', ')} ${forbidden.length === 1 ? 'is' : 'are'} not part of the ${LIMITS.model} schema (segment timing goes in providerSettings.lightricks).`,
      oneOrMany([...forbidden]),
    );
  }
  const unknown = Object.keys(task).filter((k) => !ALLOWED_FIELDS.has(k));
  if (unknown.length > 0) {
    return fail('unsupportedParameter', `Unknown parameter(s) for ${LIMITS.model}: ${unknown.join(', ')}.`, oneOrMany(unknown));
  }

  if (task.model !== LIMITS.model) {
    return fail('invalidModel', `This endpoint serves model ${LIMITS.model} only (got ${JSON.stringify(task.model)}).`, 'model');
  }
  // Async is this model's default and only mode: the model page's examples send no deliveryMethod.
  if (task.deliveryMethod !== undefined && task.deliveryMethod !== 'async') {
    return fail('invalidDeliveryMethod', `deliveryMethod must be "async" for ${LIMITS.model}.`, 'deliveryMethod');
  }

  // positivePrompt is optional in the SDK's parameter list; when sent it must say something.
  const prompt = task.positivePrompt ?? '';
  if (typeof prompt !== 'string' || (task.positivePrompt !== undefined && prompt.trim() === '')) {
    return fail('invalidPositivePrompt', 'positivePrompt must be a non-empty string.', 'positivePrompt');
  }
  const promptChars = Array.from(prompt).length;
  if (promptChars > LIMITS.maxPromptChars) {
    return fail('invalidPositivePrompt', `positivePrompt must be at most ${LIMITS.maxPromptChars} characters (got ${promptChars}).`, 'positivePrompt');
  }

  const ps = task.providerSettings;
  if (!isRecord(ps) || !isRecord(ps.lightricks)) {
    return fail('invalidProviderSettings', 'providerSettings.lightricks {mode, startTime, duration} is required.', 'providerSettings.lightricks');
  }
  const otherProviders = Object.keys(ps).filter((k) => k !== 'lightricks');
  if (otherProviders.length > 0) {
    return fail('unsupportedParameter', `Only providerSettings.lightricks applies to ${LIMITS.model}.`, oneOrMany(otherProviders.map((k) => `providerSettings.${k}`)));
  }
  const lt = ps.lightricks;
  const unknownLt = Object.keys(lt).filter((k) => !ALLOWED_LIGHTRICKS.has(k));
  if (unknownLt.length > 0) {
    return fail('unsupportedParameter', `Unknown retake setting(s): ${unknownLt.join(', ')}.`, oneOrMany(unknownLt.map((k) => `providerSettings.lightricks.${k}`)));
  }
  const mode = lt.mode ?? DEFAULT_MODE;
  if (typeof mode !== 'string' || !(LIMITS.modes as readonly string[]).includes(mode)) {
    return fail('invalidMode', `providerSettings.lightricks.mode must be one of ${LIMITS.modes.join(', ')}.`, 'providerSettings.lightricks.mode');
  }
  const startError = checkSeconds(lt.startTime, 'startTime', o.allowFractionalTiming);
  if (startError) return { ok: false, error: startError };
  const durationError = checkSeconds(lt.duration, 'duration', o.allowFractionalTiming);
  if (durationError) return { ok: false, error: durationError };

  const inputs = task.inputs;
  if (!isRecord(inputs) || typeof inputs.video !== 'string' || inputs.video.trim() === '') {
    return fail('invalidInputs', 'inputs.video (a mediaUUID or a media URL) is required.', 'inputs.video');
  }
  const unknownInputs = Object.keys(inputs).filter((k) => !ALLOWED_INPUTS.has(k));
  if (unknownInputs.length > 0) {
    return fail('unsupportedParameter', `Unknown input(s): ${unknownInputs.join(', ')}.`, oneOrMany(unknownInputs.map((k) => `inputs.${k}`)));
  }

  let outputFormat: OutputFormat = 'MP4';
  if (task.outputFormat !== undefined) {
    const f = task.outputFormat;
    if (typeof f !== 'string' || !(LIMITS.outputFormats as readonly string[]).includes(f)) {
      return fail('invalidOutputFormat', `outputFormat must be one of ${LIMITS.outputFormats.join(', ')}.`, 'outputFormat');
    }
    outputFormat = f as OutputFormat;
  }
  if (task.outputType !== undefined) {
    const t = task.outputType;
    const ok = t === 'URL' || (Array.isArray(t) && t.length === 1 && t[0] === 'URL');
    if (!ok) return fail('invalidOutputType', 'outputType must be "URL" for this model.', 'outputType');
  }
  if (task.outputQuality !== undefined) {
    const q = task.outputQuality;
    if (typeof q !== 'number' || !Number.isInteger(q) || q < LIMITS.minOutputQuality || q > LIMITS.maxOutputQuality) {
      return fail('invalidOutputQuality', `outputQuality must be an integer from ${LIMITS.minOutputQuality} to ${LIMITS.maxOutputQuality}.`, 'outputQuality');
    }
  }
  if (task.numberResults !== undefined && task.numberResults !== 1) {
    return fail('invalidNumberResults', 'numberResults must be 1 for this model.', 'numberResults');
  }
  if (task.webhookURL !== undefined && typeof task.webhookURL !== 'string') {
    return fail('invalidWebhookURL', 'webhookURL must be a string.', 'webhookURL');
  }
  if (task.includeCost !== undefined && typeof task.includeCost !== 'boolean') {
    return fail('invalidIncludeCost', 'includeCost must be a boolean.', 'includeCost');
  }
  if (task.uploadEndpoint !== undefined && typeof task.uploadEndpoint !== 'string') {
    return fail('invalidUploadEndpoint', 'uploadEndpoint must be a string.', 'uploadEndpoint');
  }
  if (task.safety !== undefined && !isRecord(task.safety)) {
    return fail('invalidSafety', 'safety must be an object.', 'safety');
  }
  const ttl = task.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1)) {
    return fail('invalidTtl', 'ttl must be a whole number of seconds >= 1.', 'ttl');
  }

  return {
    ok: true,
    value: {
      taskUUID,
      positivePrompt: prompt,
      mode: mode as RetakeMode,
      startTime: lt.startTime as number,
      duration: lt.duration as number,
      video: inputs.video,
      outputFormat,
      // The model page's examples send no includeCost and their answers carry cost.
      includeCost: task.includeCost !== false,
      ...(typeof ttl === 'number' ? { ttl } : {}),
    },
  };
}

export interface ClipFacts {
  /** Video length: frames / frame rate. */
  seconds: number;
  frames: number;
  fps: number;
}

/** Checks the uploaded clip and the segment's position in it. */
export function checkAgainstClip(r: RetakeRequest, clip: ClipFacts): ValidationError | undefined {
  if (clip.frames < LIMITS.minClipFrames) {
    return {
      code: 'invalidVideoLength',
      message: `The input video must have at least ${LIMITS.minClipFrames} frames (it has ${clip.frames}).`,
      parameter: 'inputs.video',
    };
  }
  if (clip.seconds > LIMITS.maxClipSeconds) {
    return {
      code: 'invalidVideoLength',
      message: `The input video must be at most ${LIMITS.maxClipSeconds} s long (it is ${clip.seconds.toFixed(3)} s).`,
      parameter: 'inputs.video',
    };
  }
  const oneFrame = 1 / clip.fps;
  const end = r.startTime + r.duration;
  if (end > clip.seconds + oneFrame + 1e-9) {
    return {
      code: 'segmentOutOfRange',
      message: `startTime + duration (${end} s) is past the end of the input video (${clip.seconds.toFixed(3)} s).`,
      parameter: ['providerSettings.lightricks.startTime', 'providerSettings.lightricks.duration'],
    };
  }
  return undefined;
}

/** USD for a retake: billed on the length of the uploaded clip, rounded to 4 decimals. */
export function retakeCostUSD(clipSeconds: number): number {
  return Math.round(clipSeconds * LIMITS.pricePerClipSecondUSD * 10000) / 10000;
}
