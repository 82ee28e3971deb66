import { DeleteTake } from './DeleteTake';

interface Props {
  active: boolean;
  onUse: () => void;
  onRemove: () => void;
  /** Deletes the take with its file and project items; absent where the host cannot. */
  onDelete?: () => void;
}

/** A placed take's own buttons: make it the one that plays, or take it off the timeline. */
export function TakeActions({ active, onUse, onRemove, onDelete }: Props) {
  return (
    <div className="ltx-button-row" data-testid="take-actions">
      {active ? (
        <span className="ltx-success" data-testid="take-active">
          Playing
        </span>
      ) : (
        <button type="button" className="ltx-button ltx-cta" data-testid="take-use" onClick={onUse}>
          Use this take
        </button>
      )}
      <button type="button" className="ltx-button ltx-quiet" data-testid="take-remove" title="Off the timeline only: the take file and its project item are kept" onClick={onRemove}>
        Remove from timeline
      </button>
      {onDelete ? <DeleteTake onDelete={onDelete} /> : null}
    </div>
  );
}
