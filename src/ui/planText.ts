import { RetakePlan } from '../domain/plan';
import { TICKS_PER_SECOND, Ticks } from '../domain/time';
import { seconds } from './format';

const secs = (t: Ticks) => Number(t) / Number(TICKS_PER_SECOND);

/**
 * Why the regenerated range is longer than the marks, in the editor's words: the model
 * regenerates whole seconds, so the remainder lands after, before or around the marks (or
 * elsewhere when the sequence edge is in the way; the text follows the plan, not the setting).
 */
export function extraExplanation(plan: RetakePlan): string {
  const before = secs(plan.marked.start - plan.replaced.start);
  const after = secs(plan.replaced.end - plan.marked.end);
  const why = 'the model regenerates whole seconds';
  if (before <= 0 && after <= 0) return 'Exactly the marked range.';
  if (before <= 0) return `+${seconds(after)} after the out point: ${why}.`;
  if (after <= 0) return `+${seconds(before)} before the in point: ${why}.`;
  return `+${seconds(before)} before the in point and +${seconds(after)} after the out point: ${why}.`;
}

/** The context the model sees around the regenerated segment (all of it uploaded and billed). */
export function contextExplanation(plan: RetakePlan): string {
  const head = secs(plan.replaced.start - plan.window.start);
  const tail = secs(plan.window.end - plan.replaced.end);
  if (head <= 0 && tail <= 0) return 'No context around the segment.';
  return `${seconds(head)} of context before, ${seconds(tail)} after.`;
}
