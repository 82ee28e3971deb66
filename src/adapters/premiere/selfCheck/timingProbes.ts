/**
 * Probes of how Premiere counts time on the scratch sequence (25 fps, starting at 01:00:00:00,
 * the clip at the timeline start): the timebase string, the display format code, the zero-point
 * convention, and setting and clearing the in/out.
 */
import { framesToTicks, ticksPerFrame } from '../../../domain/time';
import { marksFromPremiere } from '../sequenceReader';
import type { PSequence } from '../subset';
import { ticksOf, timelineToPremiere } from '../timeConvention';
import { CheckContext, Probe, answer, currentBehaviour } from './probe';
import { SELF_CHECK_CLIP } from './scratch';

const RATE = SELF_CHECK_CLIP.rate;
const TPF = ticksPerFrame(RATE);

export function scratchSequence(c: CheckContext): PSequence {
  if (!c.scratch.sequence) throw new Error('there is no scratch sequence (see the first rows)');
  return c.scratch.sequence;
}

export const timebaseProbe: Probe = {
  rows: [{ id: 'timebase', title: 'Timebase format', expected: `Sequence.getTimebase() is ticks per frame as a decimal string ("${TPF}" at 25 fps)` }],
  run: async (c) => {
    const text = String(await scratchSequence(c).getTimebase());
    return { timebase: answer(text.trim() === TPF.toString() ? 'pass' : 'differs', `"${text}"${text.trim() === TPF.toString() ? '' : ' (the plugin then reads the rate from the sequence settings)'}`) };
  },
};

export const displayFormatProbe: Probe = {
  rows: [
    {
      id: 'displayFormat',
      title: 'Timecode display format (drop-frame detection)',
      expected: 'the video display format code of a 25 fps sequence is Constants.VideoDisplayFormatType.FPS_25, so drop-frame is told by comparing with FPS_29_97 the same way',
    },
  ],
  run: async (c) => {
    const display = await (await scratchSequence(c).getSettings()).getVideoDisplayFormat();
    const code = Number(display?.type);
    const fps25 = Number(c.ppro.Constants.VideoDisplayFormatType.FPS_25);
    const dropCode = Number(c.ppro.Constants.VideoDisplayFormatType.FPS_29_97);
    return {
      displayFormat: answer(code === fps25 ? 'pass' : 'differs', `code ${String(display?.type)} (FPS_25 is ${fps25}, FPS_29_97 is ${dropCode})`),
    };
  },
};

export const zeroPointProbe: Probe = {
  rows: [
    {
      id: 'zeroPoint',
      title: 'Time convention vs the zero point',
      expected: 'with the sequence starting at 01:00:00:00, the clip at the timeline start reads 0 ticks (times count from the timeline start)',
    },
  ],
  run: async (c) => {
    const sequence = scratchSequence(c);
    const zero = ticksOf(await sequence.getZeroPoint());
    const track = await sequence.getVideoTrack(0);
    const first = track.getTrackItems(c.ppro.Constants.TrackItemType.CLIP, false)[0];
    if (!first) return { zeroPoint: answer('failed', 'the scratch sequence has no clip on its first video track') };
    const start = ticksOf(await first.getStartTime());
    const end = ticksOf(await sequence.getEndTime());
    const seen = `zero point ${zero} ticks, clip start ${start}, sequence end ${end}`;
    if (zero === 0n) return { zeroPoint: answer('failed', `${seen}: the start timecode did not take, so the two readings cannot be told apart`) };
    if (start === 0n) return { zeroPoint: answer('pass', seen) };
    if (start === zero) {
      c.measured.timesIncludeZeroPoint = true;
      return { zeroPoint: answer('differs', `${seen}: times include the zero point; the plugin now adds it to every time it hands Premiere`) };
    }
    return { zeroPoint: answer('failed', `${seen}: neither reading`) };
  },
};

export const inOutProbe: Probe = {
  rows: [
    { id: 'setInOut', title: 'Setting in/out', expected: 'the in/out set in one transaction (frames 5 to 15) read back as set' },
    {
      id: 'clearInOut',
      title: 'Clearing in/out',
      expected: "createClearInOutPointsAction on the sequence's project item leaves no range marked",
    },
  ],
  run: async (c) => {
    const sequence = scratchSequence(c);
    const behaviour = currentBehaviour(c);
    const zero = ticksOf(await sequence.getZeroPoint());
    const raw = (frame: number) => timelineToPremiere(framesToTicks(frame, RATE), zero, behaviour.timesIncludeZeroPoint);
    const want = { in: raw(5), out: raw(15) };
    const time = (t: bigint) => c.ppro.TickTime.createWithTicks(t.toString());
    const set = c.project.commit('set in/out', () => [sequence.createSetInPointAction(time(want.in)), sequence.createSetOutPointAction(time(want.out))]);
    const read = async () => ({ in: ticksOf(await sequence.getInPoint()), out: ticksOf(await sequence.getOutPoint()) });
    const afterSet = await read();
    const setRow = !set
      ? answer('failed', 'Premiere refused the transaction')
      : answer(afterSet.in === want.in && afterSet.out === want.out ? 'pass' : 'differs', `set ${want.in}-${want.out}, read ${afterSet.in}-${afterSet.out}`);

    const item = c.ppro.ClipProjectItem.cast(await sequence.getProjectItem());
    if (!item) return { setInOut: setRow, clearInOut: answer('failed', "the sequence's project item is not a clip item") };
    const cleared = c.project.commit('clear in/out', () => [item.createClearInOutPointsAction()]);
    const afterClear = await read();
    const none = marksFromPremiere(afterClear.in, afterClear.out, { zeroPoint: zero, frameRate: RATE }, behaviour) === null;
    const clearRow = !cleared
      ? answer('failed', 'Premiere refused the transaction')
      : answer(none ? 'pass' : 'differs', `read ${afterClear.in}-${afterClear.out} after clearing${none ? '' : ' (a range is still marked; the plugin falls back to setting the marks back by hand)'}`);
    return { setInOut: setRow, clearInOut: clearRow };
  },
};
