/** Small pieces of the demo timeline: clip blocks, marker spans, the marker form, the timecode field. */
import { KeyboardEvent, MouseEvent, useEffect, useState } from 'react';
import type { Ticks } from '../domain/time';
import type { ClipInfo, MarkerInfo, SequenceInfo } from '../standins/premiere/fakePremiere';
import { timecode } from '../ui/format';
import { MARKER_COLORS, markerColor } from '../ui/markerColors';
import { DissolveMarks } from './DissolveMarks';
import { isTake, parseTimecode, pct, secondsOf } from './timelineMath';
import type { TimelineTakeSwitch } from './useTimelineTakes';

const tc = (seq: SequenceInfo, t: Ticks) => timecode(t, seq.frameRate, seq.zeroPoint, 'floor');

export function ClipBlock(props: {
  seq: SequenceInfo;
  clip: ClipInfo;
  total: number;
  colour: string;
  selected: boolean;
  onSelect: (id: string) => void;
  /** On the take that carries its group's switcher: "Take 2 of 3" with previous / next. */
  switcher?: TimelineTakeSwitch | null;
}) {
  const { seq, clip, total, colour, selected, onSelect, switcher } = props;
  const take = isTake(clip);
  const classes = ['tl-clip', `tl-clip-${clip.media}`, take ? 'tl-clip-take' : '', selected ? 'tl-clip-selected' : '', clip.disabled ? 'tl-clip-disabled' : '']
    .filter(Boolean)
    .join(' ');
  const title = `${clip.name}\n${tc(seq, clip.start)} – ${tc(seq, clip.end)} (${secondsOf(clip.end - clip.start).toFixed(2)} s)\nSource: ${clip.mediaPath.split(/[\\/]/).pop()}`;
  const block = (
    <div
      className={classes}
      style={{ left: pct(clip.start, total), width: pct(clip.end - clip.start, total), backgroundColor: take ? undefined : colour }}
      title={title}
      data-testid="tl-clip"
      data-clip-id={clip.id}
      data-take={take ? 'true' : 'false'}
      onMouseDown={(e: MouseEvent) => {
        e.stopPropagation();
        onSelect(clip.id);
      }}
    >
      {take ? <span className="tl-take-badge">TAKE</span> : <span className="tl-clip-name">{clip.name}</span>}
      <DissolveMarks clip={clip} />
    </div>
  );
  if (!take) return block;
  // A take is usually narrow at this zoom: its traceable name also reads beside it (it has the track to itself).
  return (
    <>
      {block}
      <span
        className={clip.disabled ? 'tl-take-label tl-take-label-disabled' : 'tl-take-label'}
        style={secondsOf(clip.end) / total < 0.6 ? { left: pct(clip.end, total) } : { right: `${(1 - secondsOf(clip.start) / total) * 100}%`, textAlign: 'right' }}
        data-testid="tl-take-label"
      >
        {switcher ? <TakeSwitchBadge switcher={switcher} /> : null}
        {clip.disabled ? <span className="tl-take-off">disabled</span> : null}
        {clip.name}
      </span>
    </>
  );
}

/** The group's switcher on the timeline; the lane under it must not take the click as a deselect. */
function TakeSwitchBadge({ switcher }: { switcher: TimelineTakeSwitch }) {
  const keep = (e: MouseEvent) => e.stopPropagation();
  return (
    <span className="tl-take-switch" data-testid="tl-take-switch" onMouseDown={keep}>
      <button type="button" className="tl-take-step" data-testid="tl-take-prev" aria-label="Previous take" onClick={switcher.onPrevious}>
        ‹
      </button>
      <span className="tl-take-position" data-testid="tl-take-position">
        {switcher.label}
      </span>
      <button type="button" className="tl-take-step" data-testid="tl-take-next" aria-label="Next take" onClick={switcher.onNext}>
        ›
      </button>
    </span>
  );
}

export function MarkerSpan(props: { seq: SequenceInfo; marker: MarkerInfo; total: number; onPick: (m: MarkerInfo) => void }) {
  const { seq, marker, total, onPick } = props;
  const colour = markerColor(marker.colorIndex).hex;
  const ranged = marker.duration > 0n;
  return (
    <div
      className={ranged ? 'tl-marker' : 'tl-marker tl-marker-point'}
      style={{ left: pct(marker.start, total), width: ranged ? pct(marker.duration, total) : undefined, borderColor: colour, ['--marker' as string]: colour }}
      title={`${marker.name}\n${tc(seq, marker.start)} – ${tc(seq, marker.start + marker.duration)}\n${marker.comments}`}
      data-testid="tl-marker"
      onMouseDown={(e: MouseEvent) => {
        e.stopPropagation();
        onPick(marker);
      }}
    >
      <span className="tl-marker-name">{marker.name}</span>
    </div>
  );
}

/**
 * The playhead timecode, editable like Premiere's: type a timecode and press Enter (or Escape):
 * the keys go back to the timeline (`onDone`), so I and O mark again at once.
 */
export function TimecodeField(props: { seq: SequenceInfo; onGo: (t: Ticks) => void; onDone: () => void }) {
  const { seq, onGo, onDone } = props;
  const shown = tc(seq, seq.playhead);
  const [text, setText] = useState<string | null>(null);
  const [bad, setBad] = useState(false);
  const commit = () => {
    if (text === null) return;
    const t = parseTimecode(text, seq.frameRate, seq.zeroPoint);
    if (t === null) {
      setBad(true);
      return;
    }
    setBad(false);
    setText(null);
    onGo(t > seq.end ? seq.end : t);
    onDone();
  };
  return (
    <input
      className={bad ? 'tl-timecode tl-timecode-bad' : 'tl-timecode'}
      data-testid="tl-timecode"
      aria-label="Playhead timecode"
      value={text ?? shown}
      spellCheck={false}
      onFocus={(e) => {
        setText(shown);
        e.currentTarget.select();
      }}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        setText(null);
        setBad(false);
      }}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') {
          setText(null);
          setBad(false);
          onDone();
        }
      }}
    />
  );
}

/** Name, comment (the prompt a batch uses) and colour of a ranged marker over the in/out. */
export function MarkerForm(props: {
  seq: SequenceInfo;
  defaultName: string;
  onAdd: (m: { name: string; comments: string; colorIndex: number }) => void;
  onCancel: () => void;
}) {
  const { seq, defaultName, onAdd, onCancel } = props;
  const [name, setName] = useState(defaultName);
  const [comments, setComments] = useState('');
  const [colorIndex, setColorIndex] = useState(3);
  useEffect(() => setName(defaultName), [defaultName]);
  const range = seq.inPoint !== null && seq.outPoint !== null && seq.outPoint > seq.inPoint ? { start: seq.inPoint, end: seq.outPoint } : null;
  const submit = () => {
    if (range && name.trim()) onAdd({ name: name.trim(), comments: comments.trim(), colorIndex });
  };
  return (
    <form
      className="tl-marker-form"
      data-testid="tl-marker-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <span className="tl-form-range">{range ? `${tc(seq, range.start)} – ${tc(seq, range.end)}` : 'Mark an in and an out first'}</span>
      <label>
        Name
        <input data-testid="tl-marker-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Sky [V]" />
      </label>
      <label className="tl-form-grow">
        Comment (prompt)
        <input data-testid="tl-marker-comment" value={comments} onChange={(e) => setComments(e.target.value)} placeholder="What the retake should show" />
      </label>
      <label>
        Colour
        <select data-testid="tl-marker-colour" value={colorIndex} onChange={(e) => setColorIndex(Number(e.target.value))}>
          {MARKER_COLORS.map((c, i) => (
            <option key={c.name} value={i}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="tl-button tl-button-primary" data-testid="tl-marker-save" disabled={!range || !name.trim()}>
        Add marker
      </button>
      <button type="button" className="tl-button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
