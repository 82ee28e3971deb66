/**
 * Probe of blend at cuts on the scratch timeline: which cross-dissolve this Premiere lists, and
 * whether the plugin's options (blend.ts: single-sided, its alignments) put a dissolve on the
 * clip's own frames at each edge. The dissolves are read back through the track's
 * TrackItemType.TRANSITION items where Premiere lists them, then removed again. Whether the
 * picture blends with the track below is not measured (nothing here can look at a frame).
 */
import { ticksPerFrame } from '../../../domain/time';
import type { Ticks } from '../../../domain/time';
import { BLEND_UNDO_LABEL, ClipEdge, CROSS_DISSOLVE_MATCH_NAME, crossDissolveMatchName, dissolveOptions } from '../blend';
import type { PVideoClipTrackItem } from '../subset';
import { trackAt } from '../takeLanes';
import { ticksOf } from '../timeConvention';
import { everything } from './editProbes';
import { CheckContext, Probe, answer } from './probe';
import { SELF_CHECK_CLIP } from './scratch';
import { scratchSequence } from './timingProbes';

const PROBE_FRAMES = 4;
const EDGES: ClipEdge[] = ['start', 'end'];

export const transitionProbe: Probe = {
  rows: [
    { id: 'dissolveName', title: 'Cross-dissolve match name', expected: `TransitionFactory.getVideoTransitionMatchNames lists "${CROSS_DISSOLVE_MATCH_NAME}" (or another "Cross Dissolve")` },
    {
      id: 'dissolveEdges',
      title: 'Cross-dissolves at both edges of a clip',
      expected: `"${BLEND_UNDO_LABEL}"'s actions (single-sided, ${PROBE_FRAMES} frames) are accepted for both edges of a clip on an upper track, lie on the clip's first and last ${PROBE_FRAMES} frames, and can be removed again`,
    },
  ],
  run: async (c) => {
    const names = await c.ppro.TransitionFactory.getVideoTransitionMatchNames();
    const matchName = crossDissolveMatchName(names);
    const nameRow = matchName
      ? answer(matchName === CROSS_DISSOLVE_MATCH_NAME ? 'pass' : 'differs', `"${matchName}" used (of ${names.length} listed)`)
      : answer('failed', `no cross-dissolve among the ${names.length} names listed (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`);
    if (!matchName) return { dissolveName: nameRow, dissolveEdges: answer('failed', 'not run: no cross-dissolve to add') };

    // The upper-most video clip of the scratch timeline (the insert probe put one on a new track).
    const [target] = (await everything(c)).filter((p) => p.kind === 'video').sort((a, b) => b.index - a.index);
    if (!target || target.index === 0) return { dissolveName: nameRow, dissolveEdges: answer('failed', 'not run: no clip on an upper video track') };
    const item = target.item as PVideoClipTrackItem; // an item of a video track
    const frame = ticksPerFrame(SELF_CHECK_CLIP.rate);
    const duration = BigInt(PROBE_FRAMES) * frame;
    const edges = EDGES.map((edge) => ({ transition: c.ppro.TransitionFactory.createVideoTransition(matchName), options: dissolveOptions(c.ppro, edge, duration) }));
    const added = c.project.commit('add cross-dissolves', () => edges.map((e) => item.createAddVideoTransitionAction(e.transition, e.options)));
    if (!added) return { dissolveName: nameRow, dissolveEdges: answer('failed', 'Premiere refused the add-transition actions') };

    const read = await readTransitions(c, target.index).catch((e: unknown) => `could not be read back (${e instanceof Error ? e.message : String(e)})`);
    const position = c.ppro.Constants.TransitionPosition;
    const removed = c.project.commit('remove cross-dissolves', () => [item.createRemoveVideoTransitionAction(position.START), item.createRemoveVideoTransitionAction(position.END)]);
    const left = typeof read === 'string' ? null : (await readTransitions(c, target.index).catch(() => null))?.length ?? null;
    const removal = !removed ? 'Premiere refused to remove them (the scratch is deleted anyway)' : left === null ? 'removed (not read back)' : `removed, ${left} left`;
    if (typeof read === 'string') return { dissolveName: nameRow, dissolveEdges: answer('differs', `accepted; the dissolves ${read}; ${removal}`) };

    const frames = (t: Ticks) => Number((t - target.start) / frame);
    const wanted = [
      { start: target.start, end: target.start + duration },
      { start: target.end - duration, end: target.end },
    ];
    const onTheClip = wanted.every((w) => read.some((r) => r.start === w.start && r.end === w.end));
    const seen = read.map((r) => `[${frames(r.start)}, ${frames(r.end)})`).join(' and ') || 'none';
    const clipFrames = frames(target.end);
    return {
      dissolveName: nameRow,
      dissolveEdges: answer(
        onTheClip && read.length === 2 && removed && left === 0 ? 'pass' : 'differs',
        `accepted; ${read.length} dissolve(s) at frames ${seen} of a ${clipFrames}-frame clip; ${removal}`,
      ),
    };
  },
};

async function readTransitions(c: CheckContext, trackIndex: number): Promise<Array<{ start: Ticks; end: Ticks }>> {
  const track = await trackAt(scratchSequence(c), 'video', trackIndex);
  const out: Array<{ start: Ticks; end: Ticks }> = [];
  for (const t of track.getTrackItems(c.ppro.Constants.TrackItemType.TRANSITION, false)) {
    out.push({ start: ticksOf(await t.getStartTime()), end: ticksOf(await t.getEndTime()) });
  }
  return out;
}
