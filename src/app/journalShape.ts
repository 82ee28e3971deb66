import { blendFramesSchema } from '../domain/blend';
import { REVIEW_STATES, STAGE_LABELS } from '../domain/job';
import { isRetakeMode } from '../domain/limits';

/**
 * Whether a value read from the journal file has the shape of a JobRecord, as a sentence naming
 * the first field that is wrong (null when it is fine). A file edited by hand, written by another
 * version or damaged on disk must never crash a run: a bad job is set aside, the others kept.
 */
export function jobShapeProblem(value: unknown): string | null {
  if (!isObject(value)) return 'it is not an object';
  for (const key of ['id', 'createdAt', 'updatedAt', 'sequenceId', 'sequenceName'] as const) {
    if (typeof value[key] !== 'string' || (key === 'id' && value[key] === '')) return `its ${key} is not a string`;
  }
  if (typeof value.stage !== 'string' || !(value.stage in STAGE_LABELS)) return `its stage "${String(value.stage)}" is not a known stage`;
  if (!isObject(value.origin) || (value.origin.kind !== 'marks' && value.origin.kind !== 'marker')) return 'its origin is not marks or a marker';
  const planProblem = storedPlanProblem(value.plan);
  if (planProblem) return `its plan ${planProblem}`;
  for (const key of ['mediaUUID', 'taskUUID', 'videoURL', 'takePath', 'exportPreset', 'thumbnail', 'heldBecause'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return `its ${key} is not a string`;
  }
  for (const key of ['submittedAt', 'generatedAt', 'progress', 'costUsd'] as const) {
    if (value[key] !== undefined && !isFiniteNumber(value[key])) return `its ${key} is not a number`;
  }
  if (value.clipsUnder !== undefined && !(Array.isArray(value.clipsUnder) && value.clipsUnder.every((c) => typeof c === 'string'))) return 'its clips under the window are not readable';
  if (value.acknowledged !== undefined && typeof value.acknowledged !== 'boolean') return 'its acknowledged flag is not true or false';
  if (value.takeDeleted !== undefined && typeof value.takeDeleted !== 'boolean') return 'its takeDeleted flag is not true or false';
  if (value.placed !== undefined && !(isObject(value.placed) && typeof value.placed.name === 'string' && typeof value.placed.at === 'string')) {
    return 'its placement is not readable';
  }
  if (value.blendFrames !== undefined && !blendFramesSchema.safeParse(value.blendFrames).success) return 'its blend at cuts is not 0 to 12 frames';
  const notLabelled: unknown = isObject(value.placed) ? value.placed.notLabelled : undefined;
  if (notLabelled !== undefined && !(Array.isArray(notLabelled) && notLabelled.every((n) => n === 'marker' || n === 'metadata'))) {
    return 'its list of labels not written is not readable';
  }
  for (const key of ['blendProblem', 'soundProblem'] as const) {
    const problem: unknown = isObject(value.placed) ? value.placed[key] : undefined;
    if (problem !== undefined && typeof problem !== 'string') return `its placement's ${key === 'blendProblem' ? 'blend' : 'sound'} note is not text`;
  }
  // Absent in journals written before review before placing existed: those load as placed on arrival.
  if (value.review !== undefined && !REVIEW_STATES.includes(value.review as never)) return `its review state "${String(value.review)}" is not known`;
  if (value.error !== undefined && !(isObject(value.error) && typeof value.error.message === 'string' && typeof value.error.category === 'string')) {
    return 'its error is not readable';
  }
  return null;
}

function storedPlanProblem(plan: unknown): string | null {
  if (!isObject(plan)) return 'is missing';
  if (!isRetakeMode(plan.mode)) return `has an unknown mode "${String(plan.mode)}"`;
  if (typeof plan.prompt !== 'string') return 'has no prompt';
  const rate = plan.frameRate;
  if (!isObject(rate) || !isPositiveInteger(rate.num) || !isPositiveInteger(rate.den)) return 'has no readable frame rate';
  if (!isTicks(plan.zeroPoint)) return 'has no readable zero point';
  for (const key of ['marked', 'replaced', 'window', 'takeSource'] as const) {
    const range = plan[key];
    if (!isObject(range) || !isTicks(range.start) || !isTicks(range.end)) return `has no readable ${key} range`;
  }
  for (const key of ['startTime', 'duration', 'clipFrames', 'billedSeconds', 'estimatedCostUsd'] as const) {
    if (!isFiniteNumber(plan[key])) return `has no readable ${key}`;
  }
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositiveInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
// Ticks are stored as decimal strings (BigInt in memory).
const isTicks = (v: unknown): v is string => typeof v === 'string' && /^-?\d{1,30}$/.test(v);
