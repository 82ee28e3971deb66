import type { JobRecord } from '../domain/job';
import { PLAIN_REMINDER_MS, createProgress } from './progress';

function job(patch: Partial<JobRecord>): JobRecord {
  return { id: 'j1', createdAt: '', updatedAt: '', sequenceId: 's', sequenceName: 'n', origin: { kind: 'marks' }, plan: {} as JobRecord['plan'], stage: 'queued', ...patch };
}

function harness(tty: boolean, expectedGenerationMs: number | null) {
  let now = 1_000_000;
  let out = '';
  const progress = createProgress({ tty, write: (t) => (out += t), now: () => now, expectedGenerationMs });
  return { progress, advance: (ms: number) => (now += ms), out: () => out, now: () => now };
}

test('on a terminal: one line redrawn, with the stage, a bar against the expected time and the elapsed time', () => {
  const h = harness(true, 100_000);
  h.progress.update(job({ stage: 'uploading' }));
  expect(h.out()).toBe('\r\x1b[2K  Uploading… 0:00');
  h.advance(5_000);
  h.progress.update(job({ stage: 'generating', taskUUID: 't-1', submittedAt: h.now() }));
  h.advance(50_000);
  h.progress.tick();
  const last = h.out().split('\r\x1b[2K').pop();
  expect(last).toBe(`  Generating [${'#'.repeat(12)}${'.'.repeat(12)}] 50% 0:50, about 1:40 expected (task t-1), 0:55 in all`);
  expect(h.out()).not.toContain('\n');
  h.progress.finish();
  expect(h.out().endsWith('\n')).toBe(true);
});

test('Runware\'s own progress, when reported, drives the bar; with no history there is no bar', () => {
  const h = harness(true, 100_000);
  h.progress.update(job({ stage: 'generating', taskUUID: 't', submittedAt: h.now(), progress: 80 }));
  expect(h.out()).toContain('80%');
  const bare = harness(true, null);
  bare.progress.update(job({ stage: 'generating', taskUUID: 't', submittedAt: bare.now() }));
  expect(bare.out()).not.toMatch(/\[[#.]+\]/);
  expect(bare.out()).not.toContain('expected');
});

test('not a terminal: a plain line per stage and a reminder every 15 s while generating', () => {
  const h = harness(false, 60_000);
  h.progress.update(job({ stage: 'uploading' }));
  h.progress.update(job({ stage: 'uploading' }));
  h.progress.update(job({ stage: 'generating', taskUUID: 't-2', submittedAt: h.now() }));
  h.advance(PLAIN_REMINDER_MS - 1);
  h.progress.tick();
  h.advance(1);
  h.progress.tick();
  h.progress.finish();
  expect(h.out()).toBe('  Uploading…\n  Generating (task t-2)…\n  still generating (15 s of about 60 s expected)…\n');
  expect(h.out()).not.toContain('\r');
});
