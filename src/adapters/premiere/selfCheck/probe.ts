/** What every probe gets and gives: the scratch, what earlier probes measured, and a result. */
import type { Clock, FileStore } from '../../../app/ports';
import type { ProbeOutcome, ProbeResult } from '../../../app/selfCheck';
import { ASSUMED_BEHAVIOUR, HostBehaviour } from '../hostBehaviour';
import type { HostPlatform } from '../nativePath';
import type { ResolvedPreset } from '../presets';
import type { ClipEntry } from '../projectAccess';
import type { PremiereSubset } from '../subset';
import type { Journaled, Scratch } from './scratch';

export interface CheckContext {
  ppro: PremiereSubset;
  project: Journaled;
  scratch: Scratch;
  files: FileStore;
  clock: Clock;
  platform: HostPlatform;
  preset: () => Promise<ResolvedPreset>;
  exportTimeoutMs: number;
  /** What the probes so far found to differ from ASSUMED_BEHAVIOUR, and the plugin can follow. */
  measured: Partial<HostBehaviour>;
  /** Subclips of the scratch clip (made by the subclip step), for the placement probes. */
  subclips: { both?: ClipEntry; videoOnly?: ClipEntry };
}

/** The behaviour to use for the next probe: assumed, overridden by what was measured. */
export function currentBehaviour(c: CheckContext): HostBehaviour {
  return { ...ASSUMED_BEHAVIOUR, ...c.measured };
}

export interface ProbeAnswer {
  outcome: ProbeOutcome;
  seen: string;
}

export interface ProbeRow {
  id: string;
  title: string;
  expected: string;
}

/** One measurement; it may answer several questions (rows), e.g. one export says which window and how many frames. */
export interface Probe {
  rows: ProbeRow[];
  run(c: CheckContext): Promise<Record<string, ProbeAnswer>>;
}

export function answer(outcome: ProbeOutcome, seen: string): ProbeAnswer {
  return { outcome, seen };
}

/** Runs one probe; a throw fails its rows, never the rest of the check. */
export async function runProbe(probe: Probe, c: CheckContext): Promise<ProbeResult[]> {
  let got: Record<string, ProbeAnswer>;
  try {
    got = await probe.run(c);
  } catch (e) {
    const reason = answer('failed', `could not be measured: ${e instanceof Error ? e.message : String(e)}`);
    got = Object.fromEntries(probe.rows.map((r) => [r.id, reason]));
  }
  return probe.rows.map((row) => ({ ...row, ...(got[row.id] ?? answer('failed', 'not measured')) }));
}
