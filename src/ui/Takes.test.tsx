import { fireEvent, screen, within } from '@testing-library/react';
import { act } from 'react';
import { createWorld, makeMarker, makeSequence } from './testing/fakes';
import { renderPanel, settle, startRetake } from './testing/renderPanel';

const example = () => makeSequence({ zeroFrames: 90000, marks: [250, 315] });
const row = (id: string) => within(document.querySelector(`[data-job-id="${id}"]`) as HTMLElement);

describe('Takes in the panel', () => {
  it('before money is spent, says how many takes the range already has and that a new one is a new charge', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world);
    await startRetake(world, 'a red car');
    await settle(() => world.inference.finish(0.5));
    expect(screen.getByTestId('plan-existing-takes').textContent).toBe('1 take exists for this range; this is a new charge of $0.50. It starts from what plays there now: choose Original first to start from the original shot.');
    await startRetake(world, 'a blue car');
    await settle(() => world.inference.finish(0.5));
    expect(screen.getByTestId('plan-existing-takes').textContent).toBe('2 takes exist for this range; this is a new charge of $0.50. It starts from what plays there now: choose Original first to start from the original shot.');
  });

  it('the batch list warns on markers that already have takes, and only on those', async () => {
    const markers = [makeMarker('m1', 'Car', [250, 315]), makeMarker('m2', 'Sky', [500, 560])];
    const world = createWorld({ sequence: example(), markers });
    await renderPanel(world, { initialTab: 'batch' });
    await startRetake(world, 'a red car'); // the marks are m1's range
    await settle(() => world.inference.finish(0.5));
    const batchRow = (id: string) => document.querySelector(`[data-testid="batch-row"][data-marker-id="${id}"]`) as HTMLElement;
    expect(within(batchRow('m1')).getByTestId('batch-row-existing-takes').textContent).toBe('1 take exists for this range; this is a new charge of $0.50. It starts from what plays there now: choose Original first to start from the original shot.');
    expect(within(batchRow('m2')).queryByTestId('batch-row-existing-takes')).toBeNull();
  });

  it('history is grouped by range; cards are titled by prompt, show the marked range, and keep ids in a collapsed row', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const first = await startRetake(world, 'a red car');
    await settle(() => world.inference.finish(0.5));
    const second = await startRetake(world, 'a blue car');
    await settle(() => world.inference.finish(0.5));
    const groups = screen.getAllByTestId('take-group');
    expect(groups).toHaveLength(1);
    expect(within(groups[0]).getAllByTestId('job-row').map((r) => r.getAttribute('data-job-id'))).toEqual([second, first]);
    expect(row(first).getByTestId('job-prompt').textContent).toBe('“a red car”');
    expect(row(first).getByTestId('job-marked').textContent).toBe('01:00:10:00 – 01:00:12:14 (00:00:02:15)');
    expect(row(first).getByTestId('job-range').textContent).toBe('01:00:10:00 – 01:00:12:24');
    expect(row(first).queryByTestId('job-id')).toBeNull();
    fireEvent.click(row(first).getByTestId('job-details-toggle'));
    expect((row(first).getByTestId('job-id') as HTMLInputElement).value).toBe(first);
    expect(row(first).getByTestId('job-request').textContent).toBe('startTime 1 s · duration 3 s');
  });

  it('while generating, says how long is left from past jobs of the same length', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'jobs' });
    const first = await startRetake(world, 'a red car');
    expect(row(first).queryByTestId('job-time-left')).toBeNull(); // no past job says how long yet
    await act(async () => world.clock.advance(240_000)); // the first job takes 4 minutes
    await settle(() => world.inference.finish(0.5));
    const second = await startRetake(world, 'a blue car');
    await act(async () => world.clock.advance(60_000));
    await act(() => new Promise((resolve) => setTimeout(resolve, 1100))); // the panel's clock ticks each second
    expect(row(second).getByTestId('job-time-left').textContent).toBe('about 3 min left');
  });
});
