/**
 * Probes of the take-lane edits on the scratch timeline, after the insert probe made new tracks:
 * an overwrite onto an existing track (0-based index, as in Adobe's sample), a track's name
 * action in a transaction, and a track item's disabled state.
 */
import { framesToTicks } from '../../../domain/time';
import type { Action } from '../subset';
import { TAKE_TRACK_NAME, trackAt } from '../takeLanes';
import { ticksOf, timelineToPremiere } from '../timeConvention';
import { everything, same } from './editProbes';
import { Probe, answer, currentBehaviour } from './probe';
import { SELF_CHECK_CLIP } from './scratch';
import { scratchSequence } from './timingProbes';

export const laneProbe: Probe = {
  rows: [
    {
      id: 'overwriteLane',
      title: 'Overwrite onto an existing take track',
      expected: 'createOverwriteItemAction at 0-based track index 1 (free there) places the clip on that track at that time and moves nothing',
    },
    { id: 'trackName', title: "A track's name action", expected: `a track's createSetNameAction("${TAKE_TRACK_NAME}") is accepted in a transaction and renames it` },
    { id: 'disabled', title: 'Disabling a take', expected: 'createSetDisabledAction(true) leaves the clip where it is and it reads disabled' },
  ],
  run: async (c) => {
    const part = c.subclips.both;
    if (!part) throw new Error('the subclips were not made (see the findItemsMatchingMediaPath row)');
    const sequence = scratchSequence(c);
    const zero = ticksOf(await sequence.getZeroPoint());
    const at = timelineToPremiere(0n, zero, currentBehaviour(c).timesIncludeZeroPoint);
    const before = await everything(c);
    if (before.some((p) => p.index === 1 && p.start < at + framesToTicks(25, SELF_CHECK_CLIP.rate))) {
      throw new Error('track 2 is not free at the start (the insert probe placed something else there)');
    }
    const editor = c.ppro.SequenceEditor.getEditor(sequence);
    const placedOk = c.project.commit('overwrite onto a take track', () => [editor.createOverwriteItemAction(part.item, c.ppro.TickTime.createWithTicks(at.toString()), 1, 1)]);
    const after = await everything(c);
    const landed = after.filter((a) => a.index === 1 && a.start === at && !before.some((b) => same(a, b)));
    const moved = before.filter((b) => !after.some((a) => same(a, b)));
    const overwriteRow = !placedOk
      ? answer('failed', 'Premiere refused the overwrite')
      : answer(landed.length === 2 && moved.length === 0 ? 'pass' : 'differs', `${landed.length} item(s) landed on track 2 at the start; ${moved.length} clip(s) already there moved`);

    const track = await trackAt(sequence, 'video', 1);
    // Typed `object` in Adobe's d.ts; Adobe's sample adds it to a transaction like any Action.
    const renamed = c.project.commit('name a take track', () => [track.createSetNameAction(TAKE_TRACK_NAME) as Action]);
    const name = (await trackAt(sequence, 'video', 1)).name;
    const nameRow = answer(renamed && name === TAKE_TRACK_NAME ? 'pass' : 'differs', `transaction ${renamed ? 'accepted' : 'refused'}; the track is named "${name}"`);

    const target = landed.find((p) => p.kind === 'video');
    if (!target) return { overwriteLane: overwriteRow, trackName: nameRow, disabled: answer('failed', 'no overwritten clip to disable') };
    const disabledOk = c.project.commit('disable a take', () => [target.item.createSetDisabledAction(true)]);
    const still = (await everything(c)).some((p) => same(p, target));
    const reads = await target.item.isDisabled().catch(() => null);
    const disabledRow = answer(disabledOk && still && reads === true ? 'pass' : 'differs', `transaction ${disabledOk ? 'accepted' : 'refused'}; ${still ? 'still in place' : 'moved or gone'}; isDisabled ${String(reads)} (whether it is hidden in exports is not measured)`);
    return { overwriteLane: overwriteRow, trackName: nameRow, disabled: disabledRow };
  },
};
