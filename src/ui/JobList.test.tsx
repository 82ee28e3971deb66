import { fireEvent, screen, within } from '@testing-library/react';
import { RetakeError } from '../domain/errors';
import { newJob } from '../domain/job';
import { planRetake } from '../domain/plan';
import { act } from 'react';
import { EXPORT_PRESET, START_MS, createWorld, makeSequence } from './testing/fakes';
import { renderPanel, settle, startRetake } from './testing/renderPanel';

const example = () => makeSequence({ zeroFrames: 90000, marks: [250, 315] });
const row = (id: string) => within(screen.getByText((_, el) => el?.getAttribute('data-job-id') === id) as HTMLElement);
const stageOf = (id: string) => document.querySelector(`[data-job-id="${id}"]`)?.getAttribute('data-stage');

describe('Jobs tab', () => {
  it('shows a running job: stage, elapsed time since submit (ticking), Runware progress, ids and what Cancel means', async () => {
    const world = createWorld({ sequence: example() });
    await world.controller.init();
    const id = await startRetake(world);
    world.clock.advance(83_000);
    await renderPanel(world, { initialTab: 'jobs' });
    const r = row(id);
    expect(stageOf(id)).toBe('generating');
    expect(r.getByTestId('job-stage').textContent).toBe('Generating');
    expect(r.getByTestId('job-elapsed').textContent).toBe('1:23');
    expect(r.getByTestId('job-range').textContent).toBe('01:00:10:00 – 01:00:12:24');
    expect(r.queryByTestId('job-task-id')).toBeNull(); // ids wait in the collapsed details row
    fireEvent.click(r.getByTestId('job-details-toggle'));
    expect((r.getByTestId('job-task-id') as HTMLInputElement).value).toBe(world.inference.submitted[0].taskUUID);
    expect((r.getByTestId('job-id') as HTMLInputElement).value).toBe(id);
    expect(r.getByTestId('job-preset').textContent).toBe('Export preset 01 - Match Source - High bitrate.epr'); // which preset this job used
    expect(r.getByTestId('job-preset').getAttribute('title')).toBe(EXPORT_PRESET);
    expect(r.getByTestId('job-action-hint').textContent).toContain('already paid for on Runware and can be resumed');
    expect(screen.getByTestId('tab-jobs').textContent).toBe('Jobs1');

    await settle(() => world.inference.progress(45));
    expect(r.getByTestId('job-progress-text').textContent).toBe('Generating · 1:23 · 45%');
    world.clock.advance(2_000);
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100)));
    expect(r.getByTestId('job-elapsed').textContent).toBe('1:25');
  });

  it('cancelling before submit charges nothing', async () => {
    const world = createWorld({ sequence: example() });
    const exporting = world.gates.hold('export');
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    expect(stageOf(id)).toBe('exporting');
    expect(row(id).getByTestId('job-action-hint').textContent).toContain('Cancel now and nothing is charged.');
    await settle(() => fireEvent.click(row(id).getByTestId('job-cancel')));
    await settle(() => exporting.resolve());
    expect(stageOf(id)).toBe('cancelled');
    expect(row(id).getByTestId('job-cost').textContent).toBe('Nothing charged');
    expect(world.inference.submitted).toHaveLength(0);
  });

  it('cancelling after submit stops following; Resume picks it up with no new submit', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => fireEvent.click(row(id).getByTestId('job-cancel')));
    expect(stageOf(id)).toBe('stopped');
    expect(row(id).getByTestId('job-retry').textContent).toBe('Resume');
    expect(row(id).getByTestId('job-action-hint').textContent).toContain('no new charge');
    await settle(() => fireEvent.click(row(id).getByTestId('job-retry')));
    expect(stageOf(id)).toBe('generating');
    expect(world.inference.submitted).toHaveLength(1);
  });

  it('a failed job shows its error sentence and Resume when it can continue without a charge', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    const sentence = 'The connection to Runware dropped. Check the network, then resume: the job is already paid for.';
    await settle(() => world.inference.fail(new RetakeError('network', sentence)));
    expect(stageOf(id)).toBe('failed');
    expect(row(id).getByTestId('job-error').textContent).toBe(sentence);
    expect(row(id).getByRole('alert').textContent).toBe(sentence);
    expect(screen.getByTestId('tab-jobs').textContent).toBe('Jobs1');
    await settle(() => fireEvent.click(row(id).getByTestId('job-retry')));
    await settle(() => world.inference.finish(0.5));
    expect(stageOf(id)).toBe('done');
  });

  it('a generation failure cannot be resumed: only Run again, which says it is a new charge', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.fail(new RetakeError('provider', 'LTX-2 could not generate this range. Try another prompt.')));
    expect(row(id).queryByTestId('job-retry')).toBeNull();
    fireEvent.click(row(id).getByTestId('job-rerun'));
    expect(row(id).getByTestId('job-rerun-estimate').textContent).toContain('a new charge of about $0.50');
  });

  it('a finished job shows what it cost, where it was placed, and reveals it on the timeline', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.48));
    expect(stageOf(id)).toBe('done');
    expect(row(id).getByTestId('job-cost').textContent).toBe('Charged $0.48 (est. $0.50)');
    expect(row(id).getByTestId('job-placed').textContent).toContain(`[${id}]`);
    expect(screen.getByTestId('jobs-history').textContent).toContain('$0.48 charged');
    await settle(() => fireEvent.click(row(id).getByTestId('job-reveal')));
    expect(world.host.revealed).toHaveLength(1);
    expect(world.host.placements[0].at).toBe(example().marks?.start);
  });

  it('Run again takes an edited prompt and starts a new job; Remove from history drops a finished one', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    fireEvent.click(row(id).getByTestId('job-rerun'));
    fireEvent.change(row(id).getByTestId('job-rerun-prompt'), { target: { value: 'a blue car' } });
    expect(row(id).getByTestId('job-rerun-confirm').textContent).toBe('Run again · Est. $0.50');
    await settle(() => fireEvent.click(row(id).getByTestId('job-rerun-confirm')));
    expect(screen.getAllByTestId('job-row')).toHaveLength(2);
    expect(world.inference.submitted[1].prompt).toBe('a blue car');
    await settle(() => fireEvent.click(row(id).getByTestId('job-forget')));
    expect(screen.getAllByTestId('job-row')).toHaveLength(1);
    expect(world.files.texts.get('/data/journal.json')).not.toContain(`"id": "${id}"`);
  });

  it('a job under way when the panel was closed appears after init and is followed again', async () => {
    const sequence = example();
    const planned = planRetake(sequence.marks, sequence.timing, { prompt: 'fog rolls in', mode: 'replace_audio_and_video', handleSeconds: 1, extraPlacement: 'after' });
    if (!planned.ok) throw new Error(planned.reason);
    const job = {
      ...newJob({ id: 'resumed1', now: new Date(START_MS - 120_000), sequenceId: sequence.id, sequenceName: sequence.name, origin: { kind: 'marks' as const }, plan: planned.plan }),
      stage: 'generating' as const,
      mediaUUID: 'media-old',
      taskUUID: 'task-old',
      acknowledged: true,
      submittedAt: START_MS - 60_000,
    };
    const world = createWorld({ sequence, journal: [job] });
    await renderPanel(world, { initialTab: 'jobs' });
    expect(stageOf('resumed1')).toBe('generating');
    expect(row('resumed1').getByTestId('job-elapsed').textContent).toBe('1:00');
    expect(row('resumed1').getByTestId('job-prompt').textContent).toBe('“fog rolls in”');
    expect(world.inference.following.map((f) => f.taskUUID)).toEqual(['task-old']);
    expect(world.inference.submitted).toHaveLength(0);
  });

  it('offers Cancel all when several jobs run', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    await startRetake(world);
    world.host.sequence = makeSequence({ zeroFrames: 90000, marks: [600, 700] });
    await startRetake(world, 'snow');
    expect(screen.getByTestId('tab-jobs').textContent).toBe('Jobs2');
    await settle(() => fireEvent.click(screen.getByTestId('jobs-cancel-all')));
    expect(screen.getAllByTestId('job-row').map((r) => r.getAttribute('data-stage'))).toEqual(['stopped', 'stopped']);
  });

  it('says what to do when there are no jobs yet', async () => {
    await renderPanel(createWorld(), { initialTab: 'jobs' });
    expect(screen.getByTestId('jobs-empty').textContent).toContain('No retakes yet.');
  });
});
