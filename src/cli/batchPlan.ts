import { modeFromMarkerName } from '../domain/batch';
import { RETAKE_MODES, RetakeMode, isRetakeMode } from '../domain/limits';
import { ExtraPlacement, RetakePlan, SequenceTiming, planRetake } from '../domain/plan';
import { FrameRate, framesToSeconds, framesToTicks, ticksToFrames, ticksToSeconds } from '../domain/time';
import { timecodeToFrames } from '../domain/timecode';
import type { RangeRow, TimeValue } from './batchRanges';
import { inCliWords } from './wording';

/** A row of the batch, planned exactly as a single retake of its range. */
export interface BatchRow {
  /** 1-based, in the file's order. */
  number: number;
  where: string;
  name: string;
  prompt: string;
  mode: RetakeMode;
  plan: RetakePlan;
}

export interface BatchContext {
  timing: SequenceTiming;
  /** The input's start timecode (its timecode track), from which the file's timecodes count; null counts from 00:00:00:00. */
  startTimecode: string | null;
  defaults: { mode: RetakeMode; handles: number; extra: ExtraPlacement };
}

/** Short names accepted in a mode column, beside the API's own. */
const MODE_WORDS: Record<string, RetakeMode> = {
  video: 'replace_video', v: 'replace_video', audio: 'replace_audio', a: 'replace_audio', sound: 'replace_audio',
  both: 'replace_audio_and_video', av: 'replace_audio_and_video', 'audio+video': 'replace_audio_and_video',
};

/** Every row planned, or one sentence per problem naming its row; nothing is planned when any row is wrong. */
export function planBatchRows(rows: RangeRow[], ctx: BatchContext): { rows: BatchRow[]; problems: string[] } {
  const planned: BatchRow[] = [];
  const problems: string[] = [];
  const rate = ctx.timing.frameRate;
  const totalFrames = ticksToFrames(ctx.timing.end, rate, 'floor');
  rows.forEach((row, i) => {
    const say = (sentence: string) => problems.push(`${label(row)}: ${sentence}`);
    const modeText = row.mode?.trim().toLowerCase() ?? '';
    const mode = modeText ? (isRetakeMode(modeText) ? modeText : MODE_WORDS[modeText]) : modeFromMarkerName(row.name) ?? ctx.defaults.mode;
    if (!mode) return say(`the mode "${row.mode}" is not one of ${RETAKE_MODES.join(', ')} (or video, audio, both).`);
    const span = rowFrames(row, rate, ctx.startTimecode);
    if (typeof span === 'string') return say(span);
    if (span.to <= span.from) return say('the out point is not after the in point.');
    if (span.to > totalFrames) {
      return say(`it ends at ${secs(span.to, rate)}, past the end of the input (${secs(totalFrames, rate)}).`);
    }
    const prompt = row.description.trim() || row.name.replace(/\[[^\]]*\]/g, '').trim();
    const marks = { start: framesToTicks(span.from, rate), end: framesToTicks(span.to, rate) };
    const result = planRetake(marks, ctx.timing, { mode, prompt, handleSeconds: ctx.defaults.handles, extraPlacement: ctx.defaults.extra });
    if (!result.ok) {
      return say(result.code === 'emptyPrompt' ? 'it has no prompt: write one in its description (or name).' : inBatchWords(result.reason));
    }
    planned.push({ number: i + 1, where: row.where, name: row.name, prompt, mode, plan: result.plan });
  });
  // Two rows may not write the same frames: each replaced range is the marked one widened to whole seconds.
  const byTime = [...planned].sort((a, b) => (a.plan.replaced.start < b.plan.replaced.start ? -1 : 1));
  byTime.slice(1).forEach((next, i) => {
    const prev = byTime[i];
    if (next.plan.replaced.start < prev.plan.replaced.end) {
      problems.push(`${label(prev)} and ${label(next).charAt(0).toLowerCase()}${label(next).slice(1)} overlap: they would replace ${span(prev.plan)} and ${span(next.plan)} (each range is regenerated in whole seconds). Move them apart or join them into one row.`);
    }
  });
  return problems.length ? { rows: [], problems } : { rows: planned, problems };
}

/** The row's frames [from, to) in the input. */
function rowFrames(row: RangeRow, rate: FrameRate, startTimecode: string | null): { from: number; to: number } | string {
  const start = startTimecode ? timecodeToFrames(startTimecode.replace(/;/g, ':'), { ...rate, dropFrame: startTimecode.includes(';') }) : 0;
  const frame = (t: TimeValue, which: string): number | string => {
    if (t.kind === 'seconds') return Math.round((t.seconds * rate.num) / rate.den);
    if (t.dropFrame && !(rate.den === 1001 && [30, 60].includes(Math.round(rate.num / rate.den)))) {
      return `the ${which} point ${t.text} is drop-frame timecode, but the input runs at ${round(rate.num / rate.den)} fps.`;
    }
    const f = timecodeToFrames(t.text, { ...rate, dropFrame: t.dropFrame }) - start;
    if (f < 0) return `the ${which} point ${t.text} is before the input's start timecode ${startTimecode} (timecodes count from the input's own).`;
    return f;
  };
  const from = frame(row.in, 'in');
  if (typeof from === 'string') return from;
  const out = frame(row.out, 'out');
  if (typeof out === 'string') return out;
  return { from, to: out + (outIsLastFrame(row, from, out, rate) ? 1 : 0) };
}

/**
 * Whether the Out column names the range's last frame rather than the frame after it. Premiere's
 * marker export writes Duration = Out - In (a point marker has Out equal to In and a zero
 * Duration), so its Out is the first frame after the marker: ranges are [In, Out), like --from and
 * --to. A hand-written file whose Duration is one frame longer than Out - In uses the inclusive
 * convention, and is read so. Without a Duration column, Out is taken as the frame after.
 */
function outIsLastFrame(row: RangeRow, from: number, out: number, rate: FrameRate): boolean {
  if (row.out.kind !== 'timecode' || !row.duration) return false;
  const d = row.duration;
  const frames = d.kind === 'seconds' ? Math.round((d.seconds * rate.num) / rate.den) : timecodeToFrames(d.text, { ...rate, dropFrame: d.dropFrame });
  return frames === out - from + 1;
}

/** The planner speaks of marks on a sequence; a batch row is a range of the input. */
const BATCH_WORDS: Array<[RegExp, string]> = [
  [/The marked range is/g, 'the range is'],
  [/Widen the marks by/g, 'Widen it by'],
  [/Mark a shorter range, or split it with ranged markers and run a batch\./g, 'Split it into shorter rows.'],
  [/Mark a shorter range\./g, 'Give a shorter range.'],
  [/Move the marks away from the sequence start or end\./g, 'Move it away from the start or end of the input.'],
  [/The marked ([\d.]+ s)/g, 'the $1 range'],
];

function inBatchWords(sentence: string): string {
  return inCliWords(BATCH_WORDS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), sentence));
}

export function label(row: { where: string; name: string }): string {
  const name = row.name.trim();
  return `${row.where.charAt(0).toUpperCase()}${row.where.slice(1)}${name ? ` ("${name.length > 40 ? `${name.slice(0, 39)}…` : name}")` : ''}`;
}

export function span(plan: RetakePlan): string {
  return `${ticksToSeconds(plan.replaced.start).toFixed(2)}-${ticksToSeconds(plan.replaced.end).toFixed(2)} s`;
}

function secs(frames: number, rate: FrameRate): string {
  return `${framesToSeconds(frames, rate).toFixed(3)} s`;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
