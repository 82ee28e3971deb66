import { useCallback, useRef, useState } from 'react';
import { FOLLOW_EVENTS, RefreshPolicy } from '../app/liveRefresh';
import type { RetakeController } from '../app/retakeController';
import type { SelfCheckPort } from '../app/selfCheck';
import { JobRecord, isActive } from '../domain/job';
import { runAction } from './actions';
import { BatchView, LastBatch } from './BatchView';
import { ErrorBoundary } from './ErrorBoundary';
import { JobList } from './JobList';
import { Notice } from './Notice';
import { RetakeView } from './RetakeView';
import { SettingsView } from './SettingsView';
import { TabId, Tabs } from './Tabs';
import { useLiveRefresh } from './useLiveRefresh';
import { useRetakeShortcut } from './useRetakeShortcut';
import { useStore } from './useStore';
import { useTheme } from './useTheme';

export interface RetakePanelProps {
  /** The one controller shared with the menu commands; the panel only draws its state and calls it. */
  controller: RetakeController;
  /** Clock for elapsed timers (epoch ms, same clock as the controller's); defaults to Date.now. */
  now?: () => number;
  /** When the live plan re-reads the sequence and marks (app/liveRefresh.ts); default: on host events, the marks polled. */
  refreshPolicy?: RefreshPolicy;
  initialTab?: TabId;
  /** "Check this Premiere" in Settings (the UXP entry gives it). */
  selfCheck?: SelfCheckPort;
}

/** The LTX Retake panel: an error boundary around everything, so a drawing bug never reaches UXP. */
export function RetakePanel(props: RetakePanelProps) {
  return (
    <ErrorBoundary>
      <PanelBody {...props} />
    </ErrorBoundary>
  );
}

function PanelBody({ controller, now = Date.now, refreshPolicy = FOLLOW_EVENTS, initialTab = 'retake', selfCheck }: RetakePanelProps) {
  const state = useStore(controller.store);
  const theme = useTheme();
  const rootRef = useRef<HTMLDivElement>(null);
  const [tab, setTab] = useState<TabId>(initialTab);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [lastStarted, setLastStarted] = useState<JobRecord[]>([]);
  /** Retake x N waits for this in-panel confirmation of N times the cost (the button and the shortcut alike). */
  const [confirmingVariations, setConfirmingVariations] = useState(false);
  const [lastBatch, setLastBatch] = useState<LastBatch>({ ids: [], skipped: 0 });

  useLiveRefresh(controller, refreshPolicy);

  /** Starts the takes: the controller re-reads the marks first and refuses with a sentence. */
  const start = useCallback(async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setConfirmingVariations(false);
    const jobs = await runAction(controller, () => controller.retakeVariations(controller.store.getState().variations));
    busyRef.current = false;
    setBusy(false);
    if (jobs) {
      setLastStarted(jobs);
      if (controller.store.getState().notice?.kind === 'error') controller.dismissNotice();
    }
  }, [controller]);
  /** The button and the shortcut: one take starts at once; several are confirmed first. */
  const retake = useCallback(() => {
    if (controller.store.getState().variations > 1) {
      setTab('retake');
      setConfirmingVariations(true);
    } else void start();
  }, [controller, start]);
  useRetakeShortcut(rootRef, retake);

  const active = state.jobs.filter(isActive).length;
  const attention = state.jobs.filter((j) => j.stage === 'failed' || j.stage === 'stopped' || j.stage === 'review').length;
  const openSettings = () => setTab('settings');
  const openJobs = () => setTab('jobs');

  return (
    <div ref={rootRef} className="ltx-panel" data-theme={theme} data-testid="retake-panel" data-ready={state.ready ? 'true' : 'false'}>
      <Tabs
        active={tab}
        onSelect={setTab}
        tabs={[
          { id: 'retake', label: 'Retake' },
          { id: 'batch', label: 'Batch' },
          { id: 'jobs', label: 'Jobs', badge: active || attention || null, alert: active === 0 && attention > 0 },
          { id: 'settings', label: 'Settings' },
        ]}
      />
      <Notice notice={state.notice} onDismiss={() => controller.dismissNotice()} />
      <div className="ltx-content" role="tabpanel" id={`ltx-tabpanel-${tab}`} aria-labelledby={`ltx-tab-${tab}`} data-testid={`view-${tab}`}>
        {tab === 'retake' ? (
          <RetakeView
            controller={controller}
            state={state}
            busy={busy}
            lastStarted={lastStarted}
            confirming={confirmingVariations}
            onRetake={retake}
            onConfirm={() => void start()}
            onBack={() => setConfirmingVariations(false)}
            onOpenSettings={openSettings}
            onOpenJobs={openJobs}
          />
        ) : null}
        {tab === 'batch' ? (
          <BatchView controller={controller} state={state} lastBatch={lastBatch} onBatchStarted={setLastBatch} onOpenSettings={openSettings} onOpenJobs={openJobs} />
        ) : null}
        {tab === 'jobs' ? <JobList controller={controller} state={state} now={now} /> : null}
        {tab === 'settings' ? <SettingsView controller={controller} state={state} selfCheck={selfCheck} /> : null}
      </div>
    </div>
  );
}
