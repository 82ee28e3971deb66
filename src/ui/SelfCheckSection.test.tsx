import { act, fireEvent, render, screen } from '@testing-library/react';
import type { SelfCheckPort, SelfCheckReport } from '../app/selfCheck';
import { reportText } from '../app/selfCheck';
import { RetakeError } from '../domain/errors';
import { SelfCheckSection } from './SelfCheckSection';
import { createWorld } from './testing/fakes';
import { renderPanel, settle } from './testing/renderPanel';

const REPORT: SelfCheckReport = {
  premiereVersion: '26.3.0',
  platform: 'mac',
  checkedAt: '2026-12-01T10:00:00.000Z',
  probes: [
    { id: 'zeroPoint', title: 'Time convention vs the zero point', outcome: 'differs', expected: 'the clip reads 0', seen: 'clip start 914457600000000' },
    { id: 'cleanup', title: 'Cleanup', outcome: 'pass', expected: 'all removed', seen: 'everything removed' },
  ],
  measured: { timesIncludeZeroPoint: true },
  undoSteps: ['LTX Self-check: make scratch bin'],
};

function port(o: { last?: SelfCheckReport | null; fails?: string } = {}): SelfCheckPort & { runs: number } {
  const p = {
    runs: 0,
    last: async () => o.last ?? null,
    run: async () => {
      p.runs++;
      if (o.fails) throw new RetakeError('host', o.fails);
      return REPORT;
    },
  };
  return p;
}

describe('Check this Premiere in Settings', () => {
  it('runs the check, shows each row and what now applies, and says so in the notice', async () => {
    const world = createWorld();
    const check = port();
    await renderPanel(world, { initialTab: 'settings', selfCheck: check });
    expect(screen.getByTestId('self-check-none').textContent).toContain('Not run yet');
    await settle(() => fireEvent.click(screen.getByTestId('self-check-run')));
    expect(check.runs).toBe(1);
    expect(screen.getByTestId('self-check-row-zeroPoint').textContent).toBe('differs Time convention vs the zero point: clip start 914457600000000');
    expect((screen.getByTestId('self-check-text') as HTMLTextAreaElement).value).toBe(reportText(REPORT));
    expect(reportText(REPORT)).toContain('Now used: timesIncludeZeroPoint=true');
    expect(screen.getByTestId('notice').textContent).toContain('Check this Premiere: 1 pass, 1 differ, 0 failed');
  });

  it('shows the kept report on opening, and a failure to run as the notice', async () => {
    const world = createWorld();
    await renderPanel(world, { initialTab: 'settings', selfCheck: port({ last: REPORT, fails: 'No Premiere project is open.' }) });
    await settle();
    expect(screen.getByTestId('self-check-report').textContent).toContain('Premiere 26.3.0');
    await settle(() => fireEvent.click(screen.getByTestId('self-check-run')));
    expect(screen.getByTestId('notice').textContent).toContain('No Premiere project is open.');
    expect(screen.getByTestId('self-check-report').textContent).toContain('Premiere 26.3.0');
  });

  it('copies the report as text, and says to select it when the clipboard refuses', async () => {
    const world = createWorld();
    await act(async () => world.controller.init());
    const copied: string[] = [];
    let refuse = false;
    const copyText = async (t: string) => {
      if (refuse) throw new Error('denied');
      copied.push(t);
    };
    await act(async () => {
      render(<SelfCheckSection controller={world.controller} selfCheck={port({ last: REPORT })} copyText={copyText} />);
    });
    await settle(() => fireEvent.click(screen.getByTestId('self-check-copy')));
    expect(copied).toEqual([reportText(REPORT)]);
    expect(screen.getByText('Report copied.')).toBeTruthy();
    refuse = true;
    await settle(() => fireEvent.click(screen.getByTestId('self-check-copy')));
    expect(screen.getByText(/select the report below and copy it/)).toBeTruthy();
  });

  it('is not offered where the host has none', async () => {
    await renderPanel(createWorld(), { initialTab: 'settings' });
    expect(screen.queryByTestId('self-check')).toBeNull();
  });
});
