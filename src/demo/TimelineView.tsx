/**
 * A simulated Premiere timeline over the fake's state: ruler with timecodes, ranged markers, the
 * in/out range, video and audio tracks with their clips (takes drawn apart), and the playhead.
 * It edits as an editor would: playhead, in/out (I/O keys or buttons), ranged markers.
 */
import { KeyboardEvent, MouseEvent as ReactMouseEvent, useEffect, useRef, useState } from 'react';
import { TICKS_PER_SECOND, Ticks } from '../domain/time';
import type { ClipInfo, FakeControl, MarkerInfo, SequenceInfo, TrackInfo } from '../standins/premiere/fakePremiere';
import { durationTimecode, timecode } from '../ui/format';
import { ClipBlock, MarkerForm, MarkerSpan, TimecodeField } from './timelineParts';
import { oneFrame, pct, rulerSteps, secondsOf, ticksAtFraction, viewSeconds } from './timelineMath';
import type { TimelineTakeSwitch } from './useTimelineTakes';

const ZOOMS = [1, 1.5, 2, 3, 4, 6, 8];

export interface TimelineViewProps {
  control: FakeControl;
  seq: SequenceInfo;
  /** Label colour of a clip, from its source media (takes are drawn apart). */
  colourFor: (mediaPath: string, media: 'video' | 'audio') => string;
  selectedClipIds: string[];
  onSelectClip: (id: string | null) => void;
  onSetPlayhead: (t: Ticks) => void;
  /** After an edit of the marks or markers (the panel re-reads at once). */
  onEdited: () => void;
  /** The take switcher to draw beside a take clip (on one take per group), if any. */
  takeSwitchFor?: (clip: ClipInfo) => TimelineTakeSwitch | null;
}

export function TimelineView(props: TimelineViewProps) {
  const { control, seq, colourFor, selectedClipIds, onSelectClip, onSetPlayhead, onEdited, takeSwitchFor } = props;
  const timelineRef = useRef<HTMLElement>(null);
  const lanesRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [markerFormOpen, setMarkerFormOpen] = useState(false);
  const [zoom, setZoom] = useState(1);
  const total = viewSeconds(seq);
  const tc = (t: Ticks) => timecode(t, seq.frameRate, seq.zeroPoint, 'floor');
  const hasRange = seq.inPoint !== null && seq.outPoint !== null && seq.outPoint > seq.inPoint;

  const markIn = () => {
    const p = seq.playhead;
    control.setInOut(seq.guid, p, seq.outPoint !== null && seq.outPoint > p ? seq.outPoint : null);
    onEdited();
  };
  const markOut = () => {
    // As in Premiere, Out marks the frame under the playhead as the last frame of the range.
    const p = seq.playhead + oneFrame(seq) > seq.end ? seq.end : seq.playhead + oneFrame(seq);
    control.setInOut(seq.guid, seq.inPoint !== null && seq.inPoint < p ? seq.inPoint : null, p);
    onEdited();
  };
  const clearInOut = () => {
    control.setInOut(seq.guid, null, null);
    onEdited();
  };
  const step = (frames: number) => {
    const t = seq.playhead + oneFrame(seq) * BigInt(frames);
    onSetPlayhead(t < 0n ? 0n : t > seq.end ? seq.end : t);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || e.ctrlKey || e.metaKey || e.altKey) return;
    const handled: Record<string, () => void> = {
      i: markIn,
      o: markOut,
      ArrowLeft: () => step(e.shiftKey ? -5 : -1),
      ArrowRight: () => step(e.shiftKey ? 5 : 1),
      Home: () => onSetPlayhead(0n),
      End: () => onSetPlayhead(seq.end),
      '=': () => zoomBy(1),
      '+': () => zoomBy(1),
      '-': () => zoomBy(-1),
      '\\': () => setZoom(1),
    };
    const action = handled[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  /** Click or drag on the ruler moves the playhead, frame by frame. */
  const scrub = (e: ReactMouseEvent) => {
    const lanes = lanesRef.current;
    if (!lanes || e.button !== 0) return;
    e.preventDefault();
    (e.currentTarget.closest('.tl') as HTMLElement | null)?.focus();
    const rect = lanes.getBoundingClientRect();
    let last: Ticks | null = null;
    const moveTo = (clientX: number) => {
      const t = ticksAtFraction((clientX - rect.left) / rect.width, total, seq);
      if (t !== last) onSetPlayhead(t);
      last = t;
    };
    moveTo(e.clientX);
    const move = (ev: MouseEvent) => moveTo(ev.clientX);
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const zoomBy = (direction: 1 | -1) => setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(z) + direction))]);
  // Zooming keeps the playhead in view, centred.
  useEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    const x = (secondsOf(seq.playhead) / total) * box.scrollWidth;
    box.scrollLeft = Math.max(0, x - box.clientWidth / 2);
    // Only on zoom: following the playhead on every move would fight the editor's scrolling.
  }, [zoom]);

  const pickMarker = (m: MarkerInfo) => onSetPlayhead(m.start);
  const videoTracks = [...seq.video].reverse(); // V1 at the bottom, as in Premiere
  const { major, minor } = rulerSteps(total, 9 * zoom);
  const ticks: Array<{ s: number; major: boolean }> = [];
  for (let s = 0; s <= total + 1e-9; s += minor) ticks.push({ s, major: Math.abs(s / major - Math.round(s / major)) < 1e-9 });
  const secondTicks = (s: number) => BigInt(Math.round(s * 1000)) * (TICKS_PER_SECOND / 1000n);

  const lane = (track: TrackInfo, media: 'video' | 'audio') => (
    <div key={`${media}-${track.id}`} className={`tl-lane tl-lane-${media}${track.muted ? ' tl-lane-off' : ''}`} data-testid={`tl-lane-${media === 'video' ? 'V' : 'A'}${track.index + 1}`} onMouseDown={() => onSelectClip(null)}>
      {track.clips.map((clip) => (
        <ClipBlock
          key={clip.id}
          seq={seq}
          clip={clip}
          total={total}
          colour={colourFor(clip.mediaPath, media)}
          selected={selectedClipIds.includes(clip.id)}
          onSelect={onSelectClip}
          switcher={takeSwitchFor?.(clip)}
        />
      ))}
    </div>
  );
  // The eye (video) and mute (audio) are the editor's, not the plugin's: the track's output state
  // in the fake (VideoTrack/AudioTrack isMuted), which the Program monitor and exports follow.
  const header = (track: TrackInfo, media: 'video' | 'audio') => {
    const name = `${media === 'video' ? 'V' : 'A'}${track.index + 1}`;
    const what = media === 'video' ? (track.muted ? `Show ${name} (track output is off)` : `Hide ${name} (toggle track output)`) : track.muted ? `Unmute ${name}` : `Mute ${name}`;
    return (
      <div key={`${media}-${track.id}`} className={`tl-h tl-h-${media}`} title={track.name}>
        <span className="tl-h-name">{name}</span>
        <button
          type="button"
          className={track.muted ? 'tl-h-toggle tl-h-toggle-off' : 'tl-h-toggle'}
          data-testid={`tl-eye-${name}`}
          aria-pressed={!track.muted}
          aria-label={what}
          title={what}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => control.setTrackMuted(seq.guid, media, track.index, !track.muted)}
        >
          {media === 'video' ? (track.muted ? '⊘' : '◉') : track.muted ? 'M' : '♪'}
        </button>
      </div>
    );
  };

  return (
    <section className="tl" ref={timelineRef} tabIndex={0} onKeyDown={onKeyDown} aria-label={`Timeline: ${seq.name}`} data-testid="timeline">
      <div className="tl-titlebar">
        <span className="tl-tab">Timeline: {seq.name}</span>
        <span className="tl-meta">
          {seq.frameRate.num / seq.frameRate.den} fps · {seq.frameSize.width}×{seq.frameSize.height} · starts {tc(0n)}
        </span>
        <span className="tl-spacer" />
    <span className="tl-zoom" role="group" aria-label="Zoom">
          <button type="button" className="tl-button tl-button-icon" data-testid="tl-zoom-out" onClick={() => zoomBy(-1)} disabled={zoom === ZOOMS[0]} title="Zoom out (-)">
            −
          </button>
          <button type="button" className="tl-button tl-zoom-level" onClick={() => setZoom(1)} title="Fit the sequence (\)">
            {zoom === 1 ? 'Fit' : `${zoom}×`}
          </button>
          <button type="button" className="tl-button tl-button-icon" data-testid="tl-zoom-in" onClick={() => zoomBy(1)} disabled={zoom === ZOOMS[ZOOMS.length - 1]} title="Zoom in (=)">
            +
          </button>
        </span>
      </div>
      <div className="tl-toolbar">
        <TimecodeField seq={seq} onGo={onSetPlayhead} onDone={() => timelineRef.current?.focus()} />
        <button type="button" className="tl-button" data-testid="tl-mark-in" onClick={markIn} title="Set the in point at the playhead (I)">
          Mark In <kbd>I</kbd>
        </button>
        <button type="button" className="tl-button" data-testid="tl-mark-out" onClick={markOut} title="Set the out point at the playhead (O)">
          Mark Out <kbd>O</kbd>
        </button>
        <button type="button" className="tl-button" data-testid="tl-clear-inout" onClick={clearInOut} disabled={seq.inPoint === null && seq.outPoint === null}>
          Clear In/Out
        </button>
        <span className="tl-readout" data-testid="tl-inout">
          <span className="tl-readout-label">In</span> {seq.inPoint !== null ? tc(seq.inPoint) : '—'}
          <span className="tl-readout-label">Out</span> {seq.outPoint !== null ? tc(seq.outPoint > oneFrame(seq) ? seq.outPoint - oneFrame(seq) : 0n) : '—'}
          {hasRange ? <span className="tl-readout-duration"> ({durationTimecode({ start: seq.inPoint as Ticks, end: seq.outPoint as Ticks }, seq.frameRate)})</span> : null}
        </span>
        <span className="tl-spacer" />
        <button type="button" className="tl-button" data-testid="tl-add-marker" onClick={() => setMarkerFormOpen((o) => !o)} aria-expanded={markerFormOpen} title="Add a ranged marker over the in/out, with a comment the Batch tab uses as its prompt">
          + Ranged marker
        </button>
      </div>
      {markerFormOpen ? (
        <MarkerForm
          seq={seq}
          defaultName={`Marker ${seq.markers.length + 1}`}
          onCancel={() => setMarkerFormOpen(false)}
          onAdd={(m) => {
            if (seq.inPoint === null || seq.outPoint === null) return;
            control.addMarker(seq.guid, { ...m, start: seq.inPoint, duration: seq.outPoint - seq.inPoint });
            setMarkerFormOpen(false);
            onEdited();
          }}
        />
      ) : null}
      <div className="tl-body">
        <div className="tl-headers">
          <div className="tl-h tl-h-ruler" />
          <div className="tl-h tl-h-markers">Markers</div>
          {videoTracks.map((t) => header(t, 'video'))}
          <div className="tl-divider" />
          {seq.audio.map((t) => header(t, 'audio'))}
        </div>
        <div className="tl-scroll" ref={scrollRef}>
        <div className="tl-lanes" ref={lanesRef} style={{ width: `calc(${zoom * 100}% - 22px)` }}>
          <div className="tl-ruler" onMouseDown={scrub} data-testid="tl-ruler" title="Click or drag to move the playhead">
            {hasRange ? <div className="tl-ruler-inout" style={{ left: pct(seq.inPoint as Ticks, total), width: pct((seq.outPoint as Ticks) - (seq.inPoint as Ticks), total) }} /> : null}
            {ticks.map(({ s, major: isMajor }) => (
              <div key={s} className={isMajor ? 'tl-tick tl-tick-major' : 'tl-tick'} style={{ left: `${(s / total) * 100}%` }}>
                {isMajor && s < total - major / 2 ? <span className="tl-tick-label">{tc(secondTicks(s))}</span> : null}
              </div>
            ))}
          </div>
          <div className="tl-lane tl-lane-markers">
            {seq.markers.map((m) => (
              <MarkerSpan key={m.guid} seq={seq} marker={m} total={total} onPick={pickMarker} />
            ))}
          </div>
          {videoTracks.map((t) => lane(t, 'video'))}
          <div className="tl-divider" />
          {seq.audio.map((t) => lane(t, 'audio'))}
          <div className="tl-end" style={{ left: pct(seq.end, total) }} title="End of the sequence" />
          {seq.inPoint !== null ? <div className="tl-mark tl-mark-in" style={{ left: pct(seq.inPoint, total) }} /> : null}
          {seq.outPoint !== null ? <div className="tl-mark tl-mark-out" style={{ left: pct(seq.outPoint, total) }} /> : null}
          {hasRange ? <div className="tl-inout-shade" data-testid="tl-inout-shade" style={{ left: pct(seq.inPoint as Ticks, total), width: pct((seq.outPoint as Ticks) - (seq.inPoint as Ticks), total) }} /> : null}
          <div className="tl-playhead" data-testid="tl-playhead" style={{ left: pct(seq.playhead, total) }}>
            <div className="tl-playhead-head" />
          </div>
        </div>
        </div>
      </div>
      <div className="tl-hint">Click the ruler to move the playhead · I / O mark in and out · ← → step a frame · = / − zoom · click a clip to preview it</div>
    </section>
  );
}
