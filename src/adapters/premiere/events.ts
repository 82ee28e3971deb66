/**
 * Following Premiere by its events instead of re-reading it on a timer (Adobe's sample panel
 * premiere-api/src/eventManager.ts shows each listener used here; the reference gives every one
 * "Since 25.6"):
 * - global: ProjectEvent OPENED, CLOSED, ACTIVATED, DIRTY; SequenceEvent ACTIVATED,
 *   SELECTION_CHANGED (the sample adds these with addGlobalEventListener);
 * - on the active sequence: SequenceEvent.CLOSED; on each of its tracks: VideoTrackEvent /
 *   AudioTrackEvent TRACK_CHANGED (clips added, removed, moved, trimmed; mute). The sample adds
 *   these with addEventListener on the object, and again for each newly activated sequence.
 * No event exists for the in/out points, the playhead or markers: those are polled (probeMarks).
 */
import type { HostEventName, HostEventTarget, PremiereSubset } from './subset';

type Target = HostEventTarget;
type Handler = (event?: object) => void;
type Listener = { target: Target; name: HostEventName; handler: Handler };

export interface HostWatch {
  stop(): void;
  /** A read found these track counts on the active sequence: listen on new tracks too. */
  tracksSeen(sequenceId: string, videoTracks: number, audioTracks: number): void;
}

/** Adobe's sample passes Constants.VideoTrackEvent.* under @ts-expect-error: the d.ts union of event names omits them. */
function trackEventName(name: unknown): HostEventName {
  return name as HostEventName;
}

export function watchHostChanges(ppro: PremiereSubset, onChange: () => void): HostWatch {
  const C = ppro.Constants;
  const em = ppro.EventManager;
  let stopped = false;
  let attached: Listener[] = [];
  let watching: { id: string; video: number; audio: number } | null = null;
  let generation = 0;
  let retargeting = false;

  const changed: Handler = () => {
    if (!stopped) onChange();
  };
  const switched: Handler = () => {
    changed();
    void retarget();
  };
  const detach = () => {
    for (const { target, name, handler } of attached) {
      try {
        em.removeEventListener(target, name, handler);
      } catch {
        // The object is gone with its sequence: nothing left to remove.
      }
    }
    attached = [];
    watching = null;
  };
  /** Listens on the active sequence and its tracks; any earlier ones are dropped. */
  const retarget = async () => {
    const mine = ++generation;
    retargeting = true;
    detach();
    try {
      const project = await ppro.Project.getActiveProject();
      const sequence = project ? await project.getActiveSequence() : null;
      if (!sequence) return;
      const wanted: Listener[] = [{ target: sequence, name: C.SequenceEvent.CLOSED, handler: switched }];
      const video = await sequence.getVideoTrackCount();
      const audio = await sequence.getAudioTrackCount();
      for (let i = 0; i < video; i++) wanted.push({ target: await sequence.getVideoTrack(i), name: trackEventName(C.VideoTrackEvent.TRACK_CHANGED), handler: changed });
      for (let i = 0; i < audio; i++) wanted.push({ target: await sequence.getAudioTrack(i), name: trackEventName(C.AudioTrackEvent.TRACK_CHANGED), handler: changed });
      if (mine !== generation || stopped) return; // a newer switch or stop came meanwhile
      for (const w of wanted) em.addEventListener(w.target, w.name, w.handler);
      attached = wanted;
      watching = { id: sequence.guid.toString(), video, audio };
    } catch {
      // The next event or read tries again; the poll still follows the marks.
    } finally {
      if (mine === generation) retargeting = false;
    }
  };

  const globals: Array<[HostEventName, Handler]> = [
    [C.ProjectEvent.OPENED, switched],
    [C.ProjectEvent.CLOSED, switched],
    [C.ProjectEvent.ACTIVATED, switched],
    [C.ProjectEvent.DIRTY, changed],
    [C.SequenceEvent.ACTIVATED, switched],
    [C.SequenceEvent.SELECTION_CHANGED, changed],
  ];
  for (const [name, handler] of globals) em.addGlobalEventListener(name, handler);
  void retarget();

  return {
    stop: () => {
      stopped = true;
      generation++;
      for (const [name, handler] of globals) em.removeGlobalEventListener(name, handler);
      detach();
    },
    // Also the fallback should an activation event not come: a read of another sequence moves the listeners.
    tracksSeen: (sequenceId, video, audio) => {
      if (stopped || retargeting) return;
      if (!watching || watching.id !== sequenceId || watching.video !== video || watching.audio !== audio) void retarget();
    },
  };
}
