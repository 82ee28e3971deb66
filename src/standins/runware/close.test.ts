import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { makeTestClip } from '../../testing/media';
import { startRunwareStandIn } from './server';
import { poll, post, retakeTask, uploadFile } from './testKit';

/** close() in a file of its own, so no other stand-in's ffmpeg or sockets blur the handle count. */
test('close() ends hanging requests, running renders and timers, and leaves no handles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runware-close-'));
  try {
    const clip = await makeTestClip(join(dir, 'c.mp4'), { seconds: 5, fps: '25', width: 160, height: 90 });
    const baseline = process.getActiveResourcesInfo();
    const count = (list: string[], name: string): number => list.filter((x) => x === name).length;

    const c = await startRunwareStandIn({ generationMs: 60000 });
    const m = await uploadFile(c, clip);
    const task = retakeTask(m.mediaUUID);
    expect((await post(c, [task])).status).toBe(200);
    c.faults.add({ on: 'poll', fault: { kind: 'hang' } });
    const hanging = poll(c, String(task.taskUUID)).then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 100));
    // the render is running (a child process) and the job timer is armed
    expect(count(process.getActiveResourcesInfo(), 'ProcessWrap')).toBeGreaterThan(0);

    await c.close();
    expect(await hanging).toBe('failed');
    // close() resolves only after the server is closed and ffmpeg has exited
    expect(count(process.getActiveResourcesInfo(), 'TCPServerWrap')).toBe(count(baseline, 'TCPServerWrap'));
    expect(count(process.getActiveResourcesInfo(), 'ProcessWrap')).toBe(0);
    // The client side (fetch's pool) may take a moment to see its sockets closed under load:
    // wait up to 2 s for everything to drop back to the baseline.
    const settled = (): boolean => {
      const now = process.getActiveResourcesInfo();
      return (
        count(now, 'TCPServerWrap') === count(baseline, 'TCPServerWrap') &&
        count(now, 'TCPSocketWrap') <= count(baseline, 'TCPSocketWrap') &&
        count(now, 'ProcessWrap') === 0 &&
        count(now, 'Timeout') <= count(baseline, 'Timeout')
      );
    };
    for (let i = 0; i < 40 && !settled(); i++) await new Promise((r) => setTimeout(r, 50));
    const after = process.getActiveResourcesInfo();
    expect(count(after, 'TCPServerWrap')).toBe(count(baseline, 'TCPServerWrap'));
    expect(count(after, 'TCPSocketWrap')).toBeLessThanOrEqual(count(baseline, 'TCPSocketWrap'));
    expect(count(after, 'ProcessWrap')).toBe(0);
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(baseline, 'Timeout'));
    await c.close(); // idempotent
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 20000);
