/**
 * A small source monitor: a file the plugin opened for review (SourceMonitor.openFilePath, cued to
 * setPosition), else the selected clip's media (or the top-most clip under the playhead), cued to
 * the playhead.
 */
import { useEffect, useRef } from 'react';
import type { Ticks } from '../domain/time';
import type { ClipInfo, SequenceInfo } from '../standins/premiere/fakePremiere';
import { timecode } from '../ui/format';
import type { MediaUrl } from './browserMedia';
import { isTake, secondsOf } from './timelineMath';

interface Props {
  seq: SequenceInfo | null;
  clip: ClipInfo | null;
  why: 'selected' | 'playhead';
  /** A file opened in the Source Monitor for review, shown instead of the clip. */
  file?: { path: string; position: Ticks } | null;
  mediaUrl: MediaUrl;
}

export function PreviewMonitor({ seq, clip: timelineClip, why, file, mediaUrl }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const clip = file ? null : timelineClip;
  const inside = clip && seq ? clampTicks(seq.playhead, clip.start, clip.end - 1n) : null;
  const mediaSeconds = file ? secondsOf(file.position) : clip && inside !== null ? secondsOf(clip.sourceIn + (inside - clip.start)) : 0;
  const mediaPath = file?.path ?? clip?.mediaPath;

  useEffect(() => {
    const v = video.current;
    if (!v || !v.paused) return;
    const cue = () => {
      if (Math.abs(v.currentTime - mediaSeconds) > 0.02) v.currentTime = mediaSeconds;
    };
    if (v.readyState >= 1) cue();
    else v.addEventListener('loadedmetadata', cue, { once: true });
  }, [mediaSeconds, mediaPath]);

  return (
    <section className="demo-monitor" aria-label="Source monitor" data-testid="preview">
      <div className="demo-monitor-title">
        <span className="tl-tab">Source</span>
        <span className="demo-monitor-name" title={file?.path ?? clip?.name}>
          {file ? baseName(file.path) : clip ? clip.name : 'No clip'}
        </span>
      </div>
      <div className="demo-monitor-screen">
        {file ? (
          <video key={file.path} ref={video} src={mediaUrl(file.path)} controls preload="auto" data-testid="preview-video" />
        ) : clip && clip.media === 'video' ? (
          <video key={clip.mediaPath} ref={video} src={mediaUrl(clip.mediaPath)} controls preload="auto" data-testid="preview-video" />
        ) : clip ? (
          <div className="demo-monitor-empty">
            <audio key={clip.mediaPath} src={mediaUrl(clip.mediaPath)} controls preload="metadata" />
          </div>
        ) : (
          <div className="demo-monitor-empty">Click a clip on the timeline to preview it.</div>
        )}
      </div>
      <div className="demo-monitor-caption" data-testid="preview-caption">
        {file ? (
          <>
            <span className="demo-chip demo-chip-take">LTX take</span>
            Opened for review · at {secondsOf(file.position).toFixed(2)} s in the file · not on the timeline
          </>
        ) : clip && seq ? (
          <>
            <span className={isTake(clip) ? 'demo-chip demo-chip-take' : 'demo-chip'}>{isTake(clip) ? 'LTX take' : 'Source clip'}</span>
            {why === 'selected' ? 'Selected' : 'Under the playhead'} · {timecode(clip.start, seq.frameRate, seq.zeroPoint)} – {timecode(clip.end, seq.frameRate, seq.zeroPoint)} ·{' '}
            {baseName(clip.mediaPath)}
          </>
        ) : (
          ' '
        )}
      </div>
    </section>
  );
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function clampTicks(t: Ticks, lo: Ticks, hi: Ticks): Ticks {
  return t < lo ? lo : t > hi ? hi : t;
}
