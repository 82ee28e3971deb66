import { JobRecord, newJob } from '../domain/job';
import { DEFAULT_SETTINGS, planRetake } from '../domain/plan';
import { FRAME_RATES, TickRange, framesToTicks } from '../domain/time';
import { createMutex } from './jobQueue';
import type { HostPort } from './ports';
import { TakeSwitcher, groupJobs, takePosition, takesForRange } from './takeGroups';

const rate = FRAME_RATES['25'];
const f = (n: number) => framesToTicks(n, rate);
const timing = { frameRate: rate, end: f(1500), zeroPoint: 0n };

function job(id: string, marks: [number, number], minute: number, placed = true): JobRecord {
  const planned = planRetake({ start: f(marks[0]), end: f(marks[1]) }, timing, { ...DEFAULT_SETTINGS, prompt: `prompt ${id}` });
  if (!planned.ok) throw new Error(planned.reason);
  const record = newJob({ id, now: new Date(Date.UTC(2026, 0, 1, 9, minute)), sequenceId: 'seq', sequenceName: 'Edit', origin: { kind: 'marks' }, plan: planned.plan });
  return { ...record, stage: 'done', ...(placed ? { placed: { name: `take ${id}`, videoTrackIndex: 1, audioTrackIndex: null, at: planned.plan.replaced.start.toString() } } : {}) };
}

/** A timeline that remembers which take is enabled per range, as the Premiere host reads it back. */
function timelineHost() {
  const enabled = new Map<string, string | null>();
  const removed: string[] = [];
  const key = (r: TickRange) => `${r.start}-${r.end}`;
  const host: Pick<HostPort, 'readActiveTake' | 'setActiveTake' | 'removeTake'> = {
    readActiveTake: async (_s, range) => enabled.get(key(range)) ?? null,
    setActiveTake: async (_s, range, jobId) => void enabled.set(key(range), jobId),
    removeTake: async (_s, jobId) => {
      removed.push(jobId);
      for (const [k, v] of enabled) if (v === jobId) enabled.set(k, null);
    },
  };
  return { host: host as HostPort, enabled, removed };
}

describe('takes grouped by range', () => {
  const jobs = [job('a1', [250, 310], 1), job('b1', [500, 560], 2), job('a2', [250, 310], 3), job('a3', [250, 310], 4, false)];
  const newestFirst = [...jobs].reverse();

  test('groups by sequence and regenerated range, newest group first, takes oldest first', () => {
    const groups = groupJobs(newestFirst);
    expect(groups.map((g) => g.jobs.map((j) => j.id))).toEqual([['a1', 'a2', 'a3'], ['b1']]);
    expect(groups[0].takes.map((j) => j.id)).toEqual(['a1', 'a2']); // a3 is not on the timeline
    expect(takesForRange(jobs, 'seq', { start: f(250), end: f(325) }).map((j) => j.id)).toEqual(['a1', 'a2']);
    expect(takesForRange(jobs, 'other', { start: f(250), end: f(325) })).toEqual([]);
  });

  test('says which take plays', () => {
    const [group] = groupJobs(newestFirst);
    expect(takePosition(group, 'a2')).toBe('Take 2 of 2');
    expect(takePosition(group, null)).toBe('Original (2 takes)');
    expect(takePosition(group, undefined)).toBe('2 takes');
  });

  test('steps through the takes, wrapping; Original and back; removing records the take as off the timeline', async () => {
    const { host, removed } = timelineHost();
    const unplaced: string[] = [];
    const switcher = new TakeSwitcher({ host, hostTurn: createMutex(), unplaced: async (id) => void unplaced.push(id) });
    const [group] = groupJobs(newestFirst);
    await switcher.use(group, 'a2');
    const active = () => switcher.active.getState()[group.key];
    expect(active()).toBe('a2');
    await switcher.step(group, 1);
    expect(active()).toBe('a1');
    await switcher.step(group, -1);
    expect(active()).toBe('a2');
    await switcher.use(group, null);
    expect(active()).toBeNull();
    await switcher.step(group, 1);
    expect(active()).toBe('a1');
    await expect(switcher.use(group, 'b1')).rejects.toMatchObject({ category: 'invalidInput' });

    await switcher.remove(group, 'a1');
    expect(removed).toEqual(['a1']);
    expect(unplaced).toEqual(['a1']);
    expect(active()).toBeNull();
  });

  test('a host without a timeline offers no switching', async () => {
    const switcher = new TakeSwitcher({ host: {} as HostPort, hostTurn: createMutex(), unplaced: async () => undefined });
    expect(switcher.available).toBe(false);
    await expect(switcher.use(groupJobs(newestFirst)[0], 'a1')).rejects.toMatchObject({ category: 'invalidInput' });
  });
});
