/**
 * The take workflow in the demo, in Chromium (e2eKit.ts): takes of one range on the take lanes,
 * switching them from the timeline and the panel, Original, the Program monitor's A/B and track
 * eyes, review before placing, Retake x 3. What the Program monitor shows is checked by its
 * pixels: its video drawn into a canvas at the frame under the playhead.
 *
 * The Runware stand-in's retake inverts the picture of the regenerated part; the demo's first clip
 * (a test pattern of saturated colours) so differs visibly from a take of it. A second take of the
 * same range is made while the first plays, so the model is sent the first take and inverts it back.
 */
import type { Locator, Page } from 'playwright-core';
import { FRAME_RATES, ticksPerFrame } from '../domain/time';
import { framesToTimecode, timecodeToFrames } from '../domain/timecode';
import { byId, e2eSuite, editorsCut, originals, seeText, shot, snapshot, Snapshot, takesOf, useDemoBrowser } from './e2eKit';

jest.setTimeout(90_000);

const suite = e2eSuite();

/** A frame inside the marked range (01:00:04:00 - 01:00:06:14) and its regenerated part. */
const INSIDE = '01:00:05:00';

/** Mean absolute difference per colour channel between two pictures, 0-255. */
function distance(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) for (let c = 0; c < 3; c++) sum += Math.abs(a[i + c] - b[i + c]);
  return sum / ((a.length / 4) * 3);
}

const inverted = (p: number[]) => p.map((v, i) => (i % 4 === 3 ? v : 255 - v));

/** A <video>'s or <img>'s picture drawn into a 32x18 canvas, RGBA (the media are same-origin, so the canvas can be read). */
function drawnPixels(picture: Locator): Promise<number[]> {
  return picture.evaluate((element: HTMLVideoElement | HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 18;
    const g = canvas.getContext('2d') as CanvasRenderingContext2D;
    g.drawImage(element, 0, 0, canvas.width, canvas.height);
    return Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data);
  });
}

/** The Program monitor's picture once it shows `clipId`'s frame at the playhead. */
async function programPixels(page: Page, clipId: string): Promise<number[]> {
  await page.locator(`[data-testid="program"][data-shows="${clipId}"][data-frame-ready="true"]`).waitFor({ timeout: 30_000 });
  return drawnPixels(page.locator('[data-testid="program-video"]'));
}

/** An <img>'s picture once it has loaded. */
async function imagePixels(image: Locator): Promise<number[]> {
  await image.evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? undefined : new Promise((done) => img.addEventListener('load', done, { once: true }))));
  return drawnPixels(image);
}

/** The timecode of the frame under a time in ticks from the demo edit's 01:00:00:00 start. */
const RATE = FRAME_RATES['25'];
const timecodeAt = (ticks: bigint) => framesToTimecode(timecodeToFrames('01:00:00:00', RATE) + Number(ticks / ticksPerFrame(RATE)), RATE);

/** The V1 clip (the original) under a time in ticks, from a snapshot. */
const originalAt = (s: Snapshot, ticks: bigint) => originals(s).find((c) => c.media === 'video' && BigInt(c.start) <= ticks && ticks < BigInt(c.end))!;
const videoTakeOf = (s: Snapshot, jobId: string) => takesOf(s, jobId).find((c) => c.media === 'video')!;
const TICKS_AT_INSIDE = 254016000000n * 5n; // INSIDE, 5 s after the 01:00:00:00 start

async function goTo(page: Page, timecode: string) {
  await byId(page, 'tl-timecode').click();
  await byId(page, 'tl-timecode').fill(timecode);
  await byId(page, 'tl-timecode').press('Enter');
  await page.locator(`[data-testid="tl-timecode"][value="${timecode}"]`).waitFor();
}

async function retakeOnce(page: Page, prompt: string, doneCount: number) {
  await byId(page, 'tab-retake').click();
  await byId(page, 'prompt').fill(prompt);
  await seeText(page, 'retake-button', '$0.50');
  await byId(page, 'retake-button').click();
  await byId(page, 'tab-jobs').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="job-row"][data-stage="done"]').length === n, doneCount, { timeout: 60_000 });
}

suite('takes in the demo, checked by the Program monitor’s pixels', () => {
  const { openDemo, standIn } = useDemoBrowser();

  test('two takes of one range: one lane each, one enabled; switching, Original, A/B and the track eye change the Program monitor’s picture', async () => {
    const { page, errors } = await openDemo();
    await goTo(page, INSIDE);
    const before = await snapshot(page);
    const original = originalAt(before, TICKS_AT_INSIDE);
    const originalPicture = await programPixels(page, original.id);

    await retakeOnce(page, 'the pattern turns to night', 1);
    await retakeOnce(page, 'the pattern turns to day', 2);
    const two = await snapshot(page);
    const [first, second] = [...two.jobs].reverse(); // jobs are newest first
    const [take1, take2] = [videoTakeOf(two, first.id), videoTakeOf(two, second.id)];
    // One group: the same frames, each take on its own take track, the newest enabled.
    expect([take1.start, take1.end]).toEqual([take2.start, take2.end]);
    expect(take1.trackIndex).not.toBe(take2.trackIndex);
    expect([take1.disabled, take2.disabled]).toEqual([true, false]);
    expect(await page.locator('[data-testid="take-group"]').count()).toBe(1);
    expect(editorsCut(two)).toEqual(editorsCut(before));

    // Take 2 plays: the model was sent take 1 (what played) and inverted it back.
    const secondPicture = await programPixels(page, take2.id);
    expect(distance(secondPicture, originalPicture)).toBeLessThan(30);
    await seeText(page, 'tl-take-position', 'Take 2 of 2');
    await shot(page, '30-takes-two-in-lanes');

    // The timeline's switcher: previous is take 1, the inverted picture; one undo step, as in the panel.
    await byId(page, 'tl-take-prev').click();
    const firstPicture = await programPixels(page, take1.id);
    await seeText(page, 'tl-take-position', 'Take 1 of 2');
    await seeText(page, 'take-position', 'Take 1 of 2');
    expect(distance(firstPicture, originalPicture)).toBeGreaterThan(60);
    expect(distance(firstPicture, inverted(originalPicture))).toBeLessThan(30);
    expect(distance(firstPicture, secondPicture)).toBeGreaterThan(60);
    const switched = await snapshot(page);
    expect([videoTakeOf(switched, first.id).disabled, videoTakeOf(switched, second.id).disabled]).toEqual([false, true]);
    expect(await page.evaluate(() => (window as any).__demo.control.undoLabels().slice(-1))).toEqual(['LTX Retake: use take']);
    await shot(page, '31-takes-switched');

    // A/B: B leaves the takes out in the monitor only; the sequence is not changed.
    await byId(page, 'program-ab-original').click();
    expect(distance(await programPixels(page, original.id), originalPicture)).toBeLessThan(10);
    expect((await snapshot(page)).clips).toEqual(switched.clips);
    await shot(page, '32-takes-ab-without-takes');
    await byId(page, 'program-ab-sequence').click();
    await programPixels(page, take1.id);

    // The take track's eye off: the original under it shows; on again, the take.
    await byId(page, `tl-eye-V${take1.trackIndex + 1}`).click();
    expect(distance(await programPixels(page, original.id), originalPicture)).toBeLessThan(10);
    await byId(page, `tl-eye-V${take1.trackIndex + 1}`).click();
    await programPixels(page, take1.id);

    // The panel's Original disables every take of the group: the original's pixels there.
    await byId(page, 'take-original').click();
    expect(distance(await programPixels(page, original.id), originalPicture)).toBeLessThan(10);
    await seeText(page, 'tl-take-position', 'Original (2 takes)');
    expect((await snapshot(page)).clips.filter((c) => c.name.includes('[') && !c.disabled)).toEqual([]);
    await shot(page, '33-takes-original');
    // Next from the original is take 1 again.
    await byId(page, 'tl-take-next').click();
    expect(distance(await programPixels(page, take1.id), firstPicture)).toBeLessThan(10);
    expect(errors).toEqual([]);
  });

  test('Play: the playhead advances and the Program monitor switches media at the cut; Pause stops it', async () => {
    const { page, errors } = await openDemo();
    const s = await snapshot(page);
    const [pattern, bars] = originals(s).filter((c) => c.media === 'video'); // the cut at 01:00:12:00
    await goTo(page, '01:00:11:12');
    await programPixels(page, pattern.id);
    await byId(page, 'program-play').click();
    await page.locator(`[data-testid="program"][data-shows="${bars.id}"]`).waitFor({ timeout: 30_000 });
    await byId(page, 'program-play').click(); // pause
    await programPixels(page, bars.id); // a still frame of the second clip, at the playhead
    const playhead = await page.evaluate(() => (window as any).__demo.control.sequence().playhead.toString());
    expect(BigInt(playhead)).toBeGreaterThanOrEqual(BigInt(bars.start));
    expect(await byId(page, 'program-timecode').innerText()).toBe(await byId(page, 'tl-timecode').inputValue());
    expect(errors).toEqual([]);
  });

  test('review before placing: the Program monitor shows the original until Place, then the take and its thumbnail; the take opens in the source monitor', async () => {
    const { page, errors } = await openDemo();
    await byId(page, 'tab-settings').click();
    await byId(page, 'settings-review').check();
    await byId(page, 'settings-saved').waitFor();
    await goTo(page, INSIDE);
    await byId(page, 'tab-retake').click();
    await byId(page, 'prompt').fill('a paper boat floats by');
    await seeText(page, 'retake-button', '$0.50');
    const before = await snapshot(page);
    const original = originalAt(before, TICKS_AT_INSIDE);
    const originalPicture = await programPixels(page, original.id);
    await byId(page, 'retake-button').click();
    await byId(page, 'tab-jobs').click();
    const waiting = page.locator('[data-testid="job-row"][data-stage="review"]');
    await waiting.waitFor({ timeout: 60_000 });
    await seeText(page, 'preview-caption', 'Opened for review');
    const job = (await snapshot(page)).jobs[0];
    await expect(page.locator('[data-testid="preview-video"]').getAttribute('src')).resolves.toContain(encodeURIComponent(job.id));
    const held = await snapshot(page);
    expect(held.clips).toEqual(before.clips); // nothing touched the sequence
    expect(held.videoTracks).toBe(before.videoTracks);
    expect(distance(await programPixels(page, original.id), originalPicture)).toBeLessThan(10);
    await shot(page, '20-review-waiting');

    await waiting.locator('[data-testid="review-place"]').click();
    await page.locator(`[data-testid="job-row"][data-job-id="${job.id}"][data-stage="done"]`).waitFor({ timeout: 60_000 });
    const placed = await snapshot(page);
    expect(takesOf(placed, job.id)).toHaveLength(1);
    expect(takesOf(placed, job.id)[0]).toMatchObject({ start: job.plan.replaced.start, end: job.plan.replaced.end });
    expect(editorsCut(placed)).toEqual(editorsCut(before));
    expect(standIn().stats.submittedTasks.filter((t) => t.body.taskUUID === job.taskUUID)).toHaveLength(1); // placing is no new charge
    const takePicture = await programPixels(page, videoTakeOf(placed, job.id).id);
    expect(distance(takePicture, inverted(originalPicture))).toBeLessThan(30);
    await shot(page, '21-review-placed');

    // Once placed, the card shows a frame from the middle of the take: read by the page with its
    // token (a blob: URL), and the take's pixels at that frame, not the original's.
    const thumbnail = page.locator(`[data-job-id="${job.id}"] [data-testid="job-thumbnail"]`);
    await thumbnail.waitFor({ timeout: 30_000 });
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);
    const thumbnailPicture = await imagePixels(thumbnail);
    const { start, end } = job.plan.replaced;
    await goTo(page, timecodeAt(BigInt(start) + (BigInt(end) - BigInt(start)) / 2n));
    const takeAtMiddle = await programPixels(page, videoTakeOf(placed, job.id).id);
    await byId(page, 'program-ab-original').click();
    const originalAtMiddle = await programPixels(page, original.id);
    await byId(page, 'program-ab-sequence').click();
    expect(distance(thumbnailPicture, takeAtMiddle)).toBeLessThan(30);
    expect(distance(thumbnailPicture, originalAtMiddle)).toBeGreaterThan(60);
    await thumbnail.scrollIntoViewIfNeeded();
    await shot(page, '24-take-thumbnail');
    expect(errors).toEqual([]);
  });

  test('Retake x 3: three times the cost confirmed first, three jobs, three takes in one group, the newest playing and the others dimmed', async () => {
    const { page, errors } = await openDemo();
    await byId(page, 'prompt').fill('a kite on the wind');
    await byId(page, 'variations').selectOption('3');
    await seeText(page, 'retake-button', 'Retake ×3 · Est. $1.50');
    await byId(page, 'retake-button').click();
    await seeText(page, 'variations-confirm-step', 'Start 3 takes of this range for about $1.50');
    await shot(page, '22-variations-confirm');
    expect((await snapshot(page)).jobs).toEqual([]);
    await byId(page, 'variations-confirm').click();
    await byId(page, 'tab-jobs').click();
    await page.locator('[data-testid="take-group"]').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="job-row"][data-stage="done"]').length === 3, undefined, { timeout: 60_000 });
    const after = await snapshot(page);
    expect(after.jobs).toHaveLength(3);
    expect(new Set(after.jobs.map((j) => j.taskUUID)).size).toBe(3);
    expect(await page.locator('[data-testid="take-group"]').count()).toBe(1);
    await seeText(page, 'take-position', 'Take 3 of 3');
    await seeText(page, 'tl-take-position', 'Take 3 of 3');
    for (const job of after.jobs) expect(takesOf(after, job.id)).toHaveLength(1);
    const takes = after.jobs.map((j) => videoTakeOf(after, j.id));
    expect(takes.map((t) => t.disabled)).toEqual([false, true, true]); // newest first: the newest plays
    expect(await page.locator('[data-testid="tl-clip"][data-take="true"].tl-clip-disabled').count()).toBe(2);
    await shot(page, '23-variations-group');
    expect(errors).toEqual([]);
  });
});
