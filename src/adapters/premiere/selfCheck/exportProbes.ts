/**
 * One in/out export of the scratch sequence answers four questions: does exportFull=false export
 * exactly the in/out (else, does true), is the out point the end of the last marked frame (count
 * the frames in the file), which completion signals fire, and which preset loaded.
 */
import { readMp4VideoInfo } from '../../../app/mp4';
import { framesToTicks } from '../../../domain/time';
import { boxesFillFile } from '../exportCheck';
import { EXPORT_POLL_MS } from '../exportWait';
import { premierePath } from '../nativePath';
import type { ResolvedPreset } from '../presets';
import { ticksOf, timelineToPremiere } from '../timeConvention';
import { CheckContext, Probe, ProbeAnswer, answer, currentBehaviour } from './probe';
import { SELF_CHECK_CLIP } from './scratch';
import { scratchSequence } from './timingProbes';

/** The marked frames: in at frame 10, out at frame 20, so 10 frames if the out point is exclusive. */
const MARK = { inFrame: 10, outFrame: 20 };
const WINDOW_FRAMES = MARK.outFrame - MARK.inFrame;
/** After the file is complete, how many more polls to wait for the promise and the event. */
const GRACE_POLLS = 4;

interface ExportSeen {
  frames: number | null;
  promise: 'resolved true' | 'resolved false' | 'rejected' | 'still pending';
  events: string[];
  preset: ResolvedPreset;
}

async function exportInOut(c: CheckContext, exportFull: boolean, n: number): Promise<ExportSeen> {
  const sequence = scratchSequence(c);
  const zero = ticksOf(await sequence.getZeroPoint());
  const withZero = currentBehaviour(c).timesIncludeZeroPoint;
  const raw = (frame: number) => c.ppro.TickTime.createWithTicks(timelineToPremiere(framesToTicks(frame, SELF_CHECK_CLIP.rate), zero, withZero).toString());
  if (!c.project.commit('mark export range', () => [sequence.createSetInPointAction(raw(MARK.inFrame)), sequence.createSetOutPointAction(raw(MARK.outFrame))])) {
    throw new Error('Premiere refused to set the in/out for the export');
  }
  const preset = await c.preset();
  const out = c.files.join(await c.files.scratchFolder(), `${c.scratch.clipPath.replace(/^.*[\\/]/, '').replace(/\.mp4$/, '')}-export${n}.mp4`);
  c.scratch.files.push(out);
  await c.files.remove(out);

  const seen: ExportSeen = { frames: null, promise: 'still pending', events: [], preset };
  const success = c.ppro.Constants.OperationCompleteState.SUCCESS;
  const onComplete = (event?: object) => {
    const state = (event as { state?: unknown } | undefined)?.state;
    seen.events.push(`EXPORT_MEDIA_COMPLETE (state ${String(state)}${state === success ? ' = OperationCompleteState.SUCCESS' : ''})`);
  };
  const eventName = c.ppro.Constants.OperationCompleteEvent.EXPORT_MEDIA_COMPLETE;
  c.ppro.EventManager.addGlobalEventListener(eventName, onComplete);
  try {
    const started = c.ppro.EncoderManager.getManager().exportSequence(
      sequence,
      c.ppro.Constants.ExportType.IMMEDIATELY,
      premierePath(out, c.platform),
      premierePath(preset.path, c.platform),
      exportFull,
    );
    Promise.resolve(started).then(
      (ok) => (seen.promise = ok ? 'resolved true' : 'resolved false'),
      () => (seen.promise = 'rejected'),
    );
    const deadline = c.clock.now() + c.exportTimeoutMs;
    let grace = GRACE_POLLS;
    while (c.clock.now() < deadline) {
      await c.clock.sleep(EXPORT_POLL_MS);
      if (seen.frames === null) seen.frames = await framesIn(c, out);
      const settled = seen.promise !== 'still pending' && seen.events.length > 0;
      if (seen.frames !== null && (settled || --grace <= 0)) break;
      if (seen.frames === null && seen.promise !== 'still pending' && seen.promise !== 'resolved true') break;
    }
  } finally {
    c.ppro.EventManager.removeGlobalEventListener(eventName, onComplete);
  }
  return seen;
}

/** Frames in a complete MP4 at the scratch rate, or null while it is missing or still being written. */
async function framesIn(c: CheckContext, path: string): Promise<number | null> {
  if (!((await c.files.size(path)) ?? 0)) return null;
  const bytes = await c.files.read(path);
  if (!boxesFillFile(bytes)) return null;
  const info = readMp4VideoInfo(bytes);
  if (!info) return null;
  const { num, den } = SELF_CHECK_CLIP.rate;
  return Math.round((info.durationSeconds * num) / den);
}

function describe(seen: ExportSeen, exportFull: boolean): string {
  return `exportFull=${exportFull}: ${seen.frames === null ? 'no complete file' : `${seen.frames} frames`}`;
}

/** 10 frames: the out point is the range's end; 11: it is the last frame's start, and the plugin follows that. */
function outPointAnswer(c: CheckContext, windowed: ExportSeen | null): ProbeAnswer {
  if (!windowed) return answer('failed', 'no export of the in/out alone to count');
  if (windowed.frames === WINDOW_FRAMES) return answer('pass', `${windowed.frames} frames`);
  c.measured.outPointIsLastFrameStart = true;
  return answer('differs', `${windowed.frames} frames: the out point is the start of the last marked frame; the plugin now reads and sets out points that way`);
}

const isWindow = (frames: number | null) => frames === WINDOW_FRAMES || frames === WINDOW_FRAMES + 1;

export const exportProbe: Probe = {
  rows: [
    {
      id: 'exportWindow',
      title: 'exportFull=false exports exactly the in/out',
      expected: `an in/out export holds the marked frames only (${WINDOW_FRAMES}, not the clip's ${SELF_CHECK_CLIP.frames}), measured from the file`,
    },
    {
      id: 'outPoint',
      title: 'getOutPoint: end of the last marked frame, or its start',
      expected: `in at frame ${MARK.inFrame}, out at frame ${MARK.outFrame} exports ${WINDOW_FRAMES} frames (the out point is the end of the last marked frame; ${WINDOW_FRAMES + 1} would mean its start, as Premiere displays it)`,
    },
    {
      id: 'completion',
      title: 'Export completion signals',
      expected: 'the promise resolves true and EXPORT_MEDIA_COMPLETE fires with OperationCompleteState.SUCCESS (the plugin waits for the file either way)',
    },
    { id: 'preset', title: 'Export preset', expected: "Premiere's own H.264 Match Source preset is found on disk and exports" },
  ],
  run: async (c) => {
    const assumed = currentBehaviour(c).exportFullForInOut;
    const first = await exportInOut(c, assumed, 1);
    let windowed: ExportSeen | null = isWindow(first.frames) ? first : null;
    let windowRow: ProbeAnswer;
    if (windowed) {
      windowRow = answer('pass', describe(first, assumed));
    } else if (first.frames === null) {
      windowRow = answer('failed', describe(first, assumed));
    } else {
      const second = await exportInOut(c, !assumed, 2);
      if (isWindow(second.frames)) {
        windowed = second;
        c.measured.exportFullForInOut = !assumed;
        windowRow = answer('differs', `${describe(first, assumed)}; ${describe(second, !assumed)}: the plugin now passes exportFull=${!assumed}`);
      } else {
        windowRow = answer('differs', `${describe(first, assumed)}; ${describe(second, !assumed)}: neither exports only the in/out, so every retake export is refused by its length check (nothing is uploaded)`);
      }
    }
    const outPointRow = outPointAnswer(c, windowed);
    const signals = `promise ${first.promise}; ${first.events.length > 0 ? first.events.join(', ') : 'no EXPORT_MEDIA_COMPLETE event'}`;
    const success = first.promise === 'resolved true' && first.events.some((e) => e.includes('= OperationCompleteState.SUCCESS'));
    const completionRow = first.frames === null ? answer('failed', `${signals}; no complete file`) : answer(success ? 'pass' : 'differs', signals);
    const presetSeen = `${first.preset.source === 'system' ? "Premiere's own" : 'the shipped fallback'} ${first.preset.path}`;
    const presetRow =
      first.frames === null
        ? answer('failed', `${presetSeen}: no file was exported with it`)
        : answer(first.preset.source === 'system' ? 'pass' : 'differs', `${presetSeen} exported`);
    return { exportWindow: windowRow, outPoint: outPointRow, completion: completionRow, preset: presetRow };
  },
};
