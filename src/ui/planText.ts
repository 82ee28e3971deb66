import type { Crossing } from '../domain/crossings';
import { RetakePlan } from '../domain/plan';
import { FrameRate, TICKS_PER_SECOND, Ticks } from '../domain/time';
import { seconds, timecode } from './format';

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

/**
 * The cuts and gaps inside the uploaded window, naming the clips: said before anything is spent,
 * because the model takes the whole window as one shot. Null when there are none.
 */
export function crossingText(crossings: Crossing[], rate: FrameRate, zeroPoint: Ticks): string | null {
  if (crossings.length === 0) return null;
  const track = (c: Crossing) => `${c.kind === 'video' ? 'V' : 'A'}${c.trackIndex + 1}`;
  const parts = crossings.map((c) =>
    c.type === 'cut'
      ? `a cut on ${track(c)} at ${timecode(c.at, rate, zeroPoint)} (“${c.before}” to “${c.after}”)`
      : `a gap on ${track(c)} at ${timecode(c.range.start, rate, zeroPoint)}${c.before ? ` after “${c.before}”` : ''}${c.after ? `${c.before ? ',' : ''} before “${c.after}”` : ''}`,
  );
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `The uploaded range crosses ${list}: the model sees both sides as one shot and blends them. Mark inside one shot, or lower the context, to avoid it.`;
}

/**
 * Said before a picture mode spends anything on a sequence that is neither 16:9 nor 9:16: LTX-2
 * answers 1920x1080 or 1080x1920 only (runware-api.md, from Lightricks' API), and what Runware
 * does with other shapes (pads, crops or stretches) is not known. Null for 16:9 and 9:16.
 */
export function frameShapeText(frame: { width: number; height: number }, touchesPicture: boolean): string | null {
  if (!touchesPicture || frame.width <= 0 || frame.height <= 0) return null;
  const ratio = frame.width / frame.height;
  const near = (r: number) => Math.abs(ratio / r - 1) < 0.01;
  if (near(16 / 9) || near(9 / 16)) return null;
  return `This ${frame.width}x${frame.height} sequence is not 16:9: LTX-2 answers 1920x1080 or 1080x1920 pictures only, so the take may come back padded, cropped or stretched, and is scaled to fit the frame. Check the first take before running many.`;
}
