/** Reads the active sequence: timing, marks, frame size and tracks, all in exact ticks. */
import type { SequenceSnapshot } from '../../app/ports';
import type { SequenceTiming } from '../../domain/plan';
import { FrameRate, TickRange, Ticks, TICKS_PER_SECOND, frameRateFromTicksPerFrame, ticksPerFrame } from '../../domain/time';
import type { HostBehaviour } from './hostBehaviour';
import type { MarkHolds } from './markHold';
import { hostError, sequenceId } from './projectAccess';
import type { PSequence, PremiereSubset } from './subset';
import { outPointToEnd, premiereToTimeline, ticksOf } from './timeConvention';

/**
 * `holds`: while an export has set this sequence's in/out, the editor's marks are read from it.
 * `seen` is told the sequence object and zero point behind the snapshot (for re-reading its marks).
 */
export async function readActiveSequence(
  ppro: PremiereSubset,
  holds: MarkHolds,
  behaviour: HostBehaviour,
  seen?: (sequence: PSequence, snapshot: SequenceSnapshot) => void,
): Promise<SequenceSnapshot | null> {
  const project = await ppro.Project.getActiveProject();
  if (!project) return null;
  const sequence = await project.getActiveSequence();
  if (!sequence) return null;
  const timing = await readTiming(ppro, sequence, behaviour);
  const size = await sequence.getFrameSize();
  const id = sequenceId(sequence);
  const raw = await holds.editorMarks(id, async () => ({ in: ticksOf(await sequence.getInPoint()), out: ticksOf(await sequence.getOutPoint()) }));
  const snapshot: SequenceSnapshot = {
    id,
    name: sequence.name,
    timing,
    frameSize: { width: Math.round(size.width), height: Math.round(size.height) },
    marks: marksFromPremiere(raw.in, raw.out, timing, behaviour),
    videoTrackCount: await sequence.getVideoTrackCount(),
    audioTrackCount: await sequence.getAudioTrackCount(),
  };
  seen?.(sequence, snapshot);
  return snapshot;
}

export async function readTiming(ppro: PremiereSubset, sequence: PSequence, behaviour: HostBehaviour): Promise<SequenceTiming> {
  const tpf = await readTicksPerFrame(sequence);
  const dropFrame = await readDropFrame(ppro, sequence, tpf);
  const frameRate: FrameRate | undefined = frameRateFromTicksPerFrame(tpf, dropFrame) ?? frameRateFromTicksPerFrame(tpf, false);
  if (!frameRate) {
    const fps = Number(TICKS_PER_SECOND) / Number(tpf);
    throw hostError(
      `The sequence runs at ${fps.toFixed(3)} fps, which LTX Retake does not support. Use a sequence at 23.976, 24, 25, 29.97, 30, 50, 59.94 or 60 fps.`,
    );
  }
  const zeroPoint = ticksOf(await sequence.getZeroPoint());
  const end = premiereToTimeline(ticksOf(await sequence.getEndTime()), zeroPoint, behaviour.timesIncludeZeroPoint);
  return { frameRate, zeroPoint, end: end > 0n ? end : 0n };
}

/** Nothing marked reads as a large negative in point; an out at or before the in is no range either. */
export function marksFromPremiere(
  rawIn: Ticks,
  rawOut: Ticks,
  timing: Pick<SequenceTiming, 'zeroPoint' | 'frameRate'>,
  behaviour: HostBehaviour,
): TickRange | null {
  if (rawIn < 0n || rawOut < 0n) return null;
  const start = premiereToTimeline(rawIn, timing.zeroPoint, behaviour.timesIncludeZeroPoint);
  const out = premiereToTimeline(rawOut, timing.zeroPoint, behaviour.timesIncludeZeroPoint);
  const end = outPointToEnd(out, ticksPerFrame(timing.frameRate), behaviour.outPointIsLastFrameStart);
  if (start < 0n || end <= start) return null;
  return { start, end };
}

/**
 * Unconfirmed: Sequence.getTimebase() is the number of ticks per frame as a decimal string (as
 * ExtendScript's sequence.timebase was); when it does not parse, the sequence settings' video
 * frame rate (ticksPerFrame) is used.
 */
export async function readTicksPerFrame(sequence: PSequence): Promise<Ticks> {
  const text = String(await sequence.getTimebase()).trim();
  if (/^\d+$/.test(text) && BigInt(text) > 0n) return BigInt(text);
  const settings = await sequence.getSettings();
  const tpf = Math.round(settings.getVideoFrameRate().ticksPerFrame);
  if (tpf > 0) return BigInt(tpf);
  throw hostError('Premiere did not report the sequence frame rate. Check the sequence settings, then try again.');
}

/**
 * Unconfirmed: which TimeDisplay.type codes mean drop-frame timecode. The d.ts pairs
 * Constants.VideoDisplayFormatType.FPS_29_97 with FPS_29_97_NON_DROP, so FPS_29_97 is taken as
 * 29.97 drop-frame; it lists no 59.94 formats, so 59.94 drop-frame is taken to be ExtendScript's
 * videoDisplayFormat code 106.
 */
export const DROP_FRAME_5994_DISPLAY_CODE = 106;

export async function readDropFrame(ppro: PremiereSubset, sequence: PSequence, tpf: Ticks): Promise<boolean> {
  const is2997 = frameRateFromTicksPerFrame(tpf)?.num === 30000;
  const is5994 = frameRateFromTicksPerFrame(tpf)?.num === 60000;
  if (!is2997 && !is5994) return false;
  const display = await (await sequence.getSettings()).getVideoDisplayFormat();
  const code = Number(display?.type);
  if (is2997) return code === Number(ppro.Constants.VideoDisplayFormatType.FPS_29_97);
  return code === DROP_FRAME_5994_DISPLAY_CODE;
}
