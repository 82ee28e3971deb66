import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { newJob } from '../domain/job';
import { DEFAULT_SETTINGS, RetakePlan, planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createMemoryFileStore } from '../testing/memoryFileStore';
import { makeTestClip } from '../testing/media';
import { fakeMp4 } from '../ui/testing/controls';
import { CancelToken } from './cancel';
import { createSimulatedClock } from './clock';
import { Journal } from './journal';
import type { HostPort, InferencePort } from './ports';
import { exportedWindowProblem } from './preflight';
import { runRetakeJob } from './retakeJob';

const rate = FRAME_RATES['25'];
let fiveSeconds: Uint8Array;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  fiveSeconds = new Uint8Array(readFileSync(await makeTestClip(join(dir, '5.mp4'), { seconds: 5, fps: '25', width: 192, height: 108 })));
});

function plan(): RetakePlan {
  const r = planRetake({ start: framesToTicks(250, rate), end: framesToTicks(315, rate) }, { frameRate: rate, end: framesToTicks(1500, rate), zeroPoint: 0n }, { ...DEFAULT_SETTINGS, prompt: 'a red car' });
  if (!r.ok) throw new Error(r.reason);
  return r.plan; // a 5 s window: 125 frames
}

test('a finished export of the planned length passes', () => {
  expect(exportedWindowProblem(fiveSeconds, plan())).toBeNull();
  expect(exportedWindowProblem(fakeMp4(5), plan())).toBeNull();
});

test.each([
  ['the 48-byte header an encoder writes first', () => fiveSeconds.subarray(0, 48), /not a finished MP4/],
  ['a file cut short inside its media data', () => fiveSeconds.subarray(0, fiveSeconds.byteLength - 500), /not a finished MP4 \(it ends inside a box/],
  ['no bytes at all', () => new Uint8Array(0), /not a finished MP4 \(it has no movie header/],
  ['one frame too long and more', () => fakeMp4(5.08), /lasts 5\.080 s, not the planned 5\.000 s \(125 frames\)/],
  ['too short for the model', () => fakeMp4(2.8), /has 70 frames; LTX-2 Retake needs at least 73/],
])('%s is refused before upload', (_name, bytes, message) => {
  const problem = exportedWindowProblem(bytes(), plan());
  expect(problem).toMatch(message);
  expect(problem).toMatch(/Nothing was uploaded or charged/);
});

test('the pipeline uploads nothing when the export is only a header', async () => {
  const files = createMemoryFileStore();
  const journal = new Journal(files, '/journal.json');
  let uploads = 0;
  const host = {
    exportWindow: async (_s: string, _w: unknown, out: string) => files.write(out, fiveSeconds.subarray(0, 48)),
    takesFolder: async () => '/takes',
  } as unknown as HostPort;
  const inference = {
    upload: async () => {
      uploads += 1;
      return { mediaUUID: 'm' };
    },
  } as unknown as InferencePort;
  const job = newJob({ id: 'j1', now: new Date(), sequenceId: 's', sequenceName: 'S', origin: { kind: 'marks' }, plan: plan() });
  await journal.save(job);
  const done = await runRetakeJob('j1', { host, inference, files, journal, clock: createSimulatedClock(0), newUUID: () => 'u' }, new CancelToken());
  expect(done.stage).toBe('failed');
  expect(done.error?.message).toMatch(/not a finished MP4/);
  expect(uploads).toBe(0);
  expect(done.taskUUID).toBeUndefined();
});
