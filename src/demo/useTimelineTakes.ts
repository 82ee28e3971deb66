import { useCallback, useMemo } from 'react';
import type { RetakeController } from '../app/retakeController';
import { groupJobs, takePosition } from '../app/takeGroups';
import type { ClipInfo, SequenceInfo } from '../standins/premiere/fakePremiere';
import { runAction } from '../ui/actions';
import { useStore } from '../ui/useStore';
import { takeJobId } from './timelineMath';

/** The take switcher drawn on the timeline beside a group's take: "Take 2 of 3", previous / next. */
export interface TimelineTakeSwitch {
  label: string;
  onPrevious: () => void;
  onNext: () => void;
}

/**
 * For each take clip on the timeline, the switcher of its group, on one take per group: the
 * enabled one (the timeline is the truth for which take plays), or the newest when the original
 * shows. Previous / next are the panel's switcher actions (the controller's), so undo is the same.
 */
export function useTimelineTakes(controller: RetakeController, seq: SequenceInfo | null): (clip: ClipInfo) => TimelineTakeSwitch | null {
  const jobs = useStore(controller.store, (s) => s.jobs);
  const groups = useMemo(() => groupJobs(jobs), [jobs]);
  /** Clip id of the take that carries each group's switcher (its picture when it has one). */
  const carriers = useMemo(() => {
    const map = new Map<string, { group: (typeof groups)[number]; active: string | null }>();
    if (!seq || !controller.takes.available) return map;
    const takeClips = [...seq.video, ...seq.audio].flatMap((t) => t.clips).filter((c) => takeJobId(c) !== null);
    for (const group of groups) {
      const ids = new Set(group.takes.map((t) => t.id));
      const onTimeline = takeClips.filter((c) => ids.has(takeJobId(c) as string));
      if (onTimeline.length === 0) continue;
      const enabled = onTimeline.find((c) => !c.disabled);
      const active = enabled ? takeJobId(enabled) : null;
      const carrierJob = active ?? group.takes[group.takes.length - 1].id;
      const ofCarrier = onTimeline.filter((c) => takeJobId(c) === carrierJob);
      const carrier = ofCarrier.find((c) => c.media === 'video') ?? ofCarrier[0];
      if (carrier) map.set(carrier.id, { group, active });
    }
    return map;
  }, [groups, seq, controller]);

  return useCallback(
    (clip: ClipInfo) => {
      const entry = carriers.get(clip.id);
      if (!entry) return null;
      const { group, active } = entry;
      // Read the timeline first: the switcher steps from the take that plays now.
      const step = (by: 1 | -1) => () =>
        void runAction(controller, async () => {
          await controller.takes.sync(group);
          await controller.takes.step(group, by);
        });
      return { label: takePosition(group, active), onPrevious: step(-1), onNext: step(1) };
    },
    [carriers, controller],
  );
}
