interface Props {
  onOpenSettings: () => void;
  what?: string;
}

/** Shown where a key is needed: what to do, and the button that does it. */
export function MissingKey({ onOpenSettings, what = 'retake' }: Props) {
  return (
    <div className="ltx-callout" data-testid="missing-key">
      <p>
        <span className="ltx-strong">No Runware API key yet.</span> Add your key in Settings to {what}; it is kept in Premiere’s secure storage, never in
        the project.
      </p>
      <button type="button" className="ltx-button" data-testid="open-settings" onClick={onOpenSettings}>
        Open Settings
      </button>
    </div>
  );
}
