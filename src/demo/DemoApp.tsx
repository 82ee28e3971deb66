/** The demo page: a simulated Premiere (monitor and timeline) beside the real LTX Retake panel. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RetakeController } from '../app/retakeController';
import type { Ticks } from '../domain/time';
import type { FakeControl } from '../standins/premiere/fakePremiere';
import { RetakePanel } from '../ui/RetakePanel';
import { ThumbnailFetcher, ThumbnailFetcherContext } from '../ui/TakeThumbnail';
import { ClipMetadata } from './ClipMetadata';
import { ResetControl, SimulateMenu } from './DemoControls';
import { mediaUrls } from './browserMedia';
import type { DemoConfig } from './demoSpec';
import { PreviewMonitor } from './PreviewMonitor';
import { ProgramMonitor } from './ProgramMonitor';
import type { SimulationId } from './simulations';
import { TimelineView } from './TimelineView';
import { programClipAt, sourceColour } from './timelineMath';
import { useFakeSequence } from './useFakeSequence';
import { useFakeSourceMonitor } from './useFakeSourceMonitor';
import { useTimelineTakes } from './useTimelineTakes';

export interface DemoAppProps {
  control: FakeControl;
  controller: RetakeController;
  config: DemoConfig;
  /** The take thumbnails' pictures, read with the page's token. */
  thumbnails: ThumbnailFetcher;
  setPlayhead: (t: Ticks) => Promise<void>;
  onReset: () => Promise<void>;
  /** Arms a stand-in fault for the next retake; resolves to how many are waiting. */
  onSimulate: (fault: SimulationId) => Promise<number>;
}

export function DemoApp({ control, controller, config, thumbnails, setPlayhead, onReset, onSimulate }: DemoAppProps) {
  const seq = useFakeSequence(control);
  const [selected, setSelected] = useState<string | null>(null);
  // The monitor shows what happened last: a take opened for review, or a clip clicked on the timeline.
  const sourceMonitor = useFakeSourceMonitor(control);
  const [showReview, setShowReview] = useState(false);
  useEffect(() => setShowReview(sourceMonitor.changes > 0 && sourceMonitor.state.path !== null), [sourceMonitor]);
  const selectClip = useCallback((id: string | null) => {
    setShowReview(false);
    setSelected(id);
  }, []);
  // "Reveal" in the panel selects the take in the fake: follow it here.
  const fakeSelection = seq?.selection.join(',') ?? '';
  useEffect(() => {
    if (fakeSelection) selectClip(fakeSelection.split(',')[0]);
  }, [fakeSelection, selectClip]);


  const sources = useMemo(() => config.project.clips.map((c) => c.path), [config]);
  const mediaUrl = useMemo(() => mediaUrls(config.mediaKey), [config]);
  const colourFor = useCallback((path: string, media: 'video' | 'audio') => sourceColour(Math.max(0, sources.indexOf(path)), media), [sources]);

  const allClips = seq ? [...seq.video, ...seq.audio].flatMap((t) => t.clips) : [];
  const selectedClip = allClips.find((c) => c.id === selected) ?? null;
  const underPlayhead = seq ? programClipAt(seq, seq.playhead) : null;
  const refresh = useCallback(() => void controller.refresh(), [controller]);
  const takeSwitchFor = useTimelineTakes(controller, seq);

  return (
    <div className="demo-root">
      <main className="demo-main">
        <header className="demo-header">
          <span className="demo-brand">LTX Retake</span>
          <span className="demo-sub">demo on a simulated Premiere Pro</span>
          <span className="demo-path" title={config.paths.projectPath}>
            {config.project.project.name} › {seq?.name ?? 'no sequence'}
          </span>
          <span className="demo-spacer" />
          <span className={config.runware.real ? 'demo-pill demo-pill-real' : 'demo-pill'} data-testid="demo-runware" title={config.runware.label}>
            <span className="demo-dot" />
            {config.runware.real ? 'Real Runware' : 'Runware stand-in'}
          </span>
          {config.runware.canSimulate ? <SimulateMenu onSimulate={onSimulate} /> : null}
          <ResetControl onReset={onReset} />
        </header>
        <div className="demo-top">
          <PreviewMonitor
            seq={seq}
            clip={selectedClip ?? underPlayhead}
            why={selectedClip ? 'selected' : 'playhead'}
            file={showReview && sourceMonitor.state.path ? { path: sourceMonitor.state.path, position: sourceMonitor.state.position } : null}
            mediaUrl={mediaUrl}
          />
          {seq ? <ProgramMonitor seq={seq} onSetPlayhead={setPlayhead} mediaUrl={mediaUrl} /> : null}
          <ClipMetadata control={control} clip={selectedClip} />
          <section className="demo-guide" aria-label="How to try it">
            <h2>Try it</h2>
            <ol>
              <li>
                <b>Mark a range.</b> The edit starts with 01:00:04:00–01:00:06:15 marked. Click the ruler to move the playhead, then press <kbd>I</kbd> and{' '}
                <kbd>O</kbd> (or the buttons).
              </li>
              <li>
                <b>Describe the new take</b> in the LTX Retake panel and press <b>Retake</b>. The cost shows before anything is spent.
              </li>
              <li>
                <b>Follow it in Jobs.</b> The take lands on the <i>LTX takes</i> track above, over exactly the regenerated frames; V1 is never touched.
                The <b>Program</b> monitor plays the sequence as composited; <b>B · Without takes</b> shows the original under the takes (the sequence is not changed).
              </li>
              <li>
                <b>Compare takes:</b> set <b>Takes</b> to 2–4 for variations of one range (the cost is shown times N and confirmed first), or turn on{' '}
                <b>Review each take before placing it</b> in Settings: the take then opens in the source monitor and waits for <b>Place</b>. On the timeline,
                ‹ <b>Take 2 of 3</b> › beside the playing take switches takes (the others are drawn dimmed: disabled); the track eyes hide a track.
              </li>
              <li>
                <b>Batch:</b> the three coloured markers carry prompts in their comments. Open the Batch tab to run them all.
              </li>
            </ol>
            <p className="demo-note">
              {config.runware.real
                ? 'Jobs run on the real Runware and are billed to the key the demo server holds (it never reaches this page).'
                : 'The local stand-in answers like Runware and “generates” by inverting the colours of the regenerated part (and a 1 kHz tone for sound), so the take is easy to spot.'}
            </p>
          </section>
        </div>
        {seq ? (
          <TimelineView
            control={control}
            seq={seq}
            colourFor={colourFor}
            selectedClipIds={selected ? [selected] : []}
            onSelectClip={selectClip}
            onSetPlayhead={(t) => void setPlayhead(t)}
            onEdited={refresh}
            takeSwitchFor={takeSwitchFor}
          />
        ) : (
          <p className="demo-empty">No sequence is open.</p>
        )}
      </main>
      <aside className="demo-panel-frame" aria-label="LTX Retake panel">
        <div className="demo-panel-tab">
          <span className="tl-tab">LTX Retake</span>
        </div>
        <div className="demo-panel-body">
          <ThumbnailFetcherContext.Provider value={thumbnails}>
            <RetakePanel controller={controller} />
          </ThumbnailFetcherContext.Provider>
        </div>
      </aside>
    </div>
  );
}
