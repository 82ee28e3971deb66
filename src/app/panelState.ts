import type { BatchItem } from '../domain/batch';
import type { WindowClip } from '../domain/crossings';
import type { JobRecord } from '../domain/job';
import type { PlanResult, RetakeSettings } from '../domain/plan';
import type { RangedMarker, SequenceSnapshot } from './ports';
import type { Preferences } from './preferences';

/** What the panel shows, as the controller keeps it (one store; the UI renders it). */
export interface BatchState {
  items: BatchItem[];
  /** Marker ids the editor unticked. */
  excluded: string[];
  filterText: string;
  filterColor: number | null;
}

export interface PanelState {
  ready: boolean;
  hasApiKey: boolean;
  sequence: SequenceSnapshot | null;
  /** Why the host could not be read, as a sentence; null when it could. */
  hostProblem: string | null;
  draft: RetakeSettings;
  plan: PlanResult | null;
  preferences: Preferences;
  markers: RangedMarker[];
  batch: BatchState;
  /** Newest first. */
  jobs: JobRecord[];
  /** The last sentence for an action that is not a job (settings, key), or null. */
  notice: { kind: 'error' | 'info'; text: string } | null;
  /** Retake x N: how many takes of the plan one Retake starts (1-4); never saved, so it starts at 1. */
  variations: number;
  /** The sequence's enabled clips (takes left out), for the cut/gap warnings; null where the host cannot tell. */
  sequenceClips: { sequenceId: string; clips: WindowClip[] } | null;
}
