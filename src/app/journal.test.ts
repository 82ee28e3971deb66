import { newJob } from '../domain/job';
import { DEFAULT_SETTINGS, planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createMemoryFileStore } from '../testing/memoryFileStore';
import { Journal, pendingPathOf } from './journal';

const rate = FRAME_RATES['25'];
const PATH = '/data/journal.json';

function job(id: string, patch: Record<string, unknown> = {}) {
  const planned = planRetake({ start: framesToTicks(250, rate), end: framesToTicks(315, rate) }, { frameRate: rate, end: framesToTicks(1500, rate), zeroPoint: 0n }, { ...DEFAULT_SETTINGS, prompt: 'a red car' });
  if (!planned.ok) throw new Error(planned.reason);
  return { ...newJob({ id, now: new Date('2026-01-01T00:00:00Z'), sequenceId: 's', sequenceName: 'S', origin: { kind: 'marks' }, plan: planned.plan }), ...patch };
}

test('a journal found only as its pending write (crash before the rename) is recovered, paid task included', async () => {
  const files = createMemoryFileStore();
  files.texts.set(pendingPathOf(PATH), JSON.stringify({ version: 1, jobs: [job('a', { taskUUID: 't-1', acknowledged: true, stage: 'generating' })] }));
  const journal = new Journal(files, PATH);
  const jobs = await journal.load();
  expect(jobs.map((j) => j.taskUUID)).toEqual(['t-1']);
  expect(journal.notices.join(' ')).toMatch(/recovered from its last complete write/);
});

test('a journal of the wrong shape never throws: malformed jobs are set aside with a sentence, good ones kept', async () => {
  const files = createMemoryFileStore();
  const good = job('good', { taskUUID: 't-good', acknowledged: true, stage: 'generating' });
  const broken = [
    null,
    'text',
    { ...job('no-plan'), plan: undefined },
    { ...job('bad-range'), plan: { ...job('x').plan, window: { start: 'abc', end: '1' } } },
    job('bad-stage', { stage: 'exploded' }),
    job('bad-task', { taskUUID: 42 }),
  ];
  files.texts.set(PATH, JSON.stringify({ version: 1, jobs: [broken[0], good, ...broken.slice(1)] }));
  const journal = new Journal(files, PATH);
  const jobs = await journal.load();
  expect(jobs.map((j) => j.id)).toEqual(['good']);
  expect(journal.notices).toHaveLength(broken.length);
  expect(journal.notices.join('\n')).toMatch(/Job bad-stage in the job journal could not be read \(its stage "exploded" is not a known stage\)/);
  expect(journal.notices.join('\n')).toMatch(/Job bad-range .*window range/);
  const asideName = [...files.texts.keys()].find((k) => k.startsWith(`${PATH}.set-aside-`));
  expect(JSON.parse(files.texts.get(asideName!)!)).toHaveLength(broken.length);
  // The good job keeps working: it can be saved and read back, and the file is whole again.
  await journal.save({ ...jobs[0], stage: 'downloading' });
  expect(await new Journal(files, PATH).load()).toMatchObject([{ id: 'good', stage: 'downloading' }]);
});

test.each([
  ['not JSON', '{"version":1,"jobs":['],
  ['an array', '[1,2]'],
  ['another version', '{"version":2,"jobs":[]}'],
  ['jobs not a list', '{"version":1,"jobs":{"a":1}}'],
  ['null', 'null'],
])('a file that is not a journal (%s) is kept aside whole and a new one started', async (_name, text) => {
  const files = createMemoryFileStore();
  files.texts.set(PATH, text);
  const journal = new Journal(files, PATH);
  expect(await journal.load()).toEqual([]);
  const aside = [...files.texts.entries()].find(([k]) => k.startsWith(`${PATH}.unreadable-`));
  expect(aside?.[1]).toBe(text);
  expect(journal.notices[0]).toMatch(/could not be read; it was kept as/);
});

test('a write that fails (disk full) is a sentence naming the paid taskUUID, never a raw error', async () => {
  const files = createMemoryFileStore();
  const journal = new Journal(files, PATH);
  await journal.save(job('a'));
  files.failWrites = 'ENOSPC: no space left on device, write';
  const paid = job('a', { taskUUID: '0b7c4a52-1111-4222-8333-944455556666', acknowledged: true });
  await expect(journal.save(paid)).rejects.toMatchObject({
    category: 'host',
    message: expect.stringMatching(/^Could not write the job journal \/data\/journal\.json \(ENOSPC.*\)\. Task 0b7c4a52-1111-4222-8333-944455556666 is paid for/),
  });
  // Not yet submitted: no task is named, so no message claims a charge.
  const unsent = await journal.save(job('b', { taskUUID: 'not-sent' })).catch((e: Error) => e.message);
  expect(unsent).toBe('Could not write the job journal /data/journal.json (ENOSPC: no space left on device, write).');
  // The next write after the disk recovers lands, with every job.
  files.failWrites = null;
  await journal.save(job('c'));
  expect((await new Journal(files, PATH).load()).map((j) => j.id)).toEqual(['a', 'b', 'c']);
});

test('review states load (old journals have none); an unknown one or a bad takeDeleted flag is set aside', async () => {
  const files = createMemoryFileStore();
  const kept = [job('old'), job('waiting', { stage: 'review', review: 'pending', acknowledged: true }), job('dropped', { stage: 'discarded', review: 'discarded', acknowledged: true }), job('gone', { stage: 'done', takeDeleted: true })];
  files.texts.set(PATH, JSON.stringify({ version: 1, jobs: [...kept, job('odd', { review: 'maybe' }), job('odd-flag', { takeDeleted: 'yes' })] }));
  const journal = new Journal(files, PATH);
  expect((await journal.load()).map((j) => j.id)).toEqual(['old', 'waiting', 'dropped', 'gone']);
  expect(journal.notices.join('\n')).toMatch(/Job odd .*its review state "maybe" is not known/);
  expect(journal.notices.join('\n')).toMatch(/Job odd-flag .*takeDeleted/);
});
