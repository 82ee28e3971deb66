import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  confirmLabel: string;
  backLabel?: string;
  onConfirm: () => void;
  onBack: () => void;
  confirmTestId: string;
  backTestId: string;
  testId?: string;
  danger?: boolean;
  disabled?: boolean;
}

/** An in-panel confirmation step (UXP has no window.confirm): the question, then [Confirm] [Back]. */
export function InlineConfirm({ children, confirmLabel, backLabel = 'Back', onConfirm, onBack, confirmTestId, backTestId, testId, danger, disabled }: Props) {
  return (
    <div className="ltx-confirm" data-testid={testId} role="group">
      <div className="ltx-confirm-text">{children}</div>
      <div className="ltx-button-row">
        <button type="button" className={danger ? 'ltx-button ltx-danger' : 'ltx-button ltx-cta'} data-testid={confirmTestId} disabled={disabled} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="ltx-button ltx-quiet" data-testid={backTestId} onClick={onBack}>
          {backLabel}
        </button>
      </div>
    </div>
  );
}
