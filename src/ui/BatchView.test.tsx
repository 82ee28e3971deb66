import { fireEvent, screen, within } from '@testing-library/react';
import { RetakeError } from '../domain/errors';
import { createWorld, makeMarker, makeSequence } from './testing/fakes';
import { renderPanel, settle } from './testing/renderPanel';

const markers = () => [
  makeMarker('m-car', 'Car [AV]', [250, 315], { comments: 'a red car', colorIndex: 1 }),
  makeMarker('m-sky', 'Sky', [500, 575], { colorIndex: 6 }),
  makeMarker('m-blink', 'Blink', [800, 820], { comments: 'eyes open', colorIndex: 1 }),
];

async function batchWorld(o: Parameters<typeof createWorld>[0] = {}) {
  const world = createWorld({ sequence: makeSequence({ marks: null }), markers: markers(), ...o });
  await renderPanel(world, { initialTab: 'batch' });
  await settle(() => world.controller.setDraft({ prompt: 'clear blue sky' }));
  return world;
}

const rowOf = (markerId: string) => within(document.querySelector(`[data-marker-id="${markerId}"]`) as HTMLElement);
const total = () => screen.getByTestId('batch-total').textContent;
const runButton = () => screen.getByTestId('batch-run') as HTMLButtonElement;

describe('Batch tab', () => {
  it('lists the ranged markers with prompt, mode, cost; flags the invalid one; totals the valid ones', async () => {
    await batchWorld();
    expect(screen.getAllByTestId('batch-row').map((r) => r.getAttribute('data-marker-id'))).toEqual(['m-car', 'm-sky', 'm-blink']);
    const car = rowOf('m-car');
    expect(car.getByText('“a red car”')).toBeTruthy();
    expect(car.getByTestId('batch-row-prompt-source').textContent).toBe('marker comment');
    expect(car.getByText(/Replace video and audio/)).toBeTruthy();
    expect(car.getByTestId('batch-row-mode-source').textContent).toBe('from name tag');
    expect(car.getByTestId('batch-row-cost').textContent).toBe('Est. $0.50');
    expect(car.getByText('00:00:10:00 – 00:00:12:14')).toBeTruthy();
    const sky = rowOf('m-sky');
    expect(sky.getByText('“clear blue sky”')).toBeTruthy();
    expect(sky.getByTestId('batch-row-prompt-source').textContent).toBe('panel prompt');
    expect(sky.getByTestId('batch-row-mode-source').textContent).toBe('panel mode');
    const blink = rowOf('m-blink');
    expect(blink.getByTestId('batch-row-reason').textContent).toBe('The marked range is 0.8 s; LTX-2 Retake regenerates at least 2 s. Widen the marks by 1.2 s.');
    expect((blink.getByTestId('batch-toggle') as HTMLInputElement).disabled).toBe(true);
    expect((blink.getByTestId('batch-toggle') as HTMLInputElement).checked).toBe(false);
    expect(total()).toBe('2 of 3 selected · Est. $1.00');
    expect(screen.getByTestId('batch-cap').textContent).toContain('No spending cap.');
  });

  it('filters by colour and by name text; unticking a row lowers the total', async () => {
    await batchWorld();
    fireEvent.click(screen.getByTestId('batch-filter-color-6'));
    expect(screen.getAllByTestId('batch-row').map((r) => r.getAttribute('data-marker-id'))).toEqual(['m-sky']);
    fireEvent.click(screen.getByTestId('batch-filter-color-all'));
    fireEvent.change(screen.getByTestId('batch-filter-text'), { target: { value: 'CAR' } });
    expect(screen.getAllByTestId('batch-row').map((r) => r.getAttribute('data-marker-id'))).toEqual(['m-car']);
    expect(total()).toBe('1 of 1 selected · Est. $0.50');
    fireEvent.change(screen.getByTestId('batch-filter-text'), { target: { value: '' } });
    fireEvent.click(rowOf('m-car').getByTestId('batch-toggle'));
    expect(total()).toBe('1 of 3 selected · Est. $0.50');
  });

  it('asks for confirmation in the panel, runs, shows progress, then a summary', async () => {
    const world = await batchWorld();
    fireEvent.click(runButton());
    expect(screen.getByTestId('batch-confirm-step').textContent).toContain('Start 2 retakes for about $1.00?');
    fireEvent.click(screen.getByTestId('batch-confirm-back'));
    expect(screen.queryByTestId('batch-confirm-step')).toBeNull();
    expect(world.controller.store.getState().jobs).toHaveLength(0);

    fireEvent.click(runButton());
    await settle(() => fireEvent.click(screen.getByTestId('batch-confirm')));
    expect(world.inference.submitted.map((r) => r.prompt).sort()).toEqual(['a red car', 'clear blue sky']);
    expect(world.inference.submitted.find((r) => r.prompt === 'a red car')?.mode).toBe('replace_audio_and_video');
    expect(screen.getByTestId('batch-progress').textContent).toContain('Batch running: 0 of 2 finished');
    expect(screen.getByTestId('batch-cancel-all')).toBeTruthy();

    await settle(() => world.inference.finish(0.5));
    await settle(() => world.inference.fail(new RetakeError('provider', 'The model could not generate this range.')));
    expect(screen.getByTestId('batch-summary').textContent).toContain('Batch finished: 1 placed, 1 failed; $0.50 charged in total.');
    fireEvent.click(screen.getByTestId('batch-open-jobs'));
    expect(screen.getAllByTestId('job-row').map((r) => r.querySelector('.ltx-job-title')?.textContent).sort()).toEqual(['“a red car”', '“clear blue sky”']);
  });

  it('blocks a batch over the spending cap until markers are unticked', async () => {
    await batchWorld({ preferences: { spendingCapUsd: 0.75 } });
    expect(screen.getByTestId('batch-cap').textContent).toContain('Spending cap $0.75.');
    expect(screen.getByTestId('batch-blocker').textContent).toBe(
      'The batch is estimated at $1.00, over your $0.75 cap. Untick some markers or raise the cap in Settings.',
    );
    expect(runButton().disabled).toBe(true);
    fireEvent.click(rowOf('m-sky').getByTestId('batch-toggle'));
    expect(screen.queryByTestId('batch-blocker')).toBeNull();
    expect(runButton().disabled).toBe(false);
  });

  it('says what to do with no markers, and without a key', async () => {
    const world = createWorld({ apiKey: null });
    await renderPanel(world, { initialTab: 'batch' });
    expect(screen.getByTestId('batch-empty').textContent).toContain('No ranged markers on this sequence.');
    expect(screen.getByTestId('missing-key')).toBeTruthy();
    expect(screen.getByTestId('batch-blocker').textContent).toBe('Add your Runware API key in Settings to run a batch.');
    expect(runButton().disabled).toBe(true);
  });
});
