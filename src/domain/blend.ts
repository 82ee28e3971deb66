import { z } from 'zod';

/** Blend at cuts: the longest cross-dissolve at each edge of a take, whole frames. */
export const BLEND_FRAMES_MAX = 12;

/** A blend length: 0 (hard cuts) to BLEND_FRAMES_MAX whole frames. */
export const blendFramesSchema = z.number().int().min(0).max(BLEND_FRAMES_MAX);
