import { takesForRange } from '../app/takeGroups';
import { findCrossings } from '../domain/crossings';
import { crossingText } from './planText';
import { useState } from 'react';
import type { PanelState, RetakeController } from '../app/retakeController';
import { runAction } from './actions';
import { BatchFilters } from './BatchFilters';
import { BatchRow } from './BatchRow';
import { BatchRun } from './BatchRun';
import { ORIGINAL_SOUND_SPLIT, batchBlendText } from './blendText';
import { modeTouchesAudio } from '../domain/limits';
import { BatchStatus } from './BatchStatus';
import { MissingKey } from './MissingKey';

export interface LastBatch {
  ids: string[];
  skipped: number;
}

interface Props {
  controller: RetakeController;
  state: PanelState;
  lastBatch: LastBatch;
  onBatchStarted: (batch: LastBatch) => void;
  onOpenSettings: () => void;
  onOpenJobs: () => void;
}

/** A batch over the sequence's ranged markers: filter, tick, check the total, confirm, run. */
export function BatchView({ controller, state, lastBatch, onBatchStarted, onOpenSettings, onOpenJobs }: Props) {
  const [busy, setBusy] = useState(false);
  const { visible, runnable, totalUsd, blocker } = controller.batchSelection();
  const { batch, sequence, preferences } = state;
  const batchJobs = state.jobs.filter((j) => lastBatch.ids.includes(j.id));

  const start = async () => {
    setBusy(true);
    const started = await runAction(controller, () => controller.runBatch({ confirmedUsd: totalUsd }));
    setBusy(false);
    if (started) onBatchStarted({ ids: started.map((j) => j.id), skipped: runnable.length - started.length });
  };

  const status = (
    <BatchStatus
      jobs={batchJobs}
      started={lastBatch.ids.length}
      skipped={lastBatch.skipped}
      onCancelAll={() => void runAction(controller, () => controller.cancelAll())}
      onOpenJobs={onOpenJobs}
    />
  );
  if (!sequence) {
    return (
      <div className="ltx-stack">
        <p className="ltx-empty" data-testid="batch-empty">
          {state.hostProblem ?? 'Open a sequence in the Timeline to retake its ranged markers.'}
        </p>
        {status}
      </div>
    );
  }
  const hidden = batch.items.length - visible.length;
  return (
    <div className="ltx-stack">
      {state.ready && !state.hasApiKey ? <MissingKey onOpenSettings={onOpenSettings} what="run a batch" /> : null}
      <p className="ltx-hint">
        One retake per ranged marker on “{sequence.name}”. The marker’s comment is its prompt (the Retake tab’s prompt when empty); a [V], [A] or [AV] tag
        in its name picks the mode.
      </p>
      {batch.items.length > 0 ? <BatchFilters text={batch.filterText} color={batch.filterColor} onChange={(patch) => controller.setBatchFilter(patch)} /> : null}
      {batch.items.length === 0 ? (
        <p className="ltx-empty" data-testid="batch-empty">
          No ranged markers on this sequence. Add markers with a duration over the parts to retake (M, then drag the marker’s end).
        </p>
      ) : (
        <ul className="ltx-list" data-testid="batch-list">
          {visible.map((item) => (
            <BatchRow
              key={item.markerId}
              item={item}
              marker={state.markers.find((m) => m.id === item.markerId)}
              sequence={sequence}
              included={!batch.excluded.includes(item.markerId)}
              onToggle={(included) => controller.toggleBatchItem(item.markerId, included)}
              existingTakes={item.plan.ok ? takesForRange(state.jobs, sequence.id, item.plan.plan.replaced).length : 0}
              crossing={
                item.plan.ok && state.sequenceClips
                  ? crossingText(findCrossings(state.sequenceClips.clips, item.plan.plan.window, item.mode), sequence.timing.frameRate, sequence.timing.zeroPoint)
                  : null
              }
              lastJob={state.jobs.find((j) => j.sequenceId === sequence.id && j.origin.kind === 'marker' && j.origin.markerId === item.markerId)}
            />
          ))}
          {hidden > 0 ? <li className="ltx-muted ltx-small">{hidden} hidden by the filter.</li> : null}
        </ul>
      )}
      <BatchRun
        runnable={runnable.length}
        selectedOfVisible={`${runnable.length} of ${visible.length} selected`}
        totalUsd={totalUsd}
        capUsd={preferences.spendingCapUsd}
        concurrency={preferences.concurrency}
        blocker={blocker}
        takeNote={[batchBlendText(preferences.blendFrames), runnable.some((i) => modeTouchesAudio(i.mode)) ? ORIGINAL_SOUND_SPLIT : null].filter(Boolean).join(' ') || null}
        busy={busy}
        onStart={() => void start()}
        onOpenSettings={onOpenSettings}
      />
      {status}
    </div>
  );
}
