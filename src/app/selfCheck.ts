/**
 * "Check this Premiere": what the panel and the menu command know of the host's self-check. The
 * host adapter runs the probes; the app only starts it, keeps nothing itself, and shows the report.
 */

export type ProbeOutcome = 'pass' | 'differs' | 'failed';

/** One behaviour measured on the editor's Premiere. */
export interface ProbeResult {
  id: string;
  title: string;
  /** pass: as the plugin assumed; differs: Premiere does something else (the plugin may follow it); failed: could not be measured. */
  outcome: ProbeOutcome;
  expected: string;
  seen: string;
}

export interface SelfCheckReport {
  /** Premiere's version as UXP reports it (uxp.host.version). */
  premiereVersion: string;
  platform: string;
  /** ISO date and time the check ran. */
  checkedAt: string;
  probes: ProbeResult[];
  /** Values the plugin now uses instead of its assumptions, by name (e.g. timesIncludeZeroPoint). */
  measured: Record<string, boolean | number>;
  /** The labelled undo steps the check committed (Premiere's API cannot remove them). */
  undoSteps: string[];
}

export interface SelfCheckPort {
  /** Runs every probe on a scratch sequence and removes it; the report is kept. Rejects with a sentence when it cannot start. */
  run(): Promise<SelfCheckReport>;
  /** The last kept report, or null. */
  last(): Promise<SelfCheckReport | null>;
}

export function summaryOf(report: SelfCheckReport): string {
  const count = (o: ProbeOutcome) => report.probes.filter((p) => p.outcome === o).length;
  return `${count('pass')} pass, ${count('differs')} differ, ${count('failed')} failed`;
}

/** The report as plain text, to copy into a message. */
export function reportText(report: SelfCheckReport): string {
  const lines = [
    `LTX Retake: Check this Premiere`,
    `Premiere ${report.premiereVersion} (${report.platform}), ${report.checkedAt}`,
    summaryOf(report),
    '',
  ];
  for (const p of report.probes) {
    lines.push(`[${p.outcome}] ${p.title}`, `  expected: ${p.expected}`, `  seen: ${p.seen}`);
  }
  const measured = Object.entries(report.measured);
  lines.push('', measured.length > 0 ? `Now used: ${measured.map(([k, v]) => `${k}=${v}`).join(', ')}` : 'Now used: the assumed behaviour (nothing differed that the plugin can follow)');
  lines.push(
    report.undoSteps.length > 0
      ? `Undo steps the check made (Premiere's API cannot remove them; the import and the new sequence may add their own; undoing them only brings back scratch items whose file is gone): ${report.undoSteps.join('; ')}`
      : 'Undo steps the check made: none',
  );
  return lines.join('\n');
}
