import { PRICE_PER_UPLOADED_SECOND_USD } from '../domain/limits';
import { DEFAULT_SETTINGS, planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks, secondsToFrames } from '../domain/time';

export interface BillingRow {
  sourceSeconds: number;
  markedSeconds: number;
  rate: string;
  oursBilled: number;
  wholeSourceBilled: number;
  floorBilled: number;
  savedUsd: number;
}

/**
 * Billed seconds per retake (Runware bills the uploaded clip) against uploading the whole source,
 * over a spread of ranges and source lengths. The floor is what the model needs at the least:
 * the whole-second segment, grown to the 73-frame minimum clip.
 */
export function runBillingBench(): { rows: BillingRow[]; verdicts: string[] } {
  const rows: BillingRow[] = [];
  const rateNames = ['23.976', '25', '29.97 DF', '59.94'] as const;
  for (const sourceSeconds of [20, 60, 300, 1800]) {
    for (const markedSeconds of [2, 2.6, 4.3, 7.9, 15.5]) {
      for (const name of rateNames) {
        const rate = FRAME_RATES[name];
        const end = framesToTicks(secondsToFrames(sourceSeconds, rate), rate);
        const inFrame = secondsToFrames(Math.min(sourceSeconds / 2, sourceSeconds - markedSeconds - 2), rate);
        const marks = { start: framesToTicks(inFrame, rate), end: framesToTicks(inFrame + secondsToFrames(markedSeconds, rate), rate) };
        const result = planRetake(marks, { frameRate: rate, end, zeroPoint: 0n }, { ...DEFAULT_SETTINGS, prompt: 'bench' });
        if (!result.ok) throw new Error(`bench plan rejected: ${result.reason}`);
        const p = result.plan;
        const floor = Math.max(p.duration, 73 / 24);
        rows.push({
          sourceSeconds,
          markedSeconds,
          rate: name,
          oursBilled: p.billedSeconds,
          wholeSourceBilled: sourceSeconds,
          floorBilled: Math.round(floor * 1000) / 1000,
          savedUsd: Math.round((sourceSeconds - p.billedSeconds) * PRICE_PER_UPLOADED_SECOND_USD * 100) / 100,
        });
      }
    }
  }
  const verdicts: string[] = [];
  const worstOverFloor = Math.max(...rows.map((r) => r.oursBilled - r.floorBilled));
  verdicts.push(`${worstOverFloor <= 2 + 0.05 ? 'PASS' : 'FAIL'} billed - floor <= 2 s of handles in every case (worst ${worstOverFloor.toFixed(3)} s)`);
  const neverWorse = rows.every((r) => r.oursBilled <= r.wholeSourceBilled);
  verdicts.push(`${neverWorse ? 'PASS' : 'FAIL'} never bills more than uploading the whole source`);
  return { rows, verdicts };
}

export function formatBillingBench(result: ReturnType<typeof runBillingBench>): string {
  const lines = ['Billed seconds per retake (1 s handles, rows at 25 fps; other rates within one frame):', 'source s | marked s | ours billed | floor | whole source | saved'];
  for (const r of result.rows.filter((x) => x.rate === '25')) {
    lines.push(`${String(r.sourceSeconds).padStart(8)} | ${String(r.markedSeconds).padStart(8)} | ${r.oursBilled.toFixed(3).padStart(11)} | ${r.floorBilled.toFixed(2).padStart(5)} | ${String(r.wholeSourceBilled).padStart(12)} | $${r.savedUsd.toFixed(2)}`);
  }
  const total = (k: 'oursBilled' | 'wholeSourceBilled') => result.rows.reduce((s, r) => s + r[k], 0);
  lines.push(`All ${result.rows.length} cases: ${total('oursBilled').toFixed(1)} s billed vs ${total('wholeSourceBilled')} s for whole-source uploads (${((100 * total('oursBilled')) / total('wholeSourceBilled')).toFixed(2)}%).`);
  lines.push(...result.verdicts);
  return lines.join('\n');
}
