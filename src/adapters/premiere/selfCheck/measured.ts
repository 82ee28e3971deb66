/**
 * The kept report (plugin-data:/self-check.json) and the behaviour the host uses because of it.
 * A report counts only for the Premiere version it was measured on: after an update the plugin
 * goes back to its assumptions until the check runs again. The file is read strictly: anything
 * that does not parse is ignored, never half-used.
 */
import { z } from 'zod';
import type { FileStore } from '../../../app/ports';
import type { SelfCheckReport } from '../../../app/selfCheck';
import { ASSUMED_BEHAVIOUR, HostBehaviour } from '../hostBehaviour';

const MEASURED = z
  .object({
    timesIncludeZeroPoint: z.boolean(),
    outPointIsLastFrameStart: z.boolean(),
    exportFullForInOut: z.boolean(),
    newTrackIndexPastCount: z.union([z.literal(0), z.literal(1)]),
  })
  .partial()
  .strict();

const REPORT = z.object({
  premiereVersion: z.string(),
  platform: z.string(),
  checkedAt: z.string(),
  probes: z.array(z.object({ id: z.string(), title: z.string(), outcome: z.enum(['pass', 'differs', 'failed']), expected: z.string(), seen: z.string() })),
  measured: MEASURED,
  undoSteps: z.array(z.string()),
});

export function parseReport(text: string | null): SelfCheckReport | null {
  if (!text) return null;
  try {
    const parsed = REPORT.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function loadReport(files: FileStore, path: string): Promise<SelfCheckReport | null> {
  return parseReport(await files.readText(path).catch(() => null));
}

export async function saveReport(files: FileStore, path: string, report: SelfCheckReport): Promise<void> {
  await files.writeText(path, JSON.stringify(report, null, 1));
}

/** The assumptions, with what a report measured on this very Premiere version put in their place. */
export function behaviourFrom(report: SelfCheckReport | null, hostVersion: string): HostBehaviour {
  if (!report || report.premiereVersion !== hostVersion) return ASSUMED_BEHAVIOUR;
  const measured = MEASURED.safeParse(report.measured);
  return measured.success ? { ...ASSUMED_BEHAVIOUR, ...measured.data } : ASSUMED_BEHAVIOUR;
}
