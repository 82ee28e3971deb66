/**
 * Exports one window of a sequence: set the sequence in/out to the window (one transaction),
 * export the in/out range, wait for a complete file of the window's length (exportWait.ts), and
 * always put the editor's own in/out back. While the window is set, MarkHolds answers reads of
 * the marks with the editor's.
 */
import type { CancelToken } from '../../app/cancel';
import type { Clock, ExportedWindow, FileStore } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { FrameRate, TICKS_PER_SECOND, TickRange, Ticks, ticksPerFrame, ticksToFrames } from '../../domain/time';
import { framesToTimecode } from '../../domain/timecode';
import { commit, hostError, requireProject, requireSequence } from './projectAccess';
import { exportAndWait } from './exportWait';
import type { HostBehaviour } from './hostBehaviour';
import type { MarkHolds, RawMarks } from './markHold';
import type { HostPlatform } from './nativePath';
import type { Action, PClipProjectItem, PProject, PSequence, PremiereSubset } from './subset';
import { marksFromPremiere, readTiming } from './sequenceReader';
import { endToOutPoint, premiereToTimeline, ticksOf, timelineToPremiere } from './timeConvention';
import { bitrateToFit, exportFrameSize, fittedPresetXml, scaledPresetXml } from './presets';
import { RETAKE_LIMITS } from '../../domain/limits';

/** Default hard limit on one export, ms. */
export const DEFAULT_EXPORT_TIMEOUT_MS = 10 * 60 * 1000;

export interface ExportDeps {
  files: FileStore;
  clock: Clock;
  exportPresetPath: string | (() => Promise<string>);
  exportTimeoutMs?: number;
  holds: MarkHolds;
  platform: HostPlatform;
  /**
   * The plugin's own .epr, from which a preset scaled to 1080p is written for larger sequences, and
   * one with a bitrate that fits the upload when an export comes out too large (none: always the preset above).
   */
  scaledPresetSource?: string | (() => Promise<string>);
  /** The largest export the upload takes (default: RETAKE_LIMITS.maxUploadBytes). */
  maxExportBytes?: number;
}

export async function exportWindow(
  ppro: PremiereSubset,
  deps: ExportDeps,
  id: string,
  window: TickRange,
  outPath: string,
  cancel: CancelToken,
  behaviour: HostBehaviour,
): Promise<ExportedWindow> {
  cancel.throwIfCancelled();
  if (window.end <= window.start || window.start < 0n) throw hostError('The export window is empty. Mark the range again and retry.');
  const presetPath = typeof deps.exportPresetPath === 'function' ? await deps.exportPresetPath() : deps.exportPresetPath;
  if (!presetPath || !(await deps.files.exists(presetPath))) {
    throw hostError(`The plugin's export preset is missing (${presetPath || 'no path'}). Reinstall LTX Retake.`);
  }
  const project = await requireProject(ppro);
  const sequence = await requireSequence(project, id);
  const { zeroPoint, frameRate } = await readTiming(ppro, sequence, behaviour);
  const withZero = behaviour.timesIncludeZeroPoint;
  const presets = await presetsToTry(deps, sequence, presetPath);
  const original = await deps.holds.editorMarks(id, () => readRawMarks(sequence));
  // A file left from an earlier attempt would look like a finished export.
  await deps.files.remove(outPath);
  cancel.throwIfCancelled();

  const outPoint = endToOutPoint(window.end, ticksPerFrame(frameRate), behaviour.outPointIsLastFrameStart);
  const target: RawMarks = { in: timelineToPremiere(window.start, zeroPoint, withZero), out: timelineToPremiere(outPoint, zeroPoint, withZero) };
  // From here until the marks are back, reads of this sequence's marks return the editor's.
  deps.holds.hold(id, original);
  let restored = false;
  let outcome: { ok: true } | { ok: false; error: unknown } = { ok: true };
  let used = presets[0];
  try {
    const set = commit(project, 'LTX Retake: set export range', () => markActions(ppro, sequence, original, target));
    if (!set) {
      throw hostError('Premiere refused to set the sequence in/out to the export window. Check that the sequence is not locked, then retry.');
    }
    const maxBytes = deps.maxExportBytes ?? RETAKE_LIMITS.maxUploadBytes;
    let fitTried = false;
    for (let i = 0; i < presets.length; i++) {
      const preset = presets[i];
      try {
        if (i > 0) await deps.files.remove(outPath);
        const job = {
          sequence,
          outPath,
          presetPath: preset,
          platform: deps.platform,
          windowTicks: window.end - window.start,
          rate: frameRate,
          timeoutMs: deps.exportTimeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS,
          exportFull: behaviour.exportFullForInOut,
        };
        await exportAndWait(ppro, deps.files, deps.clock, job, cancel);
        used = preset;
        outcome = { ok: true };
        // Too large to upload (a system preset's bitrate is not ours to know): once more, at a bitrate that fits.
        if (!fitTried && ((await deps.files.size(outPath)) ?? 0) > maxBytes) {
          fitTried = true;
          const fitted = await fittedPreset(deps, sequence, window, maxBytes);
          if (fitted) {
            presets.splice(i + 1, 0, fitted);
            continue;
          }
        }
        break;
      } catch (error) {
        outcome = { ok: false, error };
        if (!worthAnotherPreset(error)) break;
      }
    }
    // Always, whatever happened: the editor's marks go back.
    restored = await restoreMarks(ppro, project, sequence, original, target, { zeroPoint, frameRate }, behaviour);
  } finally {
    deps.holds.release(id);
  }
  const lost = `Premiere would not put your in/out points back${describeMarks(original, zeroPoint, frameRate, withZero)}; set them again by hand.`;
  if (!outcome.ok) {
    if (restored) throw outcome.error;
    const e = outcome.error;
    const category = e instanceof RetakeError ? e.category : 'host';
    const first = e instanceof Error ? e.message : String(e);
    throw new RetakeError(category, `${first} Also, ${lost}`, { cause: e });
  }
  if (!restored) throw hostError(`The export worked, but ${lost}`);
  return { preset: used };
}

/**
 * The preset to export with, and what to fall back on: for a sequence larger than 1080p first a
 * copy of the plugin's preset scaled to fit (presets.ts), since the model answers at 1080p anyway.
 */
async function presetsToTry(deps: ExportDeps, sequence: PSequence, presetPath: string): Promise<string[]> {
  if (!deps.scaledPresetSource) return [presetPath];
  try {
    const size = exportFrameSize(await sequence.getFrameSize());
    if (!size) return [presetPath];
    const source = typeof deps.scaledPresetSource === 'function' ? await deps.scaledPresetSource() : deps.scaledPresetSource;
    const xml = await deps.files.readText(source);
    if (xml === null) return [presetPath];
    const scaled = deps.files.join(await deps.files.scratchFolder(), `h264-retake-${size.width}x${size.height}.epr`);
    await deps.files.writeText(scaled, scaledPresetXml(xml, size));
    return [scaled, presetPath];
  } catch {
    return [presetPath]; // the full-size export still works, only larger
  }
}

/** A copy of the plugin's preset at the frame size presetsToTry would use and a bitrate that fits the window into `maxBytes`; null if none can be written. */
async function fittedPreset(deps: ExportDeps, sequence: PSequence, window: TickRange, maxBytes: number): Promise<string | null> {
  if (!deps.scaledPresetSource) return null;
  try {
    const source = typeof deps.scaledPresetSource === 'function' ? await deps.scaledPresetSource() : deps.scaledPresetSource;
    const xml = await deps.files.readText(source);
    if (xml === null) return null;
    const mbps = bitrateToFit(Number(window.end - window.start) / Number(TICKS_PER_SECOND), maxBytes);
    const fitted = deps.files.join(await deps.files.scratchFolder(), `h264-retake-${mbps}mbps.epr`);
    await deps.files.writeText(fitted, fittedPresetXml(xml, exportFrameSize(await sequence.getFrameSize()), mbps));
    return fitted;
  } catch {
    return null; // the export stays as it came out; the upload's own check says it is too large
  }
}

/** A refused or wrong export may be the scaled preset's doing; a cancel or a time limit is not retried. */
function worthAnotherPreset(error: unknown): boolean {
  return error instanceof RetakeError && error.category === 'host' && error.code !== 'exportTimeout';
}

async function readRawMarks(sequence: PSequence): Promise<RawMarks> {
  return { in: ticksOf(await sequence.getInPoint()), out: ticksOf(await sequence.getOutPoint()) };
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
 * Puts the editor's in/out back exactly as read. "Nothing marked" is restored with the sequence
 * project item's createClearInOutPointsAction (Adobe's sample clears a clip item's in/out with it);
 * unconfirmed that it clears a sequence's, so if it leaves a range, the negative times Premiere
 * reported are set back, and failing that both marks go to the timeline start, which this plugin
 * reads as no range (out <= in).
 */
async function restoreMarks(
  ppro: PremiereSubset,
  project: PProject,
  sequence: PSequence,
  original: RawMarks,
  current: RawMarks,
  timing: { zeroPoint: Ticks; frameRate: FrameRate },
  behaviour: HostBehaviour,
): Promise<boolean> {
  const attempt = (label: string, build: () => Action[]): boolean => {
    try {
      return commit(project, label, build);
    } catch {
      return false;
    }
  };
  const unmarked = original.in < 0n || original.out < 0n || original.out <= original.in;
  if (!unmarked) return attempt('LTX Retake: restore in/out', () => markActions(ppro, sequence, current, original));
  const clip = await sequenceClipItem(ppro, sequence);
  if (clip && attempt('LTX Retake: clear in/out', () => [clip.createClearInOutPointsAction()])) {
    const after = await readRawMarks(sequence).catch(() => null);
    if (after && marksFromPremiere(after.in, after.out, timing, behaviour) === null) return true;
  }
  if (attempt('LTX Retake: restore in/out', () => markActions(ppro, sequence, current, original))) return true;
  const start = timelineToPremiere(0n, timing.zeroPoint, behaviour.timesIncludeZeroPoint);
  return attempt('LTX Retake: clear in/out', () => markActions(ppro, sequence, current, { in: start, out: start }));
}

async function sequenceClipItem(ppro: PremiereSubset, sequence: PSequence): Promise<PClipProjectItem | null> {
  try {
    return ppro.ClipProjectItem.cast(await sequence.getProjectItem()) ?? null;
  } catch {
    return null;
  }
}

function describeMarks(marks: RawMarks, zeroPoint: Ticks, rate: FrameRate, includesZeroPoint: boolean): string {
  if (marks.in < 0n || marks.out <= marks.in) return ' (there were none)';
  const tc = (raw: Ticks) => framesToTimecode(ticksToFrames(premiereToTimeline(raw, zeroPoint, includesZeroPoint) + zeroPoint, rate, 'nearest'), rate);
  return ` (they were ${tc(marks.in)} to ${tc(marks.out)})`;
}
