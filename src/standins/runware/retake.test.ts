import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { makeTestClip, meanColourAt, toneFrequencyAt } from '../../testing/media';
import { RetakeMode } from './retakeRender';
import { RunwareStandIn, startRunwareStandIn } from './server';
import { dataItems, poll, pollUntilDone, post, retakeTask, uploadFile } from './testKit';

/**
 * Full round trips (upload -> submit -> poll -> download) for each mode, checking the result
 * against the source: inside [1, 3) the picture is inverted / the sound is a 1000 Hz tone,
 * outside it is the source; 1920x1080, same rate, frame count and duration.
 */
let s: RunwareStandIn;
let dir: string;
let src: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runware-retake-'));
  src = await makeTestClip(join(dir, 'src.mp4'), { seconds: 5, fps: '25', width: 320, height: 180, pattern: 'testsrc2', toneHz: 440 });
  s = await startRunwareStandIn({ generationMs: 100 });
}, 30000);

afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function near(a: number[], b: number[], tolerance: number): boolean {
  return a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
}

function inverted(a: number[], b: number[], tolerance: number): boolean {
  return a.every((v, i) => Math.abs(v - (255 - b[i])) <= tolerance);
}

const uploadAs: Record<RetakeMode, 'base64' | 'dataUri' | 'url'> = {
  replace_video: 'base64',
  replace_audio: 'dataUri',
  replace_audio_and_video: 'url',
};

describe.each<RetakeMode>(['replace_video', 'replace_audio', 'replace_audio_and_video'])('%s', (mode) => {
  test('round trip: only the segment [1, 3) changes, as the mode says', async () => {
    const uploaded = await uploadFile(s, src, uploadAs[mode] === 'dataUri' ? 'dataUri' : 'base64');
    const video = uploadAs[mode] === 'url' ? uploaded.mediaURL : uploaded.mediaUUID;
    expect(uploaded.mediaURL).toBe(`${s.origin}/media/${uploaded.mediaUUID}.mp4`);

    const task = retakeTask(video, { positivePrompt: `retake ${mode}` }, { mode, startTime: 1, duration: 2 });
    const ack = await post(s, [task]);
    expect(ack.status).toBe(200);
    expect(dataItems(ack)).toEqual([{ taskType: 'videoInference', taskUUID: task.taskUUID }]);

    const first = dataItems(await poll(s, String(task.taskUUID)))[0];
    expect(first).toMatchObject({ taskType: 'videoInference', taskUUID: task.taskUUID, status: 'processing' });
    expect(first.progress).toEqual(expect.any(Number));

    const done = await pollUntilDone(s, String(task.taskUUID));
    expect(done).toMatchObject({ taskType: 'videoInference', taskUUID: task.taskUUID, status: 'success', cost: 0.5 });
    expect(done.videoURL).toBe(`${s.origin}/results/${String(done.videoUUID)}.mp4`);

    const r = await fetch(String(done.videoURL));
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(Number(r.headers.get('content-length'))).toBe(bytes.length);
    const out = join(dir, `${mode}.mp4`);
    writeFileSync(out, bytes);

    const [si, so] = await Promise.all([probe(src), probe(out)]);
    expect(so.video).toMatchObject({ width: 1920, height: 1080, frameRate: si.video?.frameRate });
    expect(so.video?.frames).toBe(si.video?.frames);
    expect(Math.abs(so.durationSeconds - si.durationSeconds)).toBeLessThanOrEqual(1 / 25);
    expect(so.audio).toEqual({ sampleRate: 48000, channels: 2 });

    const times = [0.5, 1.5, 2.5, 4];
    const [srcColours, outColours] = await Promise.all([
      Promise.all(times.map((t) => meanColourAt(src, t))),
      Promise.all(times.map((t) => meanColourAt(out, t))),
    ]);
    const videoChanged = mode !== 'replace_audio';
    for (const i of [0, 3]) expect(near(outColours[i], srcColours[i], 12)).toBe(true);
    for (const i of [1, 2]) {
      expect(inverted(outColours[i], srcColours[i], 12)).toBe(videoChanged);
      expect(near(outColours[i], srcColours[i], 12)).toBe(!videoChanged);
    }

    const audioChanged = mode !== 'replace_video';
    const [before, inside, after] = await Promise.all([
      toneFrequencyAt(out, 0.1, 0.8),
      toneFrequencyAt(out, 1.1, 1.8),
      toneFrequencyAt(out, 3.2, 1.5),
    ]);
    expect(before).toBeCloseTo(440, -1);
    expect(after).toBeCloseTo(440, -1);
    expect(inside).toBeCloseTo(audioChanged ? 1000 : 440, -1);
  }, 30000);
});

test('stats count the round trips and bill uploaded-clip seconds', () => {
  expect(s.stats.uploads).toBe(3);
  expect(s.stats.submits).toBe(3);
  expect(s.stats.downloads).toBe(3);
  expect(s.stats.billedSeconds).toBeCloseTo(15, 6);
  expect(s.stats.billedUSD).toBeCloseTo(1.5, 6);
  expect(s.stats.submittedTasks.map((t) => (t.body.providerSettings as { lightricks: { mode: string } }).lightricks.mode)).toEqual([
    'replace_video', 'replace_audio', 'replace_audio_and_video',
  ]);
});
