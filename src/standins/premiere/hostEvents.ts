/**
 * The fake's EventManager: listeners on a target (project, sequence, track) or global, and the
 * events Premiere documents, fired from the fake's own state changes (whoever made them: the
 * plugin's transactions or the editor through `control`).
 *
 * What fires, and on what (Adobe's sample panel premiere-api/src/eventManager.ts and the reference
 * constants and events pages):
 * - ProjectEvent.OPENED, ACTIVATED when a project opens, CLOSED when it closes (global);
 * - ProjectEvent.DIRTY on each edit of the project's content (the sample refreshes its list of
 *   project items on it); never for the sequence in/out, markers, playhead or selection, since
 *   no event exists for them;
 * - SequenceEvent.ACTIVATED when another sequence becomes active, CLOSED when the active one closes
 *   (no sequence is active any more), SELECTION_CHANGED when a sequence's selection changes
 *   (global, and on that sequence as a target);
 * - VideoTrackEvent / AudioTrackEvent TRACK_CHANGED with INFO_CHANGED when a track's clips or mute
 *   change (on that track as a target; the sample's comments say the two always fire together).
 * Payloads carry what the reference lists and the fake can give honestly ({ id, name } for a
 * sequence, { name, path, id } for a project); track events carry nothing.
 *
 * Events are dispatched after the change has landed, never inside the caller's stack.
 */
import type { PremiereSubset } from '../../adapters/premiere/subset';
import type { Ctx, Ref } from './context';
import type { SequenceState, TrackState, World } from './state';

/** Target listeners share the context's bus, keyed by target and name; global ones by name alone. */
function targetKey(ref: Ref): string {
  switch (ref.kind) {
    case 'project':
      return 'project';
    case 'sequence':
      return `sequence:${ref.guid}`;
    case 'track':
      return `track:${ref.seq}:${ref.media}:${ref.trackId}`;
    default:
      throw new TypeError(`EventManager.addEventListener: a ${ref.kind} cannot be an event target.`);
  }
}

function listenerKey(ctx: Ctx, target: unknown, eventName: unknown): string {
  const ref = typeof target === 'object' && target !== null ? ctx.refs.get(target) : undefined;
  if (!ref) throw new TypeError('EventManager.addEventListener: expected a project, sequence or track from this Premiere.');
  return targetListenerKey(targetKey(ref), eventName);
}

export function eventManager(ctx: Ctx): PremiereSubset['EventManager'] {
  return {
    addGlobalEventListener: (eventName, eventHandler) => ctx.events.add(eventName, eventHandler),
    removeGlobalEventListener: (eventName, eventHandler) => ctx.events.remove(eventName, eventHandler),
    addEventListener: (target, eventName, eventHandler) => ctx.events.add(listenerKey(ctx, target, eventName), eventHandler),
    removeEventListener: (target, eventName, eventHandler) => ctx.events.remove(listenerKey(ctx, target, eventName), eventHandler),
  };
}

/** The bus key of a target's listeners, for `control.listenerCount` (target: 'project', 'sequence:<guid>', 'track:<guid>:video:<id>'). */
export function targetListenerKey(target: string, eventName: unknown): string {
  return `${target}|${String(eventName)}`;
}

interface Look {
  project: { guid: string; name: string; path: string } | null;
  active: string | null;
  selections: Map<string, string>;
  tracks: Map<string, string>;
  names: Map<string, string>;
  content: string;
}

/** Keys of a sequence's state that no event reports. */
const UNREPORTED = new Set(['inPoint', 'outPoint', 'markers', 'playhead', 'selection']);

function look(world: World): Look {
  const project = world.project;
  const selections = new Map<string, string>();
  const tracks = new Map<string, string>();
  const names = new Map<string, string>();
  if (!project) return { project: null, active: null, selections, tracks, names, content: '' };
  for (const seq of project.sequences) {
    names.set(seq.guid, seq.name);
    selections.set(seq.guid, JSON.stringify(seq.selection));
    const note = (media: 'video' | 'audio', list: TrackState[]) => {
      for (const t of list) tracks.set(`track:${seq.guid}:${media}:${t.id}`, JSON.stringify({ muted: t.muted, items: t.items }, bigints));
    };
    note('video', seq.video);
    note('audio', seq.audio);
  }
  const content = JSON.stringify(project, function (this: unknown, key: string, value: unknown) {
    if (UNREPORTED.has(key) && isSequence(this)) return undefined;
    if (key === 'activeSequence') return undefined;
    return bigints(key, value);
  });
  return { project: { guid: project.guid, name: project.name, path: project.path }, active: project.activeSequence, selections, tracks, names, content };
}

function isSequence(holder: unknown): holder is SequenceState {
  return typeof holder === 'object' && holder !== null && 'guid' in holder && 'video' in holder && 'audio' in holder;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Watches the fake's state and fires what Premiere would for each change. */
export function startHostEvents(ctx: Ctx): void {
  const C = ctx.constants;
  let before = look(ctx.world);
  const fire = (name: unknown, event: object, target?: string) => {
    ctx.events.fire(name, event);
    if (target) ctx.events.fire(targetListenerKey(target, name), event);
  };
  const sequenceEvent = (guid: string) => ({ id: guid, name: ctx.world.project?.sequences.find((s) => s.guid === guid)?.name ?? '' });

  ctx.subscribe(() => {
    const was = before;
    const now = look(ctx.world);
    before = now;
    const due: Array<() => void> = [];
    if (was.project?.guid !== now.project?.guid) {
      const closed = was.project;
      const opened = now.project;
      if (closed) due.push(() => fire(C.ProjectEvent.CLOSED, { name: closed.name, path: closed.path, id: closed.guid }));
      if (opened) {
        const event = { name: opened.name, path: opened.path, id: opened.guid };
        due.push(() => fire(C.ProjectEvent.OPENED, event, 'project'), () => fire(C.ProjectEvent.ACTIVATED, event, 'project'));
      }
    } else if (now.project) {
      if (was.content !== now.content) {
        const p = now.project;
        due.push(() => fire(C.ProjectEvent.DIRTY, { name: p.name, path: p.path, id: p.guid }, 'project'));
      }
      for (const [key, items] of now.tracks) {
        if (was.tracks.has(key) && was.tracks.get(key) !== items) {
          const T = key.includes(':audio:') ? C.AudioTrackEvent : C.VideoTrackEvent;
          due.push(() => fire(T.TRACK_CHANGED, {}, key), () => fire(T.INFO_CHANGED, {}, key));
        }
      }
      for (const [guid, selection] of now.selections) {
        if (was.selections.has(guid) && was.selections.get(guid) !== selection) due.push(() => fire(C.SequenceEvent.SELECTION_CHANGED, sequenceEvent(guid), `sequence:${guid}`));
      }
    }
    if (was.active !== now.active) {
      const previous = was.active;
      const next = now.active;
      if (next) due.push(() => fire(C.SequenceEvent.ACTIVATED, sequenceEvent(next), `sequence:${next}`));
      else if (previous) {
        const event = { id: previous, name: was.names.get(previous) ?? '' };
        due.push(() => fire(C.SequenceEvent.CLOSED, event, `sequence:${previous}`));
      }
    }
    if (due.length > 0) void Promise.resolve().then(() => due.forEach((f) => f()));
  });
}
