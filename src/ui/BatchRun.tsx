import { useState } from 'react';
import { money, plural } from './format';
import { InlineConfirm } from './InlineConfirm';

interface Props {
  runnable: number;
  selectedOfVisible: string;
  totalUsd: number;
  capUsd: number | null;
  concurrency: number;
  blocker: string | null;
  /** What the confirmation adds about each take's cuts and sound (blendText.ts), or null. */
  takeNote: string | null;
  busy: boolean;
  onStart: () => void;
  onOpenSettings: () => void;
}

/** Total, cap, and "Run batch" with its in-panel confirmation step. */
export function BatchRun({ runnable, selectedOfVisible, totalUsd, capUsd, concurrency, blocker, takeNote, busy, onStart, onOpenSettings }: Props) {
  const [confirming, setConfirming] = useState(false);
  const overCap = capUsd !== null && totalUsd > capUsd;
  return (
    <div className="ltx-box ltx-batch-footer">
      <div className="ltx-actionbar">
        <span data-testid="batch-total">
          {selectedOfVisible} · <span className="ltx-strong">Est. {money(totalUsd)}</span>
        </span>
      </div>
      <div className={overCap ? 'ltx-warning-text' : 'ltx-muted'} data-testid="batch-cap">
        {capUsd === null ? 'No spending cap. ' : `Spending cap ${money(capUsd)}. `}
        <button type="button" className="ltx-link" onClick={onOpenSettings}>
          {capUsd === null ? 'Set one in Settings' : 'Change in Settings'}
        </button>
        {` · runs ${concurrency} at a time`}
      </div>
      {blocker ? (
        <p className="ltx-blocker" data-testid="batch-blocker" role="status">
          {blocker}
        </p>
      ) : null}
      {confirming && !blocker ? (
        <InlineConfirm
          testId="batch-confirm-step"
          confirmTestId="batch-confirm"
          backTestId="batch-confirm-back"
          confirmLabel="Start"
          disabled={busy}
          onConfirm={() => {
            setConfirming(false);
            onStart();
          }}
          onBack={() => setConfirming(false)}
        >
          Start {plural(runnable, 'retake')} for about {money(totalUsd)}? Each is billed when it is submitted; cancel one before that and it costs nothing.
          {takeNote ? ` ${takeNote}` : null}
        </InlineConfirm>
      ) : (
        <button type="button" className="ltx-button ltx-cta" data-testid="batch-run" disabled={!!blocker || busy} onClick={() => setConfirming(true)}>
          {busy ? 'Starting…' : `Run batch${runnable ? ` (${runnable})` : ''}`}
        </button>
      )}
    </div>
  );
}
