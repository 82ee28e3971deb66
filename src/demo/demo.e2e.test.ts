/**
 * The demo in a real browser (e2eKit.ts): a single retake, a batch, a reload mid-job, the blocked
 * cases, first load, the timecode field, Simulate and Reset. The take workflow (lanes, switching,
 * the Program monitor's pixels, review, variations) is in takes.e2e.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { RunwareStandIn } from '../standins/runware/server';
import { demoPaths, SCRIPTED_FAILURE_PHRASE } from './demoProject';
import { byId, e2eSuite, editorsCut, seeText, shot, snapshot, takesOf, until, useDemoBrowser } from './e2eKit';

jest.setTimeout(90_000);

const suite = e2eSuite();

suite('the demo page in Chromium', () => {
  const { openDemo, standIn: currentStandIn } = useDemoBrowser();
  let standIn: RunwareStandIn;
  beforeAll(() => {
    standIn = currentStandIn();
  });

  test('a single retake: live plan, Retake, staged progress, the take on a new track over exactly the planned frames', async () => {
    const { page, errors } = await openDemo();
    await seeText(page, 'plan-marked', '01:00:04:00 – 01:00:06:14 (00:00:02:15)');
    await seeText(page, 'plan-replaced', '01:00:04:00 – 01:00:06:24 (00:00:03:00)');
    await seeText(page, 'plan-cost', 'Est. $0.50');
    expect(await byId(page, 'retake-button').isDisabled()).toBe(true); // no prompt yet

    await byId(page, 'prompt').fill('a red sports car drives through the frame');
    await seeText(page, 'retake-button', '$0.50');
    expect(await byId(page, 'retake-button').isEnabled()).toBe(true);
    const before = await snapshot(page);
    expect(before.plan).not.toBeNull();
    await shot(page, '01-ready');

    await byId(page, 'retake-button').click();
    await byId(page, 'tab-jobs').click();
    const row = page.locator('[data-testid="job-row"]').first();
    await page.locator('[data-testid="job-row"][data-stage="generating"]').waitFor({ timeout: 30_000 });
    await shot(page, '02-running');
    await page.locator('[data-testid="job-row"][data-stage="done"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="tl-take-label"]').first().waitFor();
    // Click the take: the source monitor shows its first regenerated frame.
    await page.locator('[data-testid="tl-clip"][data-take="true"]').first().click();
    await seeText(page, 'preview', 'LTX take');
    await page.waitForFunction(() => {
      const v = document.querySelector('[data-testid="preview-video"]') as HTMLVideoElement | null;
      return !!v && v.readyState >= 2 && !v.seeking;
    });
    await shot(page, '03-done');

    const jobId = (await row.getAttribute('data-job-id')) as string;
    await seeText(page, 'job-cost', '$0.50');
    const after = await snapshot(page);
    const job = after.jobs.find((j) => j.id === jobId)!;
    expect(job.stage).toBe('done');
    // The take sits on a new video track, over exactly the frames the live plan showed.
    const takes = takesOf(after, jobId);
    expect(takes).toHaveLength(1); // replace_video: picture only
    expect(takes[0]).toMatchObject({ media: 'video', start: before.plan!.replaced.start, end: before.plan!.replaced.end, sourceIn: job.plan.takeSource.start });
    expect(takes[0].trackIndex).toBeGreaterThanOrEqual(1);
    expect(after.videoTracks).toBe(before.videoTracks + 1);
    expect(takes[0].name).toMatch(/^LTX V "a red sports car drives through…" \[/);
    await expect(page.locator('[data-testid="tl-take-label"]').first().innerText()).resolves.toContain(`[${jobId}]`);
    // V1/A1 and the editor's in/out are as they were.
    expect(editorsCut(after)).toEqual(editorsCut(before));
    expect([after.inPoint, after.outPoint]).toEqual([before.inPoint, before.outPoint]);
    expect(errors).toEqual([]);
  });

  test('a batch over the three ranged markers: total, confirmation, one scripted failure with its sentence, two takes at their markers, a summary', async () => {
    const { page, errors } = await openDemo();
    standIn.faults.add({ on: 'submit', promptIncludes: SCRIPTED_FAILURE_PHRASE, fault: { kind: 'generationError', code: 'inferenceError', message: 'The model could not render this scene.' } });
    const before = await snapshot(page);

    await byId(page, 'tab-batch').click();
    const rows = page.locator('[data-testid="batch-row"]');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await page.locator('[data-testid="batch-row"][data-valid="true"]').count()).toBe(3);
    const total = await byId(page, 'batch-total').innerText();
    expect(total).toContain('3 of 3 selected');
    expect(total).toContain('Est. $1.30'); // 5 s + 4 s + 4 s uploaded at $0.10/s
    await shot(page, '04-batch-ready');

    await byId(page, 'batch-run').click();
    await seeText(page, 'batch-confirm-step', /Start 3 retakes for about \$1\.30/);
    await shot(page, '05-batch-confirm');
    await byId(page, 'batch-confirm').click();
    await byId(page, 'batch-progress').waitFor({ timeout: 30_000 });
    await shot(page, '06-batch-running');
    await byId(page, 'batch-summary').waitFor({ timeout: 60_000 });
    const summary = await byId(page, 'batch-summary').innerText();
    expect(summary).toContain('2 placed, 1 failed');
    await page.locator('[data-testid="tl-take-label"]').nth(1).waitFor();
    await shot(page, '07-batch-summary');

    const after = await snapshot(page);
    const batchJobs = after.jobs.filter((j) => j.origin.kind === 'marker');
    expect(batchJobs).toHaveLength(3);
    for (const job of batchJobs) {
      const marker = before.markers.find((m) => m.guid === job.origin.markerId)!;
      if (marker.name === 'Night scene') {
        expect(job.stage).toBe('failed');
        expect(takesOf(after, job.id)).toEqual([]);
        continue;
      }
      expect(job.stage).toBe('done');
      // Each take lands at its own marker: from the marker's start over the regenerated whole seconds.
      const takes = takesOf(after, job.id);
      expect(takes).toHaveLength(1);
      expect(takes[0]).toMatchObject({ start: marker.start, end: job.plan.replaced.end, sourceIn: job.plan.takeSource.start });
      expect(job.plan.replaced.start).toBe(marker.start);
      expect(BigInt(job.plan.replaced.end)).toBeGreaterThanOrEqual(BigInt(marker.end));
      expect(takes[0].trackIndex).toBeGreaterThanOrEqual(1);
      // "Room tone [A]" is a sound-only retake (its name tag): the take is on a new audio track.
      expect(takes[0].media).toBe(marker.name.includes('[A]') ? 'audio' : 'video');
    }
    expect(editorsCut(after)).toEqual(editorsCut(before));

    // The failure says why, in the job list.
    await byId(page, 'batch-open-jobs').click();
    const failed = page.locator('[data-testid="job-row"][data-stage="failed"]');
    await failed.first().waitFor();
    expect(await failed.count()).toBe(1);
    const sentence = await failed.locator('[data-testid="job-error"]').innerText();
    expect(sentence).toMatch(/Runware/);
    expect(sentence.length).toBeGreaterThan(20);
    await failed.scrollIntoViewIfNeeded();
    await shot(page, '08-batch-failure');
    // The scripted failure itself comes back as Runware's 400 on a poll (the stand-in's error answer): expected here, nothing else.
    expect(errors.filter((e) => !/\b400\b/.test(e))).toEqual([]);
  });

  test('a reload mid-job: the finished take is back on its track, the job under way resumes without a second submit', async () => {
    const { page, errors } = await openDemo();
    await byId(page, 'prompt').fill('a lighthouse beam sweeps the fog');
    await byId(page, 'retake-button').click();
    await byId(page, 'tab-jobs').click();
    await page.locator('[data-testid="job-row"][data-stage="done"]').waitFor({ timeout: 60_000 });
    const first = (await snapshot(page)).jobs[0];

    // A second job on another range, and the page reloaded while Runware generates it.
    standIn.setGenerationMs(2500);
    try {
      await page.evaluate(() => {
        const demo = (window as unknown as { __demo: { control: { sequence(): { guid: string }; setInOut(g: string, a: bigint, b: bigint): void } } }).__demo;
        demo.control.setInOut(demo.control.sequence().guid, 254016000000n * 14n, 254016000000n * 17n);
      });
      await byId(page, 'tab-retake').click();
      await seeText(page, 'plan-marked', '01:00:14:00 – 01:00:16:24');
      await byId(page, 'prompt').fill('snow starts to fall');
      await byId(page, 'retake-button').click();
      await byId(page, 'tab-jobs').click();
      await page.locator('[data-testid="job-row"][data-stage="generating"]').waitFor({ timeout: 30_000 });
      const second = (await snapshot(page)).jobs.find((j) => j.stage === 'generating')!;
      const submitted = standIn.stats.submittedTasks.length;

      await page.reload();
      await byId(page, 'retake-panel').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 20_000 });
      const reopened = await snapshot(page);
      expect(takesOf(reopened, first.id)).toHaveLength(1);
      await byId(page, 'tab-jobs').click();
      await page.locator(`[data-testid="job-row"][data-job-id="${second.id}"][data-stage="done"]`).waitFor({ timeout: 60_000 });
      await shot(page, '12-after-reload');
      const after = await snapshot(page);
      expect(takesOf(after, first.id)[0]).toMatchObject({ start: first.plan.replaced.start, end: first.plan.replaced.end });
      expect(takesOf(after, second.id)[0]).toMatchObject({ start: second.plan.replaced.start, end: second.plan.replaced.end });
      expect(standIn.stats.submittedTasks.length).toBe(submitted); // resumed by polling, not submitted again
    } finally {
      standIn.setGenerationMs(1500);
    }
    expect(errors).toEqual([]);
  });

  test('no key, no range and a too-short range: the panel says why and Retake stays disabled; the timeline marks and adds markers', async () => {
    const { page, errors } = await openDemo();
    await byId(page, 'prompt').fill('a calm lake at dawn');

    // No key.
    await byId(page, 'tab-settings').click();
    await byId(page, 'settings-remove-key').click();
    await byId(page, 'tab-retake').click();
    await byId(page, 'missing-key').waitFor();
    expect(await byId(page, 'retake-button').isDisabled()).toBe(true);
    await seeText(page, 'retake-blocker', /API key/);
    await shot(page, '09-no-key');
    await byId(page, 'tab-settings').click();
    await byId(page, 'settings-api-key').fill('any-key-for-the-stand-in');
    await byId(page, 'settings-save-key').click();
    await byId(page, 'tab-retake').click();
    expect(await byId(page, 'missing-key').count()).toBe(0);
    expect(await byId(page, 'retake-button').isEnabled()).toBe(true);

    // No in/out: cleared in the timeline.
    await byId(page, 'tl-clear-inout').click();
    await seeText(page, 'plan-marked', 'No in/out marked');
    expect(await byId(page, 'retake-button').isDisabled()).toBe(true);
    expect((await byId(page, 'retake-blocker').innerText()).length).toBeGreaterThan(10);
    await shot(page, '10-no-range');

    // A range under the 2 s minimum, marked with the timecode field and the I/O keys.
    const goTo = async (tc: string) => {
      await byId(page, 'tl-timecode').click();
      await byId(page, 'tl-timecode').fill(tc);
      await byId(page, 'tl-timecode').press('Enter');
      expect(await byId(page, 'tl-timecode').inputValue()).toBe(tc);
      // No click back on the timeline: Enter handed the keys back, as in Premiere.
    };
    await goTo('01:00:20:00');
    await page.keyboard.press('i');
    await goTo('01:00:21:05');
    await page.keyboard.press('o');
    // The frame under the playhead is the last frame marked, as in Premiere: 1 s 6 frames.
    await seeText(page, 'plan-marked', '01:00:20:00 – 01:00:21:05 (00:00:01:06)');
    expect(await byId(page, 'retake-button').isDisabled()).toBe(true);
    await seeText(page, 'retake-blocker', /2 s|2 seconds|too short/i);
    const marked = await snapshot(page);
    const tick = 254016000000n / 25n;
    // Out at 01:00:21:05 (frame 530) includes that frame: the out point is one frame after it.
    expect([marked.inPoint, marked.outPoint]).toEqual([(500n * tick).toString(), (531n * tick).toString()]);
    await shot(page, '11-too-short');

    // A ranged marker from that in/out shows up in the batch, refused with its reason.
    await byId(page, 'tl-add-marker').click();
    await byId(page, 'tl-marker-name').fill('Too short');
    await byId(page, 'tl-marker-comment').fill('a gull crosses the sky');
    await byId(page, 'tl-marker-save').click();
    await byId(page, 'tab-batch').click();
    await page.locator('[data-testid="batch-row"]').nth(3).waitFor();
    expect(await page.locator('[data-testid="batch-row"]').count()).toBe(4);
    expect(await page.locator('[data-testid="batch-row"][data-valid="false"]').count()).toBe(1);
    expect(errors).toEqual([]);
  });
  test('first load: no failed request and no console error, although the journal and preferences do not exist yet', async () => {
    const { page, errors, dataDir } = await openDemo();
    expect(existsSync(demoPaths(dataDir).journalPath)).toBe(false);
    await byId(page, 'tab-jobs').click();
    await byId(page, 'tab-retake').click();
    expect(errors).toEqual([]);
  });

  test('the timecode field: type a timecode, Enter, and I / O mark at once (the keys are back on the timeline)', async () => {
    const { page, errors } = await openDemo();
    await byId(page, 'tl-timecode').click();
    await byId(page, 'tl-timecode').fill('01:00:02:00');
    await byId(page, 'tl-timecode').press('Enter');
    await page.locator('[data-testid="timeline"]:focus').waitFor();
    await page.locator('[data-testid="tl-timecode"][value="01:00:02:00"]').waitFor();
    await page.keyboard.press('i');
    await seeText(page, 'tl-inout', /In\s*01:00:02:00/);
    await byId(page, 'tl-timecode').click();
    await byId(page, 'tl-timecode').fill('01:00:05:00');
    await byId(page, 'tl-timecode').press('Enter');
    await page.locator('[data-testid="timeline"]:focus').waitFor();
    await page.locator('[data-testid="tl-timecode"][value="01:00:05:00"]').waitFor();
    await page.keyboard.press('o');
    await seeText(page, 'plan-marked', '01:00:02:00 – 01:00:05:00');
    // Escape leaves the field as it was and hands the keys back too.
    await byId(page, 'tl-timecode').click();
    await byId(page, 'tl-timecode').fill('nonsense');
    await byId(page, 'tl-timecode').press('Escape');
    await page.locator('[data-testid="timeline"]:focus').waitFor();
    expect(await byId(page, 'tl-timecode').inputValue()).toBe('01:00:05:00');
    expect(errors).toEqual([]);
  });

  test('Simulate: insufficient credits and a generation error fail the next retakes with Runware’s sentence, nothing charged', async () => {
    const { page, errors } = await openDemo();
    await byId(page, 'demo-simulate').click();
    expect(await page.locator('[role="menuitem"]').count()).toBe(4);
    await byId(page, 'demo-simulate-insufficientCredits').click();
    await seeText(page, 'demo-simulate-status', /Insufficient credits: armed/);
    expect(standIn.faults.pending().map((f) => f.fault.kind)).toEqual(['http']);

    await byId(page, 'prompt').fill('a paper boat drifts across');
    await byId(page, 'retake-button').click();
    await byId(page, 'tab-jobs').click();
    const failed = page.locator('[data-testid="job-row"][data-stage="failed"]');
    await failed.first().waitFor({ timeout: 60_000 });
    expect(await failed.first().locator('[data-testid="job-error"]').innerText()).toMatch(/credit|balance|quota/i);
    expect(await failed.first().locator('[data-testid="job-cost"]').innerText()).not.toMatch(/Charged \$/);
    expect(standIn.faults.pending()).toEqual([]);

    await byId(page, 'demo-simulate').click();
    await byId(page, 'demo-simulate-generationError').click();
    await seeText(page, 'demo-simulate-status', /Generation error: armed/);
    await byId(page, 'tab-retake').click();
    await byId(page, 'prompt').fill('a paper boat sinks slowly');
    await byId(page, 'retake-button').click();
    await byId(page, 'tab-jobs').click();
    await page.locator('[data-testid="job-row"][data-stage="failed"]').nth(1).waitFor({ timeout: 60_000 });
    const second = page.locator('[data-testid="job-row"][data-stage="failed"]').first();
    expect(await second.locator('[data-testid="job-error"]').innerText()).toMatch(/Runware/);
    await shot(page, '13-simulated-failures');
    const after = await snapshot(page);
    expect(after.clips.filter((c) => c.trackIndex > 0)).toEqual([]);
    expect(errors.filter((e) => !/\b40[02]\b|relay/.test(e))).toEqual([]);
  });

  test('Reset demo while a job runs: the job is stopped first, nothing comes back after the reload, history and timeline agree', async () => {
    const { page, errors, dataDir } = await openDemo();
    standIn.setGenerationMs(4000);
    try {
      await byId(page, 'prompt').fill('a hot air balloon rises');
      await byId(page, 'retake-button').click();
      await byId(page, 'tab-jobs').click();
      await page.locator('[data-testid="job-row"][data-stage="generating"]').waitFor({ timeout: 30_000 });
      const billedBefore = standIn.stats.billedSeconds;
      await byId(page, 'demo-reset').click();
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await byId(page, 'demo-reset-confirm').click();
      await reloaded;
      await page.locator('[data-testid="retake-panel"][data-ready="true"]').waitFor({ timeout: 30_000 });
      // The stand-in finishes (and bills) the job it had accepted; the page must not pick it up again.
      await until(() => standIn.stats.billedSeconds > billedBefore, 'the stand-in to finish the job it had accepted');
      await byId(page, 'tab-jobs').click();
      const after = await snapshot(page);
      expect(after.jobs).toEqual([]);
      expect(after.clips.filter((c) => c.trackIndex > 0)).toEqual([]);
      expect(await page.locator('[data-testid="job-row"]').count()).toBe(0);
      // What was under way is archived, stopped, with its taskUUID: a paid job can still be found.
      const archived = readdirSync(join(dataDir, 'archive'));
      expect(archived).toHaveLength(1);
      const old = JSON.parse(readFileSync(join(dataDir, 'archive', archived[0], 'state', 'retake-journal.json'), 'utf8')) as { jobs: Array<{ stage: string; taskUUID?: string }> };
      expect(old.jobs.map((j) => j.stage)).toEqual(['stopped']);
      expect(old.jobs[0].taskUUID).toBeTruthy();
    } finally {
      standIn.setGenerationMs(1500);
    }
    expect(errors).toEqual([]);
  });
});
