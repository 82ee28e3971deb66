import { useEffect, useState } from 'react';
import type { RetakeController } from '../app/retakeController';
import { ProbeOutcome, SelfCheckPort, SelfCheckReport, reportText, summaryOf } from '../app/selfCheck';
import { runAction } from './actions';

interface Props {
  controller: RetakeController;
  selfCheck: SelfCheckPort;
  /** Puts text on the clipboard; rejects when it cannot (the report stays selectable below). */
  copyText?: (text: string) => Promise<void>;
}

const OUTCOME_CLASS: Record<ProbeOutcome, string> = { pass: 'ltx-success', differs: 'ltx-warning-text', failed: 'ltx-error' };

/** UXP's navigator.clipboard.writeText (needs the manifest's clipboard permission). */
async function clipboardWrite(text: string): Promise<void> {
  const clipboard = (globalThis.navigator as { clipboard?: { writeText?(t: string): Promise<void> } } | undefined)?.clipboard;
  if (!clipboard?.writeText) throw new Error('no clipboard');
  await clipboard.writeText(text);
}

/** "Check this Premiere": runs the self-check, shows the kept report and lets the editor copy it. */
export function SelfCheckSection({ controller, selfCheck, copyText = clipboardWrite }: Props) {
  const [report, setReport] = useState<SelfCheckReport | null>(null);
  const [running, setRunning] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => {
    let live = true;
    void selfCheck.last().then((r) => live && setReport(r), () => undefined);
    return () => {
      live = false;
    };
  }, [selfCheck]);

  const run = async () => {
    setRunning(true);
    setCopied(null);
    const got = await runAction(controller, () => selfCheck.run());
    setRunning(false);
    if (got) {
      setReport(got);
      controller.notify('info', `Check this Premiere: ${summaryOf(got)}. The report is below.`);
    }
  };
  const copy = async () => {
    if (!report) return;
    try {
      await copyText(reportText(report));
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };

  return (
    <section className="ltx-box" aria-label="Check this Premiere" data-testid="self-check">
      <div className="ltx-box-title">Check this Premiere</div>
      <p className="ltx-hint">
        Makes a scratch sequence from a 2-second clip, measures how this Premiere behaves where Adobe&apos;s documents are silent, and removes the scratch
        again. The plugin then follows what it measured. Nothing is uploaded or charged.
      </p>
      <div className="ltx-actionbar">
        <button type="button" className="ltx-button" data-testid="self-check-run" disabled={running} onClick={() => void run()}>
          {running ? 'Checking…' : 'Check this Premiere'}
        </button>
        {report ? (
          <button type="button" className="ltx-button ltx-quiet" data-testid="self-check-copy" onClick={() => void copy()}>
            Copy report
          </button>
        ) : null}
      </div>
      {copied === 'yes' ? <p className="ltx-success">Report copied.</p> : null}
      {copied === 'no' ? <p className="ltx-muted">The clipboard is not available: select the report below and copy it.</p> : null}
      {report ? (
        <div data-testid="self-check-report">
          <p className="ltx-muted">
            Premiere {report.premiereVersion}, {report.checkedAt}: {summaryOf(report)}
          </p>
          <ul className="ltx-list">
            {report.probes.map((p) => (
              <li key={p.id} data-testid={`self-check-row-${p.id}`}>
                <span className={OUTCOME_CLASS[p.outcome]}>{p.outcome}</span> {p.title}: {p.seen}
              </li>
            ))}
          </ul>
          <textarea className="ltx-textarea" readOnly value={reportText(report)} data-testid="self-check-text" aria-label="The report, to copy" />
        </div>
      ) : (
        <p className="ltx-muted" data-testid="self-check-none">
          Not run yet on this machine.
        </p>
      )}
    </section>
  );
}
