/**
 * What both halves of the crash-and-fault matrix share: which points of a dry run become cells,
 * the per-cell time limit, the loop over faults (with the MATRIX_FAULTS filter) that counts and
 * prints the cells, and the stand-in's cached retake render.
 */
import { createHash } from 'crypto';
import { copyFile, readFile } from 'fs/promises';
import { extname, join } from 'path';
import { renderRetake } from '../../standins/runware/retakeRender';
import { FAULT_CASES, FaultCase } from './faultCases';
import { CrashPoint, EventKind, Life, describePoint } from './mortal';

const isWrite = (kind: EventKind) => kind === 'journal' || kind === 'take' || kind === 'output';

/**
 * Where a dry run says a process can die: every write before and after it, every request during it.
 * With `adjacentWritesMeet`, dying just before a write that directly follows another write is the
 * same cell as dying just after that one (the same files on disk, the same requests sent): only
 * right where nothing with an effect happens between two writes without being an event itself
 * (the CLI; not the plugin, whose timeline edits are no events).
 */
export function crashPoints(events: Life['events'], adjacentWritesMeet = false): CrashPoint[] {
  const points: CrashPoint[] = [];
  const lastPoll = Math.max(0, ...events.filter((e) => e.kind === 'poll').map((e) => e.nth));
  const journalStates = new Set<string>();
  let previous: EventKind | null = null;
  for (const { kind, nth, label } of events) {
    const follows = previous;
    previous = kind;
    // A journal write that records nothing new (a progress tick) is the same crash point as the one before.
    if (kind === 'journal' && journalStates.has(label)) continue;
    if (kind === 'journal') journalStates.add(label);
    if (isWrite(kind)) {
      if (!(adjacentWritesMeet && follows !== null && isWrite(follows))) points.push({ kind, nth, when: 'before' });
      points.push({ kind, nth, when: 'after' });
    }
    // Polls repeat the same read: the first few and the last stand for the rest.
    else if (kind !== 'poll' || nth <= 3 || nth === lastPoll) points.push({ kind, nth, when: 'during' });
  }
  return points;
}

/** A cell that does not end is a finding (a job that never settles), not a reason to hang the suite. */
export async function withinLimit<T>(limitMs: number, cell: () => Promise<T>): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`did not end within ${limitMs / 1000} s`), limitMs);
  });
  return Promise.race([cell(), limit]).finally(() => clearTimeout(timer));
}

export interface MatrixSide<O extends { events: Life['events'] }> {
  /** "plugin" or "CLI", for the printed count. */
  name: string;
  /** One cell: a job under `fault`, killed at `point` (null: a dry run that lists the points), resumed. */
  runCell: (fault: FaultCase, point: CrashPoint | null) => Promise<O | string>;
  /** What is wrong with a cell's outcome (a string outcome is a cell that did not end). */
  check: (fault: FaultCase, outcome: O) => string[];
  /** Cells run at once, each with its own stand-in and folder. */
  parallel: number;
  /** See crashPoints. */
  adjacentWritesMeet: boolean;
}

/** Runs every crash point of every fault (MATRIX_FAULTS=name,name: only those); returns the problems found. */
export async function runMatrix<O extends { events: Life['events'] }>(side: MatrixSide<O>): Promise<string[]> {
  const failures: string[] = [];
  const perFault: string[] = [];
  let cells = 0;
  const only = process.env.MATRIX_FAULTS?.split(',');
  const faults = FAULT_CASES.filter((c) => !only || only.includes(c.name));
  const judge = (fault: FaultCase, label: string, outcome: O | string) =>
    (typeof outcome === 'string' ? [outcome] : side.check(fault, outcome)).map((p) => `${fault.name} / ${label}: ${p}`);
  for (const fault of faults) {
    const started = Date.now();
    const dry = await side.runCell(fault, null);
    failures.push(...judge(fault, 'no crash', dry));
    let ran = 1;
    if (typeof dry !== 'string') {
      const points = crashPoints(dry.events, side.adjacentWritesMeet);
      for (let i = 0; i < points.length; i += side.parallel) {
        const batch = points.slice(i, i + side.parallel);
        const outcomes = await Promise.all(batch.map((p) => side.runCell(fault, p)));
        outcomes.forEach((o, k) => failures.push(...judge(fault, describePoint(batch[k]), o)));
        ran += batch.length;
      }
    }
    cells += ran;
    perFault.push(`${fault.name}: ${ran} cells, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  // eslint-disable-next-line no-console
  console.log(`crash-and-fault matrix (${side.name}): ${cells} cells over ${faults.length} faults\n${perFault.join('\n')}`);
  return failures;
}

/** The stand-in's retake of the same clip with the same request is the same file: render it once per run. */
export function cachedRetakeRender(work: string): typeof renderRetake {
  const cache = new Map<string, Promise<string>>();
  return async (input, output, mode, startTime, duration) => {
    const key = [createHash('sha256').update(await readFile(input)).digest('hex'), mode, startTime, duration, extname(output)].join('|');
    let made = cache.get(key);
    if (!made) {
      const path = join(work, `retake-${cache.size}${extname(output)}`);
      made = renderRetake(input, path, mode, startTime, duration).then(() => path);
      cache.set(key, made);
    }
    await copyFile(await made, output);
  };
}
