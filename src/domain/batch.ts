import type { RetakeMode } from './limits';
import { PlanResult, RetakeSettings, SequenceTiming, planRetake } from './plan';
import type { TickRange } from './time';

export interface MarkerLike {
  id: string;
  name: string;
  comments: string;
  colorIndex: number;
  range: TickRange;
}

export interface BatchItem {
  markerId: string;
  markerName: string;
  colorIndex: number;
  prompt: string;
  mode: RetakeMode;
  plan: PlanResult;
}

const MODE_TAGS: Array<[RegExp, RetakeMode]> = [
  [/\[(av|both|audio\s*\+\s*video|video\s*\+\s*audio)\]/i, 'replace_audio_and_video'],
  [/\[(a|audio)\]/i, 'replace_audio'],
  [/\[(v|video)\]/i, 'replace_video'],
];

/** A mode tag in a marker's name: [V]/[video], [A]/[audio], [AV]/[both]. */
export function modeFromMarkerName(name: string): RetakeMode | null {
  return MODE_TAGS.find(([re]) => re.test(name))?.[1] ?? null;
}

/**
 * One batch row per ranged marker: its comment is the prompt (the panel's prompt when empty),
 * its name may carry a mode tag; each row is planned exactly like a single retake.
 */
export function planBatch(markers: MarkerLike[], sequence: SequenceTiming, defaults: RetakeSettings): BatchItem[] {
  return markers.map((m) => {
    const prompt = m.comments.trim() || defaults.prompt;
    const mode = modeFromMarkerName(m.name) ?? defaults.mode;
    return { markerId: m.id, markerName: m.name, colorIndex: m.colorIndex, prompt, mode, plan: planRetake(m.range, sequence, { ...defaults, prompt, mode }) };
  });
}

/** Total estimated cost of the rows that can run, USD. */
export function batchCost(items: BatchItem[]): number {
  return Math.round(items.reduce((sum, i) => sum + (i.plan.ok ? i.plan.plan.estimatedCostUsd : 0), 0) * 10000) / 10000;
}

/**
 * What the editor agreed to spend on a batch: the total the panel's confirmation showed, or (the
 * menu command, which asks nothing) whatever the spending cap allows.
 */
export type BatchConsent = { confirmedUsd: number } | 'withinCap';

/** Why a batch of `totalUsd` may not start under this consent, or null. The cap itself is checked with the rest of the selection. */
export function batchConsentProblem(consent: BatchConsent, totalUsd: number, capUsd: number | null, rows: number): string | null {
  const money = (usd: number) => `$${usd.toFixed(2)}`;
  if (consent === 'withinCap') {
    if (capUsd !== null) return null;
    return `The menu command starts a batch only within a spending cap, as it asks nothing first: set one in Settings, or run the batch from the panel's Batch tab (${rows} ${rows === 1 ? 'marker' : 'markers'}, about ${money(totalUsd)}).`;
  }
  // A cent of rounding aside, markers edited since the confirmation may have raised the total.
  if (totalUsd > consent.confirmedUsd + 0.005) {
    return `The batch is now about ${money(totalUsd)}, more than the ${money(consent.confirmedUsd)} you confirmed: the markers changed. Check the batch and confirm again.`;
  }
  return null;
}
