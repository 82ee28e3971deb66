import { RetakeOutputResult, previewRetakeOutput } from '../adapters/node/splice';
import { modeTouchesVideo } from '../domain/limits';
import type { RetakePlan } from '../domain/plan';
import { TickRange, ticksToFrames, ticksToSeconds } from '../domain/time';

/** What the output will be, in a sentence: spliced (which frames are re-encoded) or re-encoded whole, and why. */
export function describeOutput(r: RetakeOutputResult): string {
  if (r.method === 'full re-encode') return `the whole picture re-encoded at high quality, because ${r.reason}`;
  if (!r.reencoded) return 'the picture copied untouched, only the sound rewritten';
  return `spliced: frames ${r.reencoded.from}-${r.reencoded.to - 1} (the GOPs around the cuts) re-encoded, every other frame copied`;
}

/**
 * `--dry-run`: the plan, what it bills and how the output would be written. Reads the input only;
 * nothing is uploaded, submitted, journalled or written.
 */
export async function runDryRun(plan: RetakePlan, input: string, output: string, json: boolean, io: { stdout: (t: string) => void }): Promise<void> {
  const rate = plan.frameRate;
  const frames = (r: TickRange) => ({ from: ticksToFrames(r.start, rate), to: ticksToFrames(r.end, rate) });
  const preview = await previewRetakeOutput(input, frames(plan.replaced), modeTouchesVideo(plan.mode));
  const seconds = (r: TickRange) => ({ from: round(ticksToSeconds(r.start)), to: round(ticksToSeconds(r.end)) });
  if (json) {
    io.stdout(`${JSON.stringify({
      dryRun: true, mode: plan.mode, startTime: plan.startTime, duration: plan.duration, window: seconds(plan.window), replaced: seconds(plan.replaced),
      billedSeconds: plan.billedSeconds, estimatedCost: plan.estimatedCostUsd, output, outputMethod: preview,
    })}\n`);
    return;
  }
  io.stdout(
    `Dry run: nothing uploaded, nothing billed.\n` +
      `Would upload ${seconds(plan.window).from}-${seconds(plan.window).to} s (startTime ${plan.startTime}, duration ${plan.duration}): ${plan.billedSeconds} s billed, about $${plan.estimatedCostUsd.toFixed(2)}.\n` +
      `Would write ${output}: ${describeOutput(preview)}.\n`,
  );
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
