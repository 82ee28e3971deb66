/**
 * Blend at cuts: a video cross-dissolve on each edge of a placed take, so the original under it
 * dissolves into the take and back. Premiere's API offers video transitions only
 * (TransitionFactory, VideoClipTrackItem.createAddVideoTransitionAction); there is no audio
 * transition, so the sound is cut hard.
 *
 * Its own undo step, right after the placement: an add-transition action is made on a track item,
 * and the take's track item exists only once the placement's transaction has committed.
 */
import type { Ticks } from '../../domain/time';
import { commit } from './projectAccess';
import type { PAddTransitionOptions, PProject, PVideoClipTrackItem, PremiereSubset } from './subset';

export const BLEND_UNDO_LABEL = 'LTX Retake: blend take at cuts';

export type ClipEdge = 'start' | 'end';

/**
 * The cross-dissolve's match name. No UXP document or sample names one (the sample panel takes
 * whatever getVideoTransitionMatchNames lists first); Adobe's own C++ source for Premiere's
 * rough-cut XML exchange, published on GitHub, calls it "AE.ADBE Cross Dissolve New". When this
 * Premiere does not list that name, any listed name with "cross dissolve" in it is used; "Check
 * this Premiere" shows which one this Premiere has.
 */
export const CROSS_DISSOLVE_MATCH_NAME = 'AE.ADBE Cross Dissolve New';

export function crossDissolveMatchName(available: string[]): string | null {
  if (available.includes(CROSS_DISSOLVE_MATCH_NAME)) return CROSS_DISSOLVE_MATCH_NAME;
  return available.find((name) => /cross dissolve/i.test(name)) ?? null;
}

/**
 * Unconfirmed: what AddTransitionOptions' alignment numbers mean (the reference gives no values).
 * Assumed: the cut's place in the transition, 0 = starts at the cut, 1 = ends at the cut, so each
 * dissolve lies on the take's own frames. Single-sided, because the take's lane may hold another
 * take right beside it; the dissolve then shows the track below through the take (also
 * unconfirmed, and not measured: "Check this Premiere" reads back only where each one landed).
 */
export const DISSOLVE_ALIGNMENT: Readonly<Record<ClipEdge, number>> = Object.freeze({ start: 0, end: 1 });

export function dissolveOptions(ppro: PremiereSubset, edge: ClipEdge, duration: Ticks): PAddTransitionOptions {
  return ppro
    .AddTransitionOptions()
    .setApplyToStart(edge === 'start')
    .setForceSingleSided(true)
    .setTransitionAlignment(DISSOLVE_ALIGNMENT[edge])
    .setDuration(ppro.TickTime.createWithTicks(duration.toString()));
}

/**
 * Adds a `frames`-long cross-dissolve at both edges of each video item of the placed take, in one
 * undo step. Returns null when done (or nothing to do), else the sentence saying what the editor
 * has instead; the take stays placed either way.
 */
export async function blendTakeEdges(ppro: PremiereSubset, project: PProject, items: PVideoClipTrackItem[], frames: number, ticksPerFrame: Ticks): Promise<string | null> {
  if (frames <= 0 || items.length === 0) return null;
  const byHand = `The take is placed with hard cuts: add ${frames}-frame cross-dissolves at its edges by hand if you want them.`;
  const matchName = await ppro.TransitionFactory.getVideoTransitionMatchNames().then(crossDissolveMatchName, () => null);
  if (!matchName) return `This Premiere lists no cross-dissolve transition. ${byHand}`;
  const duration = BigInt(frames) * ticksPerFrame;
  let ok = false;
  try {
    // One transition and its options per edge, made before the lock as in Adobe's sample (transition.ts).
    const edges = items.flatMap((item) =>
      (['start', 'end'] as const).map((edge) => ({ item, transition: ppro.TransitionFactory.createVideoTransition(matchName), options: dissolveOptions(ppro, edge, duration) })),
    );
    ok = commit(project, BLEND_UNDO_LABEL, () => edges.map(({ item, transition, options }) => item.createAddVideoTransitionAction(transition, options)));
  } catch {
    ok = false;
  }
  return ok ? null : `Premiere refused the cross-dissolves. ${byHand}`;
}
