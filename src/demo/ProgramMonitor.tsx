/**
 * The Program monitor: the sequence as composited at the playhead (the top-most enabled clip on a
 * track whose eye is on; black where none), playing from the playhead, with an A/B compare that
 * leaves the LTX takes out. The compare is the monitor's only: it never edits the sequence.
 *
 * Within a dissolve (the fake's ClipInfo.transitions) the clip is drawn over the one beneath it
 * (black where none) with the export renderer's opacity at that frame (programPictureAt).
 *
 * The page tells the tests what is on screen: `data-shows` (the clip id, or "black"),
 * `data-under` and `data-opacity` within a dissolve, and `data-frame-ready` once the picture is
 * those clips' frames at the playhead.
 */
import { CSSProperties, RefObject, useEffect, useRef, useState } from 'react';
import { Ticks, framesToTicks, ticksToFrames } from '../domain/time';
import type { ClipInfo, SequenceInfo } from '../standins/premiere/fakePremiere';
import { timecode } from '../ui/format';
import type { MediaUrl } from './browserMedia';
import { isTake, oneFrame, programPictureAt, secondsOf } from './timelineMath';

type Compare = 'sequence' | 'original';

interface Props {
  seq: SequenceInfo;
  onSetPlayhead: (t: Ticks) => Promise<void> | void;
  mediaUrl: MediaUrl;
}

/** While playing, the picture may run this far from the playhead before it is cued again, s. */
const DRIFT_SECONDS = 0.2;

export function ProgramMonitor({ seq, onSetPlayhead, mediaUrl }: Props) {
  const [compare, setCompare] = useState<Compare>('sequence');
  const playing = usePlayback(seq, onSetPlayhead);
  const { clip, dissolve } = programPictureAt(seq, seq.playhead, compare === 'original');
  const top = useCuedVideo(seq, clip, playing.on);
  const under = useCuedVideo(seq, dissolve?.under ?? null, playing.on);
  const ready = top.ready && (!dissolve || under.ready);

  return (
    <section
      className="demo-monitor demo-program"
      aria-label="Program monitor"
      data-testid="program"
      data-compare={compare}
      data-shows={clip?.id ?? 'black'}
      {...(dissolve ? { 'data-under': dissolve.under?.id ?? 'black', 'data-opacity': dissolve.opacity.toFixed(3) } : {})}
      data-frame-ready={ready ? 'true' : 'false'}
    >
      <div className="demo-monitor-title">
        <span className="tl-tab">Program</span>
        <span className="demo-spacer" />
        <span className="demo-ab" role="group" aria-label="Compare (monitor only, the sequence is not changed)">
          <button type="button" className={compare === 'sequence' ? 'demo-ab-on' : ''} aria-pressed={compare === 'sequence'} data-testid="program-ab-sequence" onClick={() => setCompare('sequence')} title="A: the sequence as it plays">
            A · Sequence
          </button>
          <button type="button" className={compare === 'original' ? 'demo-ab-on' : ''} aria-pressed={compare === 'original'} data-testid="program-ab-original" onClick={() => setCompare('original')} title="B: the sequence without the LTX takes (the original under them); the sequence itself is not changed">
            B · Without takes
          </button>
        </span>
      </div>
      <div className="demo-monitor-screen demo-program-screen">
        {clip ? (
          <>
            {/* Beneath, within a dissolve only: the clip under the top one (the screen's black where none). */}
            {dissolve?.under ? <CuedVideo cue={under} clip={dissolve.under} mediaUrl={mediaUrl} testId="program-video-under" className="demo-program-under" /> : null}
            <CuedVideo cue={top} clip={clip} mediaUrl={mediaUrl} testId="program-video" style={dissolve ? { opacity: dissolve.opacity } : undefined} />
          </>
        ) : (
          <div className="demo-program-black" data-testid="program-black" />
        )}
      </div>
      <div className="demo-monitor-caption demo-program-caption" data-testid="program-caption">
        <button type="button" className="tl-button tl-button-icon" data-testid="program-play" onClick={playing.toggle} aria-label={playing.on ? 'Pause' : 'Play'} title={playing.on ? 'Pause' : 'Play from the playhead'}>
          {playing.on ? '❚❚' : '▶'}
        </button>
        <span className="demo-program-tc" data-testid="program-timecode">
          {timecode(seq.playhead, seq.frameRate, seq.zeroPoint, 'floor')}
        </span>
        {compare === 'original' ? <span className="demo-chip demo-chip-compare">B · without takes</span> : null}
        <ClipCaption clip={clip} />
      </div>
    </section>
  );
}

/** A <video> kept on a clip's frame at the playhead (playing along while playback runs), and whether it shows that frame. */
interface Cue {
  ref: RefObject<HTMLVideoElement>;
  mediaSeconds: number;
  ready: boolean;
  settled: (v: HTMLVideoElement) => void;
}

function useCuedVideo(seq: SequenceInfo, clip: ClipInfo | null, playing: boolean): Cue {
  const frameSeconds = secondsOf(oneFrame(seq));
  // A quarter frame in, so the decoder shows this frame and never the one before it.
  const mediaSeconds = clip ? secondsOf(clip.sourceIn + (seq.playhead - clip.start)) + frameSeconds / 4 : 0;
  const ref = useRef<HTMLVideoElement>(null);
  const [shown, setShown] = useState<{ path: string; seconds: number } | null>(null);

  useEffect(() => {
    const v = ref.current;
    if (!v || !clip) return;
    if (playing) {
      if (Math.abs(v.currentTime - mediaSeconds) > DRIFT_SECONDS) v.currentTime = mediaSeconds;
      if (v.paused) void v.play().catch(() => undefined);
      return;
    }
    if (!v.paused) v.pause();
    if (Math.abs(v.currentTime - mediaSeconds) > frameSeconds / 8) v.currentTime = mediaSeconds;
    else if (v.readyState >= 2 && !v.seeking) setShown({ path: clip.mediaPath, seconds: v.currentTime });
  }, [clip?.mediaPath, mediaSeconds, playing, frameSeconds]);

  const settled = (v: HTMLVideoElement) => {
    if (clip && v.readyState >= 2 && !v.seeking) setShown({ path: clip.mediaPath, seconds: v.currentTime });
  };
  const ready = !playing && (clip === null || (shown !== null && shown.path === clip.mediaPath && Math.abs(shown.seconds - mediaSeconds) < frameSeconds / 4));
  return { ref, mediaSeconds, ready, settled };
}

function CuedVideo({ cue, clip, mediaUrl, testId, className, style }: { cue: Cue; clip: ClipInfo; mediaUrl: MediaUrl; testId: string; className?: string; style?: CSSProperties }) {
  return (
    <video
      key={clip.mediaPath}
      ref={cue.ref}
      src={mediaUrl(clip.mediaPath)}
      muted
      preload="auto"
      data-testid={testId}
      className={className}
      style={style}
      onLoadedMetadata={(e) => {
        e.currentTarget.currentTime = cue.mediaSeconds;
      }}
      onSeeked={(e) => cue.settled(e.currentTarget)}
      onLoadedData={(e) => cue.settled(e.currentTarget)}
    />
  );
}

function ClipCaption({ clip }: { clip: ClipInfo | null }) {
  if (!clip) return <span className="demo-program-what">Black (no enabled clip)</span>;
  return (
    <span className="demo-program-what" title={clip.name}>
      <span className={isTake(clip) ? 'demo-chip demo-chip-take' : 'demo-chip'}>{isTake(clip) ? 'LTX take' : 'Source clip'}</span>
      V{clip.trackIndex + 1} · picture only
    </span>
  );
}

/**
 * Play / pause from the playhead: while playing, the playhead follows the wall clock frame by
 * frame (Premiere's playback moves the playhead) and stops at the end of the sequence; from the
 * end, play starts at the beginning. A move of the playhead by the editor while playing restarts
 * the clock from there (a position this loop did not send is the editor's).
 */
function usePlayback(seq: SequenceInfo, onSetPlayhead: (t: Ticks) => Promise<void> | void): { on: boolean; toggle: () => void } {
  const [on, setOn] = useState(false);
  const latest = useRef(seq);
  latest.current = seq;

  useEffect(() => {
    if (!on) return;
    const rate = latest.current.frameRate;
    const sent = new Set<Ticks>();
    const go = (t: Ticks) => {
      sent.add(t);
      void onSetPlayhead(t);
    };
    let seen = latest.current.playhead;
    let from = seen >= latest.current.end ? 0n : seen;
    if (from !== seen) go(from);
    let fromMs = performance.now();
    let last = from;
    let frame = requestAnimationFrame(function tick(now) {
      const s = latest.current;
      if (s.playhead !== seen) {
        seen = s.playhead;
        if (!sent.delete(seen)) [from, fromMs, last] = [seen, now, seen];
      }
      const t = framesToTicks(ticksToFrames(from, rate, 'floor') + Math.floor(((now - fromMs) / 1000) * (rate.num / rate.den)), rate);
      if (t >= s.end) {
        go(s.end);
        setOn(false);
        return;
      }
      if (t !== last) {
        last = t;
        go(t);
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [on]);

  return { on, toggle: () => setOn((o) => !o) };
}
