/**
 * Review before placing, Retake x N and the warnings before money is spent, in the panel over a
 * real controller, queue, journal and pipeline (in-memory host and Runware: testing/fakes.ts).
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { groupJobs } from '../app/takeGroups';
import { RetakeError } from '../domain/errors';
import type { JobRecord } from '../domain/job';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { JOURNAL_PATH, createWorld, makeMarker, makeSequence } from './testing/fakes';
import { renderPanel, settle, startRetake } from './testing/renderPanel';

const example = () => makeSequence({ zeroFrames: 90000, marks: [250, 315] });
const row = (id: string) => within(document.querySelector(`[data-testid="job-row"][data-job-id="${id}"]`) as HTMLElement);
const f = (frames: number) => framesToTicks(frames, FRAME_RATES['25']);
const journalJobs = (texts: Map<string, string>): JobRecord[] => (JSON.parse(texts.get(JOURNAL_PATH) as string) as { jobs: JobRecord[] }).jobs;

describe('Review before placing', () => {
  it('is off by default: a take is placed as it arrives', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'settings' });
    expect((screen.getByTestId('settings-review') as HTMLInputElement).checked).toBe(false);
    await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    expect(world.host.placements).toHaveLength(1);
    expect(world.host.reviewed).toEqual([]);
  });

  it('when on, the take opens for review at its regenerated part and nothing is placed until Place', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'settings' });
    await settle(() => fireEvent.click(screen.getByTestId('settings-review')));
    expect(world.files.texts.get('/data/preferences.json')).toContain('"reviewBeforePlacing": true');
    fireEvent.click(screen.getByTestId('tab-jobs'));
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    const job = world.controller.store.getState().jobs.find((j) => j.id === id) as JobRecord;
    expect(job.stage).toBe('review');
    expect(world.host.placements).toEqual([]);
    expect(world.host.reviewed).toEqual([{ takePath: job.takePath, at: BigInt(job.plan.takeSource.start) }]);
    expect(within(screen.getByTestId('jobs-review')).getByTestId('job-review')).toBeTruthy();
    expect(screen.getByTestId('tab-jobs').textContent).toContain('1');
    expect(row(id).queryByTestId('job-retry')).toBeNull(); // Place is its action, not Resume

    await settle(() => fireEvent.click(row(id).getByTestId('review-place')));
    await settle();
    expect(world.host.placements).toHaveLength(1);
    expect(world.host.placements[0].at).toBe(BigInt(job.plan.replaced.start));
    expect(world.controller.store.getState().jobs.find((j) => j.id === id)?.stage).toBe('done');
    expect(world.inference.submitted).toHaveLength(1); // placing is no new charge
  });

  it('a discarded take stays in the history and can be placed later', async () => {
    const world = createWorld({ sequence: example(), preferences: { reviewBeforePlacing: true } });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    await settle(() => fireEvent.click(row(id).getByTestId('review-discard')));
    expect(world.controller.store.getState().jobs.find((j) => j.id === id)?.stage).toBe('discarded');
    expect(within(screen.getByTestId('jobs-history')).getByTestId('job-discarded')).toBeTruthy();
    expect(row(id).queryByTestId('review-discard')).toBeNull();
    expect(world.host.placements).toEqual([]);
    await settle(() => fireEvent.click(row(id).getByTestId('review-place')));
    await settle();
    expect(world.host.placements).toHaveLength(1);
    expect(world.inference.submitted).toHaveLength(1);
  });

  it('a take waiting for review still waits after a reload, and Place then places it once', async () => {
    const first = createWorld({ sequence: example(), preferences: { reviewBeforePlacing: true } });
    await renderPanel(first, { initialTab: 'jobs' });
    const id = await startRetake(first);
    await settle(() => first.inference.finish(0.5));
    const saved = journalJobs(first.files.texts);
    expect(saved.find((j) => j.id === id)).toMatchObject({ stage: 'review', review: 'pending' });

    document.body.innerHTML = '';
    const second = createWorld({ sequence: example(), journal: saved, preferences: { reviewBeforePlacing: true } });
    for (const [path, bytes] of first.files.bytes) second.files.bytes.set(path, bytes);
    await renderPanel(second, { initialTab: 'jobs' });
    await settle();
    expect(second.controller.store.getState().jobs.find((j) => j.id === id)?.stage).toBe('review');
    expect(second.host.placements).toEqual([]);
    expect(second.inference.following).toHaveLength(0); // nothing is polled or resubmitted
    await settle(() => fireEvent.click(row(id).getByTestId('review-place')));
    await settle();
    expect(second.host.placements).toHaveLength(1);
    expect(second.inference.submitted).toHaveLength(0);
  });

  it('an old journal without a review state still loads, its jobs placed as before', async () => {
    const first = createWorld({ sequence: example() });
    await renderPanel(first);
    await startRetake(first);
    await settle(() => first.inference.finish(0.5));
    const saved = journalJobs(first.files.texts);
    expect(saved[0].review).toBeUndefined();
    document.body.innerHTML = '';
    const second = createWorld({ sequence: example(), journal: saved });
    await renderPanel(second, { initialTab: 'jobs' });
    expect(second.controller.store.getState().jobs).toHaveLength(1);
    expect(second.controller.store.getState().notice).toBeNull();
  });

  it('a batch with review on leaves each take waiting', async () => {
    const markers = [makeMarker('m1', 'Car', [250, 315], { comments: 'a red car' }), makeMarker('m2', 'Sky', [500, 560], { comments: 'a blue sky' })];
    const world = createWorld({ sequence: example(), markers, preferences: { reviewBeforePlacing: true } });
    await renderPanel(world, { initialTab: 'batch' });
    await settle(() => world.controller.runBatch({ confirmedUsd: world.controller.batchSelection().totalUsd }));
    await settle(() => world.inference.finish(0.5));
    await settle(() => world.inference.finish(0.5));
    expect(world.controller.store.getState().jobs.map((j) => j.stage)).toEqual(['review', 'review']);
    expect(world.host.placements).toEqual([]);
    const batchRow = (m: string) => within(document.querySelector(`[data-testid="batch-row"][data-marker-id="${m}"]`) as HTMLElement);
    expect(batchRow('m1').getByTestId('batch-row-status').textContent).toBe('Ready to place');
  });
});

describe('Retake x N', () => {
  it('shows N times the cost, asks first, then starts N jobs (each its own taskUUID) that land in one group', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world);
    await settle(() => world.controller.setDraft({ prompt: 'a red car' }));
    fireEvent.change(screen.getByTestId('variations'), { target: { value: '3' } });
    expect(screen.getByTestId('plan-variations').textContent).toBe(' × 3 takes = $1.50');
    expect(screen.getByTestId('retake-button').textContent).toBe('Retake ×3 · Est. $1.50');
    await settle(() => fireEvent.click(screen.getByTestId('retake-button')));
    expect(world.controller.store.getState().jobs).toHaveLength(0); // nothing started before the confirmation
    expect(screen.getByTestId('variations-confirm-step').textContent).toContain('Start 3 takes of this range for about $1.50 ($0.50 each)?');
    await settle(() => fireEvent.click(screen.getByTestId('variations-confirm')));
    await settle();
    expect(world.controller.store.getState().jobs).toHaveLength(3);
    for (let i = 0; i < 3; i++) await settle(() => world.inference.finish(0.5));
    expect(new Set(world.inference.submitted.map((r) => r.taskUUID)).size).toBe(3);
    expect(world.host.placements).toHaveLength(3);
    const groups = groupJobs(world.controller.store.getState().jobs);
    expect(groups).toHaveLength(1);
    expect(groups[0].takes).toHaveLength(3);
  });

  it('the shortcut with N > 1 asks too; Back starts nothing', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world);
    await settle(() => world.controller.setDraft({ prompt: 'a red car' }));
    fireEvent.change(screen.getByTestId('variations'), { target: { value: '2' } });
    await settle(() => fireEvent.keyDown(screen.getByTestId('retake-panel'), { key: 'Enter', ctrlKey: true }));
    expect(screen.getByTestId('variations-confirm-step')).toBeTruthy();
    fireEvent.click(screen.getByTestId('variations-back'));
    await settle();
    expect(world.controller.store.getState().jobs).toHaveLength(0);
    expect(world.inference.submitted).toHaveLength(0);
  });

  it('refuses a count outside 1-4 with a sentence and starts nothing', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world);
    await settle(() => world.controller.setDraft({ prompt: 'a red car' }));
    await expect(world.controller.retakeVariations(5)).rejects.toThrow('Choose 1 to 4 takes.');
    expect(world.controller.store.getState().jobs).toHaveLength(0);
  });
});

describe('The plan warns before money is spent', () => {
  it('names the clips when the uploaded range crosses a cut, on the tracks the mode touches (before a prompt is written)', async () => {
    const world = createWorld({ sequence: example() });
    world.host.clips = [
      { kind: 'video', trackIndex: 0, name: 'Shot 1', range: { start: 0n, end: f(300) } },
      { kind: 'video', trackIndex: 0, name: 'Shot 2', range: { start: f(300), end: f(1500) } },
      { kind: 'audio', trackIndex: 0, name: 'Sound', range: { start: 0n, end: f(1500) } },
    ];
    await renderPanel(world);
    expect(screen.getByTestId('plan-crossings').textContent).toBe(
      'The uploaded range crosses a cut on V1 at 01:00:12:00 (“Shot 1” to “Shot 2”): the model sees both sides as one shot and blends them. Mark inside one shot, or lower the context, to avoid it.',
    );
    await settle(() => world.controller.setDraft({ mode: 'replace_audio' }));
    expect(screen.queryByTestId('plan-crossings')).toBeNull();
  });

  it('says so in the batch rows whose window crosses a cut, and only in those', async () => {
    const markers = [makeMarker('m1', 'Car', [250, 315], { comments: 'a red car' }), makeMarker('m2', 'Sky', [700, 760], { comments: 'a blue sky' })];
    const world = createWorld({ sequence: example(), markers });
    world.host.clips = [
      { kind: 'video', trackIndex: 0, name: 'Shot 1', range: { start: 0n, end: f(300) } },
      { kind: 'video', trackIndex: 0, name: 'Shot 2', range: { start: f(300), end: f(1500) } },
    ];
    await renderPanel(world, { initialTab: 'batch' });
    const batchRow = (m: string) => within(document.querySelector(`[data-testid="batch-row"][data-marker-id="${m}"]`) as HTMLElement);
    expect(batchRow('m1').getByTestId('batch-row-crossings').textContent).toContain('a cut on V1 at 01:00:12:00 (“Shot 1” to “Shot 2”)');
    expect(batchRow('m2').queryByTestId('batch-row-crossings')).toBeNull();
  });

  it('says nothing when one clip covers the window', async () => {
    const world = createWorld({ sequence: example() });
    world.host.clips = [{ kind: 'video', trackIndex: 0, name: 'Shot 1', range: { start: 0n, end: f(1500) } }];
    await renderPanel(world);
    expect(screen.getByTestId('plan-cost')).toBeTruthy();
    expect(screen.queryByTestId('plan-crossings')).toBeNull();
  });

  it('batch rows show their own status and take count while and after they run', async () => {
    const markers = [makeMarker('m1', 'Car', [250, 315], { comments: 'a red car' }), makeMarker('m2', 'Sky', [500, 560], { comments: 'a blue sky' })];
    const world = createWorld({ sequence: example(), markers });
    await renderPanel(world, { initialTab: 'batch' });
    const batchRow = (m: string) => within(document.querySelector(`[data-testid="batch-row"][data-marker-id="${m}"]`) as HTMLElement);
    expect(batchRow('m1').queryByTestId('batch-row-status')).toBeNull();
    await settle(() => world.controller.runBatch({ confirmedUsd: world.controller.batchSelection().totalUsd }));
    expect(batchRow('m1').getByTestId('batch-row-status').textContent).toBe('Generating');
    expect(batchRow('m1').getByTestId('batch-row-takes').textContent).toBe('0 takes on the timeline');
    await settle(() => world.inference.finish(0.5));
    const statuses = ['m1', 'm2'].map((m) => batchRow(m).getByTestId('batch-row-status').textContent);
    expect(statuses.sort()).toEqual(['Generating', 'Placed']);
    await settle(() => world.inference.finish(0.5));
    expect(batchRow('m1').getByTestId('batch-row-status').textContent).toBe('Placed');
    expect(batchRow('m1').getByTestId('batch-row-takes').textContent).toBe('1 take on the timeline');
  });
});

describe('Delete a take', () => {
  function deletingWorld(refuse = false) {
    const calls: string[] = [];
    const world = createWorld({
      sequence: example(),
      hostExtras: {
        readActiveTake: async () => null,
        setActiveTake: async () => undefined,
        removeTake: async (_s, jobId) => void calls.push(`off the timeline ${jobId}`),
        deleteTakeItems: async (takePath) => {
          if (refuse) throw new RetakeError('host', 'The take is still on the timeline of “Other”. Take it off there first; nothing was deleted.');
          calls.push(`out of the project ${takePath}`);
        },
      },
    });
    return { world, calls };
  }

  it('only after a confirmation: off the timeline, out of the project, then the file; the job stays in the history', async () => {
    const { world, calls } = deletingWorld();
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    const takePath = world.controller.store.getState().jobs[0].takePath as string;
    expect(world.files.bytes.has(takePath)).toBe(true);
    fireEvent.click(row(id).getByTestId('take-delete'));
    expect(calls).toEqual([]); // nothing before the confirmation
    fireEvent.click(row(id).getByTestId('take-delete-back'));
    fireEvent.click(row(id).getByTestId('take-delete'));
    await settle(() => fireEvent.click(row(id).getByTestId('take-delete-confirm')));
    expect(calls).toEqual([`off the timeline ${id}`, `out of the project ${takePath}`]);
    expect(world.files.bytes.has(takePath)).toBe(false);
    const job = world.controller.store.getState().jobs.find((j) => j.id === id) as JobRecord;
    expect(job).toMatchObject({ stage: 'done', takeDeleted: true, costUsd: 0.5 });
    expect(job.taskUUID).toBeTruthy();
    expect(row(id).getByTestId('job-take-deleted')).toBeTruthy();
    expect(row(id).queryByTestId('review-place')).toBeNull();
  });

  it('a take the host will not remove from the project keeps its file, with the sentence shown', async () => {
    const { world } = deletingWorld(true);
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    const takePath = world.controller.store.getState().jobs[0].takePath as string;
    fireEvent.click(row(id).getByTestId('take-delete'));
    await settle(() => fireEvent.click(row(id).getByTestId('take-delete-confirm')));
    expect(world.files.bytes.has(takePath)).toBe(true);
    expect(world.controller.store.getState().notice?.text).toContain('still on the timeline of “Other”');
    expect(world.controller.store.getState().jobs[0].takeDeleted).toBeUndefined();
  });
});

describe('The clips read for the warning', () => {
  it('are read again when the marks change, and otherwise at most every few seconds', async () => {
    let reads = 0;
    const clips = [
      { kind: 'video' as const, trackIndex: 0, name: 'Shot 1', range: { start: 0n, end: f(300) } },
      { kind: 'video' as const, trackIndex: 0, name: 'Shot 2', range: { start: f(300), end: f(1500) } },
    ];
    const counting = createWorld({
      sequence: example(),
      hostExtras: {
        readClipsOver: async () => {
          reads++;
          return clips;
        },
      },
    });
    await renderPanel(counting);
    expect(reads).toBe(1);
    await settle(() => counting.controller.refresh());
    expect(reads).toBe(1);
    counting.host.sequence = makeSequence({ zeroFrames: 90000, marks: [260, 315] });
    await settle(() => counting.controller.refresh());
    expect(reads).toBe(2);
    await settle(() => counting.clock.advance(5000));
    await settle(() => counting.controller.refresh());
    expect(reads).toBe(3);
    expect(screen.getByTestId('plan-crossings')).toBeTruthy();
  });
});
