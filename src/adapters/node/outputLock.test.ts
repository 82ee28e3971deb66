import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'fs';
import { hostname, tmpdir } from 'os';
import { join } from 'path';
import { LockOwner, lockOutput } from './outputLock';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'lock-')), '.out.mp4.ltx-retake.lock');

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

test('one holder at a time: the second is told who holds it; released, it can be taken again', async () => {
  const path = lockIn();
  const first = await lockOutput(path, '/x/out.mp4');
  expect(first.ok).toBe(true);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
  const second = await lockOutput(path, '/x/out.mp4');
  expect(second).toMatchObject({ ok: false, holder: { pid: process.pid } });
  if (!second.ok) expect(second.sentence).toMatch(new RegExp(`Another ltx-retake \\(process ${process.pid} on .*\\) is writing /x/out\\.mp4\\. Nothing was uploaded`));
  if (first.ok) await first.release();
  expect(existsSync(path)).toBe(false);
  const third = await lockOutput(path, '/x/out.mp4');
  expect(third.ok).toBe(true);
  if (third.ok) await third.release();
});

test('a lock left by a process that died (kill -9) is taken over', async () => {
  const path = lockIn();
  writeFileSync(path, JSON.stringify({ pid: await deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: hostname() }));
  const lock = await lockOutput(path, '/x/out.mp4');
  expect(lock.ok).toBe(true);
  expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
  if (lock.ok) await lock.release();
});

test('a lock from another machine is never judged stale; an empty one is stale only once it is old', async () => {
  const path = lockIn();
  writeFileSync(path, JSON.stringify({ pid: await deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: 'other-machine' }));
  expect(await lockOutput(path, '/x/out.mp4')).toMatchObject({ ok: false, holder: { host: 'other-machine' } });
  writeFileSync(path, '');
  expect(await lockOutput(path, '/x/out.mp4')).toMatchObject({ ok: false, holder: null });
  utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const lock = await lockOutput(path, '/x/out.mp4');
  expect(lock.ok).toBe(true);
  if (lock.ok) await lock.release();
});

test('processes taking over one stale lock at the same moment: exactly one gets it, the others are told', async () => {
  const dead = await deadPid();
  for (let round = 0; round < 10; round++) {
    const path = lockIn();
    writeFileSync(path, JSON.stringify({ pid: dead, startedAt: '2026-01-01T00:00:00.000Z', host: hostname() }));
    // Eight processes of this machine (pids of our own numbering), all running but the dead one.
    const owners: LockOwner[] = Array.from({ length: 8 }, (_, i) => ({ pid: 2_000_000 + i, isRunning: (pid) => pid !== dead, onExit: () => () => undefined }));
    const results = await Promise.all(owners.map((owner) => lockOutput(path, '/x/out.mp4', owner)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.sentence).toMatch(/^Another ltx-retake .*Nothing was uploaded/);
    const winner = owners[results.findIndex((r) => r.ok)];
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(winner.pid);
    expect(existsSync(`${path}.takeover`)).toBe(false);
  }
});

test('a takeover guard left by a process that died holding it is cleared once it is old', async () => {
  const path = lockIn();
  writeFileSync(path, JSON.stringify({ pid: await deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: hostname() }));
  writeFileSync(`${path}.takeover`, '123');
  expect(await lockOutput(path, '/x/out.mp4')).toMatchObject({ ok: false, holder: null });
  utimesSync(`${path}.takeover`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const lock = await lockOutput(path, '/x/out.mp4');
  expect(lock.ok).toBe(true);
  if (lock.ok) await lock.release();
});
