/** The host-call target holds: the bench's own figures, so a policy change that breaks it fails here too. */
import { formatHostCallsBench, runHostCallsBench } from './hostCalls';

test('following events makes at most a tenth of the host calls of re-reading every second, and none once the panel is unused', async () => {
  const rows = await runHostCallsBench();
  const text = formatHostCallsBench(rows);
  for (const r of rows) {
    expect(r.before).toBeGreaterThan(0);
    expect(r.after * 10).toBeLessThanOrEqual(r.before);
    expect(r.afterUnused).toBe(0);
  }
  expect(text).not.toMatch(/^FAIL/m);
});
