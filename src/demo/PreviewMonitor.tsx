/** A small source monitor: the selected clip's media (or the top-most clip under the playhead), cued to the playhead. */
import { useEffect, useRef } from 'react';
import type { Ticks } from '../domain/time';
import type { ClipInfo, SequenceInfo } from '../standins/premiere/fakePremiere';
import { timecode } from '../ui/format';
import { mediaFileUrl } from './browserMedia';
import { isTake, secondsOf } from './timelineMath';

export function PreviewMonitor({ seq, clip, why }: { seq: SequenceInfo | null; clip: ClipInfo | null; why: 'selected' | 'playhead' }) {
  const video = useRef<HTMLVideoElement>(null);
  const inside = clip && seq ? clampTicks(seq.playhead, clip.start, clip.end - 1n) : null;
  const mediaSeconds = clip && inside !== null ? secondsOf(clip.sourceIn + (inside - clip.start)) : 0;

  useEffect(() => {
    const v = video.current;
    if (!v || !v.paused) return;
    const cue = () => {
      if (Math.abs(v.currentTime - mediaSeconds) > 0.02) v.currentTime = mediaSeconds;
    };
    if (v.readyState >= 1) cue();
    else v.addEventListener('loadedmetadata', cue, { once: true });
  }, [mediaSeconds, clip?.mediaPath]);

  return (
    <section className="demo-monitor" aria-label="Source monitor" data-testid="preview">
      <div className="demo-monitor-title">
        <span className="tl-tab">Source</span>
        <span className="demo-monitor-name" title={clip?.name}>
          {clip ? clip.name : 'No clip'}
        </span>
      </div>
      <div className="demo-monitor-screen">
        {clip && clip.media === 'video' ? (
          <video key={clip.mediaPath} ref={video} src={mediaFileUrl(clip.mediaPath)} controls preload="auto" data-testid="preview-video" />
        ) : clip ? (
          <div className="demo-monitor-empty">
            <audio key={clip.mediaPath} src={mediaFileUrl(clip.mediaPath)} controls preload="metadata" />
          </div>
        ) : (
          <div className="demo-monitor-empty">Click a clip on the timeline to preview it.</div>
        )}
      </div>
      <div className="demo-monitor-caption">
        {clip && seq ? (
          <>
            <span className={isTake(clip) ? 'demo-chip demo-chip-take' : 'demo-chip'}>{isTake(clip) ? 'LTX take' : 'Source clip'}</span>
            {why === 'selected' ? 'Selected' : 'Under the playhead'} · {timecode(clip.start, seq.frameRate, seq.zeroPoint)} – {timecode(clip.end, seq.frameRate, seq.zeroPoint)} ·{' '}
            {clip.mediaPath.split(/[\\/]/).pop()}
          </>
        ) : (
          ' '
        )}
      </div>
    </section>
  );
}

function clampTicks(t: Ticks, lo: Ticks, hi: Ticks): Ticks {
  return t < lo ? lo : t > hi ? hi : t;
}
