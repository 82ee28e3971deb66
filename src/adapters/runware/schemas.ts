import { z } from 'zod';
import { MODEL_ID, RETAKE_LIMITS, RETAKE_MODES } from '../../domain/limits';

/**
 * The wire contract with Runware (shared/docs/runware-api.md), as zod schemas.
 * Strict for what we send: an unknown or forbidden field is a bug caught before it costs money.
 * Lenient for what we receive: extra fields pass, unknown statuses mean "still running", and only
 * what we actually use is required. These types stay inside adapters/runware.
 */

// ---------------------------------------------------------------- outgoing (strict)

const taskUUID = z.string().uuid();

/** Whole seconds unless RETAKE_LIMITS says fractions are accepted (unconfirmed, so off). */
const seconds = RETAKE_LIMITS.fractionalTiming ? z.number().finite() : z.number().int();

export const mediaUploadTaskSchema = z
  .object({
    taskType: z.literal('mediaStorage'),
    taskUUID,
    operation: z.literal('upload'),
    /** Raw base64 (what the official SDK sends; the server sniffs the format). */
    media: z.string().min(1),
  })
  .strict();
export type MediaUploadTask = z.infer<typeof mediaUploadTaskSchema>;

/**
 * The retake submit. Exactly these fields: negativePrompt, seed, width, height, fps and a top-level
 * duration are not part of this model's schema, and `.strict()` refuses them.
 */
export const videoInferenceTaskSchema = z
  .object({
    taskType: z.literal('videoInference'),
    taskUUID,
    model: z.literal(MODEL_ID),
    deliveryMethod: z.literal('async'),
    includeCost: z.literal(true),
    outputType: z.literal('URL'),
    outputFormat: z.literal('MP4'),
    ttl: z.number().int().positive(),
    positivePrompt: z.string().trim().min(1).max(RETAKE_LIMITS.maxPromptChars),
    providerSettings: z
      .object({
        lightricks: z
          .object({
            startTime: seconds.min(0),
            duration: seconds.positive(),
            mode: z.enum(RETAKE_MODES),
          })
          .strict(),
      })
      .strict(),
    inputs: z.object({ video: z.string().min(1) }).strict(),
  })
  .strict();
export type VideoInferenceTask = z.infer<typeof videoInferenceTaskSchema>;

export const getResponseTaskSchema = z
  .object({
    taskType: z.literal('getResponse'),
    taskUUID,
  })
  .strict();
export type GetResponseTask = z.infer<typeof getResponseTaskSchema>;

// ---------------------------------------------------------------- incoming (lenient)

/** One entry of `errors`: only code and message matter, and even they may be missing. */
export const apiErrorSchema = z
  .object({
    code: z.string().catch('unknown').default('unknown'),
    message: z.string().catch('').default(''),
    parameter: z.union([z.string(), z.array(z.string())]).optional().catch(undefined),
    taskType: z.string().optional().catch(undefined),
    taskUUID: z.string().optional().catch(undefined),
    /** The provider's own account of a failed job (string or object), as Runware's ComfyUI nodes read it. */
    responseContent: z.unknown().optional(),
  })
  .passthrough();
export type ApiError = z.infer<typeof apiErrorSchema>;

const itemSchema = z
  .object({
    taskType: z.string().optional().catch(undefined),
    taskUUID: z.string().optional().catch(undefined),
  })
  .passthrough();
export type ResponseItem = z.infer<typeof itemSchema>;

/**
 * The envelope of every answer: `data` (an array, or an object on some old endpoints) and/or
 * `errors`. Normalised so `data` is always an array and `errors` always present.
 */
export const envelopeSchema = z
  .object({
    data: z.union([z.array(itemSchema), itemSchema]).optional(),
    errors: z.array(apiErrorSchema).optional(),
  })
  .passthrough()
  .refine((e) => e.data !== undefined || e.errors !== undefined, { message: 'neither "data" nor "errors"' })
  .transform((e) => ({
    data: e.data === undefined ? [] : Array.isArray(e.data) ? e.data : [e.data],
    errors: e.errors ?? [],
  }));
export type Envelope = z.output<typeof envelopeSchema>;

/**
 * The mediaStorage upload answer item (and getResponse about an upload). `mediaUUID` may be a
 * placeholder ("1": still processing, as Runware's ComfyUI nodes read it): see isRealMediaUUID.
 */
export const uploadItemSchema = z
  .object({
    taskUUID: z.string().optional(),
    mediaUUID: z.string().optional().catch(undefined),
    mediaURL: z.string().min(1).optional().catch(undefined),
  })
  .passthrough();

const mediaUUIDSchema = z.string().uuid();

/** Only a real UUID is ever stored or submitted as inputs.video; anything else is a placeholder. */
export function isRealMediaUUID(v: string | undefined): v is string {
  return mediaUUIDSchema.safeParse(v).success;
}

/** The videoInference acknowledgement: it echoes the taskUUID. */
export const ackItemSchema = z.object({ taskUUID: z.string().min(1) }).passthrough();

const optionalNumber = z
  .union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/).transform(Number)])
  .optional()
  .catch(undefined);

/**
 * One getResponse item. `status` is processing | success | error; anything else (older docs said
 * "pending"), or none at all, means the job is still running.
 */
export const pollItemSchema = z
  .object({
    taskUUID: z.string().optional().catch(undefined),
    status: z.string().optional().catch(undefined),
    progress: optionalNumber,
    videoURL: z.string().optional().catch(undefined),
    videoUUID: z.string().optional().catch(undefined),
    cost: optionalNumber,
    error: z
      .object({ code: z.string().optional().catch(undefined), message: z.string().optional().catch(undefined) })
      .passthrough()
      .optional()
      .catch(undefined),
  })
  .passthrough();
export type PollItem = z.infer<typeof pollItemSchema>;

/** A success item must carry a result URL we can fetch. */
export const successItemSchema = pollItemSchema.extend({
  status: z.literal('success'),
  // No z.string().url(): it calls the URL constructor, which UXP does not document (a paid result would be refused).
  videoURL: z.string().regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, 'videoURL must be an http(s) URL'),
});
