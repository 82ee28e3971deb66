/**
 * Sequence and clip markers: `Markers.getMarkers(owner)` then `.getMarkers()` (every getter
 * synchronous) and `.createAddMarkerAction(name, type, start, duration, comments)`, an action under
 * the lock rules like every other. Sequence marker times cross the API in Premiere's sequence time;
 * clip marker times are media ticks from the file's start.
 */
import type { PClipProjectItem, PMarker, PMarkers, PSequence, PTickTime } from '../../adapters/premiere/subset';
import type { Ticks } from '../../domain/time';
import type { Ctx } from './context';
import { MarkerState, ProjectState, findClip, findSequence, newGuid } from './state';
import { tickTicks, tickTime } from './time';

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
  const filtered = (markers: MarkerState[], filters?: string[]) => markers.filter((m) => !filters || filters.length === 0 || filters.includes(m.type));
  if (ref.kind === 'item') {
    const id = ref.id;
    const clipMarkers = (project: ProjectState) => {
      const clip = findClip(project, id);
      return (clip.markers ??= []);
    };
    return {
      getMarkers: (filters) => filtered(clipMarkers(ctx.project), filters).map((m) => clipMarkerView(ctx, id, m.guid)),
      createAddMarkerAction: (name, markerType, startTime, duration, comments) =>
        addMarkerAction(ctx, 'clip', { name, markerType, startTime, duration, comments }, (project) => ({ markers: clipMarkers(project), start: (t) => t })),
    };
  }
  const guid = ref.guid;
  return {
    getMarkers: (filters) => filtered(findSequence(ctx.project, guid).markers, filters).map((m) => markerView(ctx, guid, m.guid)),
    createAddMarkerAction: (name, markerType, startTime, duration, comments) =>
      addMarkerAction(ctx, 'sequence', { name, markerType, startTime, duration, comments }, (project) => {
        const seq = findSequence(project, guid);
        return { markers: seq.markers, start: (t) => ctx.fromApiTime(t, seq.zeroPoint) };
      }),
  };
}

/** The types Adobe's Marker reference names (createSetTypeAction); an omitted type is a comment marker. */
const MARKER_TYPES: readonly string[] = [MARKER_TYPE.COMMENT, MARKER_TYPE.CHAPTER, 'Segmentation', MARKER_TYPE.WEBLINK, MARKER_TYPE.FLVCUEPOINT];

interface NewMarker {
  name: string;
  markerType?: string;
  startTime?: PTickTime;
  duration?: PTickTime;
  comments?: string;
}

function addMarkerAction(ctx: Ctx, owner: 'clip' | 'sequence', m: NewMarker, target: (project: ProjectState) => { markers: MarkerState[]; start: (t: Ticks) => Ticks }) {
  if (typeof m.name !== 'string') throw new TypeError('createAddMarkerAction needs a name.');
  const type = m.markerType ?? MARKER_TYPE.COMMENT;
  if (!MARKER_TYPES.includes(type)) throw new TypeError(`createAddMarkerAction: unknown marker type "${type}".`);
  const start = m.startTime === undefined ? 0n : tickTicks(m.startTime);
  const duration = m.duration === undefined ? 0n : tickTicks(m.duration);
  if (start < 0n || duration < 0n) throw new RangeError('createAddMarkerAction needs a start and duration of 0 or more.');
  return ctx.gate.action(`Markers.createAddMarkerAction (${owner})`, (project) => {
    const { markers, start: toState } = target(project);
    markers.push({ guid: newGuid(ctx.world), name: m.name, comments: m.comments ?? '', colorIndex: 0, type, start: toState(start), duration });
  });
}

/** A clip marker. Not registered: no API call of the subset takes a marker back. */
function clipMarkerView(ctx: Ctx, itemId: string, guid: string): PMarker {
  const locate = () => {
    const marker = (findClip(ctx.project, itemId).markers ?? []).find((x) => x.guid === guid);
    if (!marker) throw new Error('The marker no longer exists.');
    return marker;
  };
  return {
    getName: () => locate().name,
    getComments: () => locate().comments,
    getColorIndex: () => locate().colorIndex,
    getType: () => locate().type,
    getStart: () => tickTime(locate().start),
    getDuration: () => tickTime(locate().duration),
    get guid() {
      return { toString: () => guid };
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
