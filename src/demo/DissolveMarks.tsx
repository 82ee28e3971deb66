/** The dissolve marks on a clip's edges, as Premiere draws a transition: a shaded wedge over the frames it covers. */
import type { ClipInfo } from '../standins/premiere/fakePremiere';

const WEDGE = { position: 'absolute', top: 0, bottom: 0, pointerEvents: 'none', background: 'rgba(255, 255, 255, 0.45)' } as const;

export function DissolveMarks({ clip }: { clip: ClipInfo }) {
  const length = Number(clip.end - clip.start);
  if (length <= 0) return null;
  const width = (ticks: bigint) => `${Math.min(50, (Number(ticks) / length) * 100)}%`;
  const { start, end } = clip.transitions;
  return (
    <>
      {start ? (
        <span style={{ ...WEDGE, left: 0, width: width(start.duration), clipPath: 'polygon(0 100%, 100% 0, 100% 100%)' }} data-testid="tl-dissolve" data-edge="start" title={`Cross-dissolve in, ${start.matchName}`} />
      ) : null}
      {end ? (
        <span style={{ ...WEDGE, right: 0, width: width(end.duration), clipPath: 'polygon(0 0, 100% 100%, 0 100%)' }} data-testid="tl-dissolve" data-edge="end" title={`Cross-dissolve out, ${end.matchName}`} />
      ) : null}
    </>
  );
}
