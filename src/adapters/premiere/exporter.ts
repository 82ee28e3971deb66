/**
 * Exports one window of a sequence: set the sequence in/out to the window (one transaction),
 * export the in/out range with the plugin's preset, wait for any of three completion signals, and
 * always put the editor's own in/out back.
 */
import type { CancelToken } from '../../app/cancel';
import type { Clock, FileStore } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { FrameRate, TickRange, Ticks, ticksToFrames } from '../../domain/time';
import { framesToTimecode } from '../../domain/timecode';
import { commit, hostError, requireProject, requireSequence } from './projectAccess';
import type { Action, PProject, PSequence, PremiereSubset } from './subset';
import { readTiming } from './sequenceReader';
import { premiereToTimeline, ticksOf, timelineToPremiere } from './timeConvention';

/** How often the output file is checked while waiting, ms. */
export const EXPORT_POLL_MS = 500;
/**
 * Unconfirmed: exportSequence(..., exportFull=false) exports the sequence in/out range (reported,
 * not documented). The window is set as the in/out just before, so true would export everything.
 */
export const EXPORT_FULL = false;
/** Default hard limit on one export, ms. */
export const DEFAULT_EXPORT_TIMEOUT_MS = 10 * 60 * 1000;

export interface ExportDeps {
  files: FileStore;
  clock: Clock;
  exportPresetPath: string | (() => Promise<string>);
  exportTimeoutMs?: number;
}

export async function exportWindow(
  ppro: PremiereSubset,
  deps: ExportDeps,
  id: string,
  window: TickRange,
  outPath: string,
  cancel: CancelToken,
): Promise<void> {
  cancel.throwIfCancelled();
  if (window.end <= window.start || window.start < 0n) throw hostError('The export window is empty. Mark the range again and retry.');
  const presetPath = typeof deps.exportPresetPath === 'function' ? await deps.exportPresetPath() : deps.exportPresetPath;
  if (!presetPath || !(await deps.files.exists(presetPath))) {
    throw hostError(`The plugin's export preset is missing (${presetPath || 'no path'}). Reinstall LTX Retake.`);
  }
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, id);
  const { zeroPoint, frameRate } = await readTiming(ppro, sequence);
  const original: RawMarks = { in: ticksOf(await sequence.getInPoint()), out: ticksOf(await sequence.getOutPoint()) };
  // A file left from an earlier attempt would look like a finished export.
  await deps.files.remove(outPath);
  cancel.throwIfCancelled();

  const target: RawMarks = { in: timelineToPremiere(window.start, zeroPoint), out: timelineToPremiere(window.end, zeroPoint) };
  const set = commit(project, 'LTX Retake: set export range', () => markActions(ppro, sequence, original, target));
  if (!set) {
    throw hostError('Premiere refused to set the sequence in/out to the export window. Check that the sequence is not locked, then retry.');
  }
  let outcome: { ok: true } | { ok: false; error: unknown } = { ok: true };
  try {
    await exportAndWait(ppro, deps, sequence, outPath, presetPath, cancel);
  } catch (error) {
    outcome = { ok: false, error };
  }
  // Always, whatever happened: the editor's marks go back.
  const restored = restoreMarks(ppro, project, sequence, original, target, zeroPoint);
  const lost = `Premiere would not put your in/out points back${describeMarks(original, zeroPoint, frameRate)}; set them again by hand.`;
  if (!outcome.ok) {
    if (restored) throw outcome.error;
    const e = outcome.error;
    const category = e instanceof RetakeError ? e.category : 'host';
    const first = e instanceof Error ? e.message : String(e);
    throw new RetakeError(category, `${first} Also, ${lost}`, { cause: e });
  }
  if (!restored) throw hostError(`The export worked, but ${lost}`);
}

interface RawMarks {
  in: Ticks;
  out: Ticks;
}

/**
 * Set in/out actions in an order that never passes through in >= out: when the range moves later,
 * the out point goes first.
 */
function markActions(ppro: PremiereSubset, sequence: PSequence, current: RawMarks, target: RawMarks): Action[] {
  const inAction = () => sequence.createSetInPointAction(ppro.TickTime.createWithTicks(target.in.toString()));
  const outAction = () => sequence.createSetOutPointAction(ppro.TickTime.createWithTicks(target.out.toString()));
  const outFirst = current.out >= 0n && target.in >= current.out;
  return outFirst ? [outAction(), inAction()] : [inAction(), outAction()];
}

/**
 * Puts the editor's in/out back exactly as read. Premiere has no "clear in/out" action, so
 * "nothing marked" is restored by setting the very negative values it reported.
 * Unconfirmed: that Premiere accepts those negative times as "no mark"; if it refuses, both marks
 * go to the timeline start, which this plugin reads as no range (out <= in).
 */
function restoreMarks(
  ppro: PremiereSubset,
  project: PProject,
  sequence: PSequence,
  original: RawMarks,
  current: RawMarks,
  zeroPoint: Ticks,
): boolean {
  const attempt = (marks: RawMarks, label: string): boolean => {
    try {
      return commit(project, label, () => markActions(ppro, sequence, current, marks));
    } catch {
      return false;
    }
  };
  if (attempt(original, 'LTX Retake: restore in/out')) return true;
  const unmarked = original.in < 0n || original.out < 0n || original.out <= original.in;
  if (!unmarked) return false;
  const start = timelineToPremiere(0n, zeroPoint);
  return attempt({ in: start, out: start }, 'LTX Retake: clear in/out');
}

function describeMarks(marks: RawMarks, zeroPoint: Ticks, rate: FrameRate): string {
  if (marks.in < 0n || marks.out <= marks.in) return ' (there were none)';
  const tc = (raw: Ticks) => framesToTimecode(ticksToFrames(premiereToTimeline(raw, zeroPoint) + zeroPoint, rate, 'nearest'), rate);
  return ` (they were ${tc(marks.in)} to ${tc(marks.out)})`;
}

/**
 * Unconfirmed: Premiere delivers the end of an export to addGlobalEventListener under
 * Constants.OperationCompleteEvent.EXPORT_MEDIA_COMPLETE, with an OperationCompleteEvent whose
 * state is OPERATION_STATE_SUCCESS (an event without a state counts as success).
 */
function exportCompleteEvent(ppro: PremiereSubset) {
  return ppro.Constants.OperationCompleteEvent.EXPORT_MEDIA_COMPLETE;
}

/**
 * Exports the sequence's in/out range and waits for the first of: the promise resolving true,
 * the global EXPORT_MEDIA_COMPLETE event, or the file existing with the same size on two polls.
 */
async function exportAndWait(
  ppro: PremiereSubset,
  deps: ExportDeps,
  sequence: PSequence,
  outPath: string,
  presetPath: string,
  cancel: CancelToken,
): Promise<void> {
  const timeoutMs = deps.exportTimeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS;
  const deadline = deps.clock.now() + timeoutMs;
  let signalled = false;
  let failure: RetakeError | null = null;
  let settled = false;

  const eventName = exportCompleteEvent(ppro);
  const onComplete = (event?: object) => {
    if (settled) return;
    const state = (event as { state?: unknown } | undefined)?.state;
    if (state === undefined || state === ppro.OperationCompleteEvent.OPERATION_STATE_SUCCESS) signalled = true;
    else if (state === ppro.OperationCompleteEvent.OPERATION_STATE_CANCELLED) failure ??= hostError('The export was cancelled in Premiere. Retry when ready.');
    else failure ??= hostError('Premiere reported that the export failed. Check the disk space and the sequence, then retry.');
  };
  ppro.EventManager.addGlobalEventListener(eventName, onComplete);
  try {
    let started: Promise<boolean>;
    try {
      started = Promise.resolve(
        ppro.EncoderManager.getManager().exportSequence(sequence, ppro.Constants.ExportType.IMMEDIATELY, outPath, presetPath, EXPORT_FULL),
      );
    } catch (e) {
      throw hostError('Premiere refused to start the export. Check that the sequence is not empty, then retry.', e);
    }
    started.then(
      (ok) => {
        if (settled) return;
        if (ok) signalled = true;
        else failure ??= hostError('Premiere could not export the context window. Check the disk space and that the sequence plays, then retry.');
      },
      (e: unknown) => {
        if (settled) return;
        failure ??= hostError('Premiere failed while exporting the context window. Check the disk space and that the sequence plays, then retry.', e);
      },
    );

    let lastSize: number | null = null;
    for (;;) {
      if (failure) throw failure;
      const size = await deps.files.size(outPath);
      if (size !== null && size > 0 && (signalled || size === lastSize)) return;
      lastSize = size;
      if (deps.clock.now() >= deadline) {
        throw new RetakeError(
          'host',
          `Premiere did not finish exporting the context window within ${Math.round(timeoutMs / 1000)} s. Check Premiere for a stuck export or an error, then retry.`,
          { code: 'exportTimeout' },
        );
      }
      await deps.clock.sleep(EXPORT_POLL_MS, cancel);
    }
  } finally {
    settled = true;
    ppro.EventManager.removeGlobalEventListener(eventName, onComplete);
  }
}
