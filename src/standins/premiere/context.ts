/**
 * What every part of the fake shares: the state, the rule gate, the faults, the event bus, and the
 * registry that maps API objects back to the state they stand for.
 */
import type { PConstants } from '../../adapters/premiere/subset';
import { premiereToTimeline, timelineToPremiere } from '../../adapters/premiere/timeConvention';
import { Gate } from './transactions';
import { CLOSED_SOURCE_MONITOR, type SourceMonitorState } from './sourceMonitor';
import type { MediaKind, ProjectState, World } from './state';
import { DEFAULT_BEHAVIOUR, FakeBehaviour } from './behaviour';
import type { FakeFaults, FakePremiereOptions } from './types';

export type Ref =
  | { kind: 'project' }
  | { kind: 'item'; id: string }
  | { kind: 'sequence'; guid: string }
  | { kind: 'track'; seq: string; media: MediaKind; trackId: number }
  | { kind: 'trackItem'; seq: string; media: MediaKind; id: string }
  | { kind: 'selection'; seq: string | null; items: Array<{ media: MediaKind; id: string }> }
  | { kind: 'marker'; seq: string; guid: string }
  | { kind: 'sequenceItem'; seq: string };

export interface ExportRecord {
  sequence: string;
  outPath: string;
  presetPath: string;
  window: { start: bigint; end: bigint };
  outcome: 'pending' | 'written' | 'failed';
}

export class EventBus {
  private listeners = new Map<unknown, Set<(event?: object) => void>>();

  add(name: unknown, handler: (event?: object) => void): void {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name)!.add(handler);
  }

  remove(name: unknown, handler: (event?: object) => void): void {
    this.listeners.get(name)?.delete(handler);
  }

  count(name: unknown): number {
    return this.listeners.get(name)?.size ?? 0;
  }

  fire(name: unknown, event: object): void {
    for (const handler of [...(this.listeners.get(name) ?? [])]) {
      try {
        handler(event);
      } catch {
        // A listener's error stays in the listener, as with Premiere's event dispatch.
      }
    }
  }
}

export class Ctx {
  readonly gate: Gate;
  readonly refs = new WeakMap<object, Ref>();
  readonly events = new EventBus();
  readonly exports: ExportRecord[] = [];
  /** The Source Monitor: application state, outside the project (no undo step). */
  sourceMonitor: SourceMonitorState = CLOSED_SOURCE_MONITOR;
  /** The project metadata schema's added properties (Metadata.addPropertyToProjectMetadataSchema): name -> label and type. */
  readonly metadataSchema = new Map<string, { label: string; type: number }>();
  readonly behaviour: FakeBehaviour;
  private readonly subscribers = new Set<() => void>();

  constructor(
    readonly world: World,
    readonly options: FakePremiereOptions,
    public faults: FakeFaults,
    readonly constants: PConstants,
  ) {
    this.gate = new Gate(world, () => this.notify());
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  }

  /** A sequence time as the API reports it, from ticks since the timeline start. */
  toApiTime(timelineTicks: bigint, zeroPoint: bigint): bigint {
    return timelineToPremiere(timelineTicks, zeroPoint, this.behaviour.timesIncludeZeroPoint);
  }

  /** A sequence time handed to the API, as ticks since the timeline start. */
  fromApiTime(apiTicks: bigint, zeroPoint: bigint): bigint {
    return premiereToTimeline(apiTicks, zeroPoint, this.behaviour.timesIncludeZeroPoint);
  }

  get project(): ProjectState {
    if (!this.world.project) throw new Error('No project is open.');
    return this.world.project;
  }

  register<T extends object>(view: T, ref: Ref): T {
    this.refs.set(view, ref);
    return view;
  }

  /** The state an API object stands for, checked to be of the kind the caller needs. */
  refOf<K extends Ref['kind']>(view: unknown, kind: K, what: string): Extract<Ref, { kind: K }> {
    const ref = typeof view === 'object' && view !== null ? this.refs.get(view) : undefined;
    if (!ref || ref.kind !== kind) throw new TypeError(`${what}: expected a ${kind} object from this Premiere.`);
    return ref as Extract<Ref, { kind: K }>;
  }

  subscribe(listener: () => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  notify(): void {
    for (const s of [...this.subscribers]) {
      try {
        s();
      } catch {
        // A broken view never breaks the fake.
      }
    }
  }

  sleep(ms: number): Promise<void> {
    if (this.options.sleep) return this.options.sleep(ms);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
