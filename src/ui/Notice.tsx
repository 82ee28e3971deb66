interface Props {
  notice: { kind: 'error' | 'info'; text: string } | null;
  onDismiss: () => void;
}

/** The last sentence about an action that is not a job (settings, key, a refused retake). */
export function Notice({ notice, onDismiss }: Props) {
  if (!notice) return null;
  return (
    <div className={`ltx-notice ltx-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice" data-kind={notice.kind}>
      <span className="ltx-notice-text">{notice.text}</span>
      <button type="button" className="ltx-icon-button" aria-label="Dismiss" title="Dismiss" data-testid="notice-dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
