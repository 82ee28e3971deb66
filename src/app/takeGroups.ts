/**
 * Takes grouped by range, and which one plays. A group is every job of one sequence that
 * regenerates the same frames; its placed takes sit stacked on the take lanes, one enabled (the
 * active take) or none (the original shows). The timeline is the truth for which take is
 * enabled: it is read back after every change, so a take the editor toggled by hand is seen too.
 */
import { RetakeError } from '../domain/errors';
import { JobRecord, StoredRange } from '../domain/job';
import type { TickRange } from '../domain/time';
import type { HostPort } from './ports';
import { Store, createStore } from './store';

export interface TakeGroup {
  /** sequence id + regenerated range: stable across reloads. */
  key: string;
  sequenceId: string;
  sequenceName: string;
  /** The regenerated range (what the takes cover) and the editor's marked range, ticks as strings. */
  replaced: StoredRange;
  marked: StoredRange;
  /** Every job of the range, oldest first. */
  jobs: JobRecord[];
  /** The jobs whose take is on the timeline, oldest first: "Take n of N" counts these. */
  takes: JobRecord[];
}

export function groupKey(job: Pick<JobRecord, 'sequenceId' | 'plan'>): string {
  return `${job.sequenceId}|${job.plan.replaced.start}|${job.plan.replaced.end}`;
}

/**
 * Jobs grouped by range, the group with the newest job first. `newestFirst` is in the order the
 * panel state holds jobs (the journal's, reversed): creation times can tie within a millisecond.
 */
export function groupJobs(newestFirst: JobRecord[]): TakeGroup[] {
  const byKey = new Map<string, TakeGroup>();
  for (const job of [...newestFirst].reverse()) {
    const key = groupKey(job);
    let group = byKey.get(key);
    if (!group) {
      group = { key, sequenceId: job.sequenceId, sequenceName: job.sequenceName, replaced: job.plan.replaced, marked: job.plan.marked, jobs: [], takes: [] };
      byKey.set(key, group);
    }
    group.jobs.push(job);
    if (job.placed) group.takes.push(job);
  }
  const order = Array.from(new Set(newestFirst.map(groupKey)));
  return order.map((key) => byKey.get(key) as TakeGroup);
}

/** Placed takes for the same frames as a plan: what a new retake of that range adds to. */
export function takesForRange(jobs: JobRecord[], sequenceId: string, replaced: TickRange): JobRecord[] {
  const key = `${sequenceId}|${replaced.start}|${replaced.end}`;
  return jobs.filter((j) => j.placed && groupKey(j) === key);
}

const rangeOf = (group: TakeGroup): TickRange => ({ start: BigInt(group.replaced.start), end: BigInt(group.replaced.end) });

/** Which take plays in each group: a job id, null for the original, absent while unknown. */
export type ActiveTakes = Record<string, string | null>;

export interface TakeSwitcherDeps {
  host: HostPort;
  /** Takes turns with exports and placements on the one timeline. */
  hostTurn: <T>(work: () => Promise<T>) => Promise<T>;
  /** Records that a job's take is no longer on the timeline (the job and its file stay in the history). */
  unplaced: (jobId: string) => Promise<void>;
}

export class TakeSwitcher {
  readonly active: Store<ActiveTakes> = createStore<ActiveTakes>({});

  constructor(private readonly deps: TakeSwitcherDeps) {}

  /** Whether the host can switch takes (Premiere can; a video file cannot). */
  get available(): boolean {
    return !!(this.deps.host.setActiveTake && this.deps.host.readActiveTake && this.deps.host.removeTake);
  }

  /** Reads which take of the group is enabled on the timeline. */
  async sync(group: TakeGroup): Promise<void> {
    const read = this.deps.host.readActiveTake;
    if (!read) return;
    const jobId = group.takes.length === 0 ? null : await read(group.sequenceId, rangeOf(group));
    this.active.setState({ [group.key]: jobId });
  }

  /** Makes one take the group's active take (null: the original), in one undo step. */
  async use(group: TakeGroup, jobId: string | null): Promise<void> {
    const set = this.required(this.deps.host.setActiveTake);
    if (jobId !== null && !group.takes.some((t) => t.id === jobId)) throw new RetakeError('invalidInput', 'That take is no longer on the timeline.');
    await this.deps.hostTurn(() => set(group.sequenceId, rangeOf(group), jobId));
    await this.sync(group);
  }

  /** The previous or next take, wrapping; from the original, next is the first take. */
  async step(group: TakeGroup, by: 1 | -1): Promise<void> {
    if (group.takes.length === 0) return;
    const current = this.active.getState()[group.key];
    const index = group.takes.findIndex((t) => t.id === current);
    const from = index < 0 ? (by === 1 ? -1 : 0) : index;
    const next = (from + by + group.takes.length) % group.takes.length;
    await this.use(group, group.takes[next].id);
  }

  /**
   * Takes one take off the timeline (its file and project item stay, and the job stays in the
   * history). If it was playing, the original shows until another take is chosen.
   */
  async remove(group: TakeGroup, jobId: string): Promise<void> {
    const remove = this.required(this.deps.host.removeTake);
    await this.deps.hostTurn(() => remove(group.sequenceId, jobId));
    await this.deps.unplaced(jobId);
    await this.sync({ ...group, takes: group.takes.filter((t) => t.id !== jobId) });
  }

  private required<F>(method: F | undefined): F {
    if (!method) throw new RetakeError('invalidInput', 'Switching takes needs Premiere; this host has no timeline.');
    return method;
  }
}

/** "Take 2 of 3", "Original (3 takes)". */
export function takePosition(group: TakeGroup, active: string | null | undefined): string {
  const n = group.takes.length;
  if (active === null) return `Original (${n} ${n === 1 ? 'take' : 'takes'})`;
  const index = group.takes.findIndex((t) => t.id === active);
  if (index < 0) return `${n} ${n === 1 ? 'take' : 'takes'}`;
  return `Take ${index + 1} of ${n}`;
}
