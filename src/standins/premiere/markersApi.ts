/** Sequence markers: `Markers.getMarkers(owner)` then `.getMarkers()`, every getter synchronous. */
import type { PClipProjectItem, PMarker, PMarkers, PSequence } from '../../adapters/premiere/subset';
import type { Ctx } from './context';
import { findSequence } from './state';
import { tickTime } from './time';

/** Premiere's marker type names (Marker.MARKER_TYPE_*). */
export const MARKER_TYPE = {
  COMMENT: 'Comment',
  CHAPTER: 'Chapter',
  FLVCUEPOINT: 'FlashCuePoint',
  WEBLINK: 'WebLink',
} as const;

export async function markersOf(ctx: Ctx, owner: PSequence | PClipProjectItem): Promise<PMarkers> {
  const ref = typeof owner === 'object' && owner !== null ? ctx.refs.get(owner) : undefined;
  if (!ref || (ref.kind !== 'sequence' && ref.kind !== 'item')) {
    throw new TypeError('Markers.getMarkers needs a Sequence or a ClipProjectItem from this Premiere.');
  }
  if (ref.kind === 'item') return { getMarkers: () => [] }; // clip markers are not modelled
  const guid = ref.guid;
  return {
    getMarkers: (filters) => {
      const seq = findSequence(ctx.project, guid);
      return seq.markers
        .filter((m) => !filters || filters.length === 0 || filters.includes(m.type))
        .map((m) => markerView(ctx, guid, m.guid));
    },
  };
}

function markerView(ctx: Ctx, seqGuid: string, guid: string): PMarker {
  const locate = () => {
    const seq = findSequence(ctx.project, seqGuid);
    const marker = seq.markers.find((m) => m.guid === guid);
    if (!marker) throw new Error('The marker no longer exists.');
    return { seq, marker };
  };
  const view: PMarker = {
    getName: () => locate().marker.name,
    getComments: () => locate().marker.comments,
    getColorIndex: () => locate().marker.colorIndex,
    getType: () => locate().marker.type,
    getStart: () => {
      const { seq, marker } = locate();
      return tickTime(ctx.toApiTime(marker.start, seq.zeroPoint));
    },
    getDuration: () => tickTime(locate().marker.duration),
    get guid() {
      return { toString: () => guid };
    },
  };
  return ctx.register(view, { kind: 'marker', seq: seqGuid, guid });
}
