/**
 * EncoderManager.exportSequence. An IMMEDIATELY export of a sequence renders
 * a real file through the injected SequenceRenderer: with exportFull=false the sequence in/out
 * range, otherwise (or with nothing marked) the whole sequence. On success it fires
 * EXPORT_MEDIA_COMPLETE, as Premiere does (through hostEvents.ts's bus); the faults reproduce the ways
 * it was seen to misbehave.
 */
import type { PEncoderManager, PSequence } from '../../adapters/premiere/subset';
import { Ticks, ticksPerFrame } from '../../domain/time';
import { EVENT_EXPORT_MEDIA_COMPLETE, EXPORT_TYPE, OPERATION_STATE } from './constants';
import type { Ctx, ExportRecord } from './context';
import { PremiereRuleError } from './transactions';
import { ProjectState, SequenceState, TrackItemState, TrackState, findClip, findSequence, sequenceEnd } from './state';
import { clipShows } from './composite';
import { transitionExtent } from './transitionsApi';
import type { RenderClip, RenderDissolve, RenderSpec, RenderTrack } from './types';

export function encoderManagerView(ctx: Ctx): PEncoderManager {
  return {
    get isAMEInstalled() {
      return false;
    },
    exportSequence: (sequence, exportType, outputFile, presetFile, exportFull) =>
      exportSequence(ctx, sequence, exportType as unknown, outputFile, presetFile, exportFull),
  };
}

async function exportSequence(
  ctx: Ctx,
  sequence: PSequence,
  exportType: unknown,
  outputFile: string | undefined,
  presetFile: string | undefined,
  exportFull: boolean | undefined,
): Promise<boolean> {
  if (ctx.gate.locked) throw new PremiereRuleError('exportSequence cannot run inside lockedAccess.');
  const { guid } = ctx.refOf(sequence, 'sequence', 'EncoderManager.exportSequence');
  if (exportType !== EXPORT_TYPE.IMMEDIATELY) return false; // queueing needs Adobe Media Encoder
  if (!outputFile || !presetFile) return false;

  // Premiere renders the sequence as it is when the export starts.
  const project = ctx.project;
  const seq = findSequence(project, guid);
  // Which exportFull value means "the in/out range" is a behaviour switch (behaviour.ts); undefined counts as false.
  const inOutOnly = (exportFull === true) === ctx.behaviour.exportFullForInOut && !ctx.faults.exportIgnoresInOut;
  const window = exportRange(seq, !inOutOnly);
  const record: ExportRecord = { sequence: guid, outPath: outputFile, presetPath: presetFile, window, outcome: 'pending' };
  ctx.exports.push(record);
  const spec = renderSpec(project, seq, window);
  const faults = { ...ctx.faults };
  const fail = () => {
    record.outcome = 'failed';
    ctx.notify();
    return false;
  };

  if (!(await ctx.options.media.exists(presetFile))) return fail();
  if (faults.exportThrows) {
    fail();
    throw new Error('The export failed: the encoder reported an error.');
  }
  if (faults.exportHangs) return new Promise<boolean>(() => undefined);
  if (faults.exportDelayMs > 0) await ctx.sleep(faults.exportDelayMs);
  if (faults.exportFails || !ctx.options.renderer || spec.window.frames <= 0) return fail();
  try {
    await ctx.options.renderer.render(spec, outputFile);
  } catch {
    return fail();
  }
  record.outcome = 'written';
  ctx.notify();
  if (faults.exportEventFires) ctx.events.fire(EVENT_EXPORT_MEDIA_COMPLETE, { state: OPERATION_STATE.SUCCESS });
  if (faults.exportPromiseNeverSettles) return new Promise<boolean>(() => undefined);
  return true;
}

function exportRange(seq: SequenceState, full: boolean): { start: Ticks; end: Ticks } {
  const end = sequenceEnd(seq);
  if (!full && seq.inPoint !== null && seq.outPoint !== null && seq.outPoint > seq.inPoint) {
    return { start: seq.inPoint, end: seq.outPoint };
  }
  return { start: 0n, end };
}

/** The plain-JSON description of what the window shows and sounds like. */
export function renderSpec(project: ProjectState, seq: SequenceState, window: { start: Ticks; end: Ticks }): RenderSpec {
  const tpf = ticksPerFrame(seq.rate);
  const startFrame = floorDiv(window.start, tpf);
  const endFrame = ceilDiv(window.end, tpf);
  const start = startFrame * tpf;
  const end = endFrame * tpf;
  const seconds = (t: Ticks) => Number(t) / 254016000000;

  const tracks = (list: TrackState[], kind: 'video' | 'audio'): RenderTrack[] => {
    const out: RenderTrack[] = [];
    const indexes = list.map((_, i) => i);
    if (kind === 'video') indexes.reverse(); // top-most first
    for (const index of indexes) {
      const track = list[index];
      // A track whose output is off, and a disabled clip, render as absent (composite.ts).
      if (track.muted) continue;
      const clips: RenderClip[] = [];
      for (const item of track.items) {
        if (!clipShows(track, item) || item.end <= start || item.start >= end) continue;
        const clip = findClip(project, item.itemId);
        if (kind === 'audio' && !clip.media.hasAudio) continue;
        if (kind === 'video' && !clip.media.hasVideo) continue;
        const from = item.start > start ? item.start : start;
        const to = item.end < end ? item.end : end;
        clips.push({
          mediaPath: clip.mediaPath,
          name: item.name,
          sequenceStartTicks: item.start.toString(),
          sequenceEndTicks: item.end.toString(),
          sourceInTicks: item.sourceIn.toString(),
          windowStartFrame: Number(roundDiv(from - start, tpf)),
          windowEndFrame: Number(roundDiv(to - start, tpf)),
          sourceInSeconds: seconds(item.sourceIn + (from - item.start)),
          mediaSize: { width: clip.media.width, height: clip.media.height },
          scaleToFrame: item.scaleToFrame,
          ...(kind === 'video' ? withDissolves(item, start, tpf) : {}),
        });
      }
      out.push({ trackIndex: index, clips });
    }
    return out;
  };

  return {
    frameRate: { num: seq.rate.num, den: seq.rate.den },
    frameSize: { ...seq.frameSize },
    window: {
      startTicks: start.toString(),
      endTicks: end.toString(),
      startSeconds: seconds(start),
      endSeconds: seconds(end),
      frames: Number(endFrame - startFrame),
    },
    video: tracks(seq.video, 'video'),
    audio: tracks(seq.audio, 'audio'),
  };
}

/**
 * The clip's transitions in frames from `windowStart`, each rendered as a cross-dissolve with what
 * lies beneath: the extents the export renderer and the demo's Program monitor both blend by.
 */
export function clipDissolves(item: Pick<TrackItemState, 'start' | 'end' | 'transitions'>, windowStart: Ticks, tpf: Ticks): RenderDissolve[] {
  const dissolves: RenderDissolve[] = [];
  for (const edge of ['start', 'end'] as const) {
    const transition = item.transitions?.[edge];
    if (!transition) continue;
    const extent = transitionExtent(item, edge, transition);
    dissolves.push({ startFrame: Number(roundDiv(extent.start - windowStart, tpf)), endFrame: Number(roundDiv(extent.end - windowStart, tpf)), fadesIn: edge === 'start' });
  }
  return dissolves;
}

function withDissolves(item: TrackItemState, windowStart: Ticks, tpf: Ticks): { dissolves?: RenderDissolve[] } {
  const dissolves = clipDissolves(item, windowStart, tpf);
  return dissolves.length > 0 ? { dissolves } : {};
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b > 0n ? q + 1n : q;
}

function roundDiv(a: bigint, b: bigint): bigint {
  return floorDiv(2n * a + b, 2n * b);
}
