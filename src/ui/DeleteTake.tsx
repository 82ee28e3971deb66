import { useState } from 'react';
import { InlineConfirm } from './InlineConfirm';

/** "Delete take…": only on the editor's explicit confirmation, since the take was paid for. */
export function DeleteTake({ onDelete }: { onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="ltx-button ltx-quiet" data-testid="take-delete" title="Off the timeline, out of the project, and the file deleted" onClick={() => setConfirming(true)}>
        Delete take…
      </button>
    );
  }
  return (
    <InlineConfirm
      danger
      confirmLabel="Delete take"
      backLabel="Keep"
      confirmTestId="take-delete-confirm"
      backTestId="take-delete-back"
      onConfirm={() => {
        setConfirming(false);
        onDelete();
      }}
      onBack={() => setConfirming(false)}
    >
      Take this take off the timeline, remove it from the project and delete its file? It was paid for, and the panel cannot bring the file back. The job and its ids stay in
      the history.
    </InlineConfirm>
  );
}
