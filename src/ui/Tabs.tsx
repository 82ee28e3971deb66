import type { KeyboardEvent } from 'react';

export type TabId = 'retake' | 'batch' | 'jobs' | 'settings';

export interface TabSpec {
  id: TabId;
  label: string;
  /** A small count after the label (running jobs), or null. */
  badge?: number | null;
  /** Draws the badge as a warning (a job needs attention). */
  alert?: boolean;
}

interface Props {
  tabs: TabSpec[];
  active: TabId;
  onSelect: (id: TabId) => void;
}

/** A compact tab strip; arrow keys move between tabs. */
export function Tabs({ tabs, active, onSelect }: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.id === active);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    onSelect(next.id);
  };
  return (
    <div className="ltx-tabs" role="tablist" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`ltx-tab-${t.id}`}
          aria-selected={t.id === active}
          aria-controls={`ltx-tabpanel-${t.id}`}
          tabIndex={t.id === active ? 0 : -1}
          className={t.id === active ? 'ltx-tab ltx-tab-active' : 'ltx-tab'}
          data-testid={`tab-${t.id}`}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
          {t.badge ? <span className={t.alert ? 'ltx-badge ltx-badge-alert' : 'ltx-badge'}>{t.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}
