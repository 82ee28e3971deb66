import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { RetakePanel } from './RetakePanel';
import { createWorld, makeSequence } from './testing/fakes';
import { renderPanel, settle } from './testing/renderPanel';

function Bomb({ explode }: { explode: { now: boolean } }) {
  const [n] = useState(1);
  if (explode.now) throw new Error('boom');
  return <p>drawn {n}</p>;
}

describe('Panel', () => {
  it('an error while drawing shows a sentence and Reload panel instead of crashing', async () => {
    const explode = { now: true };
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <ErrorBoundary>
        <Bomb explode={explode} />
      </ErrorBoundary>,
    );
    expect(screen.getByTestId('panel-error').textContent).toContain('The panel stopped drawing because of an unexpected problem.');
    explode.now = false;
    fireEvent.click(screen.getByTestId('panel-reload'));
    expect(screen.getByText('drawn 1')).toBeTruthy();
    spy.mockRestore();
  });

  it('mounted twice, Ctrl+Enter still starts one retake; unmounted, the shortcut and timer are gone', async () => {
    const world = createWorld({ sequence: makeSequence({ marks: [250, 315] }) });
    await world.controller.init();
    world.controller.setDraft({ prompt: 'a red car' });
    const refresh = jest.spyOn(world.controller, 'refresh');
    const first = render(<RetakePanel controller={world.controller} now={world.clock.now} refreshPolicy={{ kind: 'interval', intervalMs: 5 }} />);
    const second = render(<RetakePanel controller={world.controller} now={world.clock.now} refreshPolicy={{ kind: 'interval', intervalMs: 5 }} />);
    await settle(() => fireEvent.keyDown(document.body, { key: 'Enter', metaKey: true }));
    expect(world.controller.store.getState().jobs).toHaveLength(1);
    expect(screen.queryByTestId('notice')).toBeNull();
    first.unmount();
    second.unmount();
    const calls = refresh.mock.calls.length;
    await act(() => new Promise((r) => setTimeout(r, 30)));
    expect(refresh.mock.calls.length).toBe(calls);
    world.host.sequence = makeSequence({ marks: [600, 700] });
    await settle(() => fireEvent.keyDown(document.body, { key: 'Enter', ctrlKey: true }));
    expect(world.controller.store.getState().jobs).toHaveLength(1);
  });

  it('plain Enter, Shift+Ctrl+Enter and keys in the Run again prompt do not retake', async () => {
    const world = createWorld({ sequence: makeSequence({ marks: [250, 315] }) });
    await renderPanel(world);
    await settle(() => world.controller.setDraft({ prompt: 'a red car' }));
    await settle(() => fireEvent.keyDown(document.body, { key: 'Enter' }));
    await settle(() => fireEvent.keyDown(document.body, { key: 'Enter', ctrlKey: true, shiftKey: true }));
    expect(world.controller.store.getState().jobs).toHaveLength(0);
    await settle(() => fireEvent.keyDown(document.body, { key: 'Enter', ctrlKey: true }));
    await settle(() => world.inference.finish(0.5));
    fireEvent.click(screen.getByTestId('tab-jobs'));
    fireEvent.click(screen.getByTestId('job-rerun'));
    await settle(() => fireEvent.keyDown(screen.getByTestId('job-rerun-prompt'), { key: 'Enter', ctrlKey: true }));
    expect(world.controller.store.getState().jobs).toHaveLength(1);
  });

  it('follows a light theme from the page, dark otherwise', async () => {
    const world = createWorld();
    document.documentElement.setAttribute('data-theme', 'light');
    const { unmount } = await renderPanel(world);
    expect(screen.getByTestId('retake-panel').getAttribute('data-theme')).toBe('light');
    unmount();
    document.documentElement.removeAttribute('data-theme');
    await renderPanel(world);
    expect(screen.getByTestId('retake-panel').getAttribute('data-theme')).toBe('dark');
  });

  it('follows Premiere’s theme through document.theme', async () => {
    let listener: ((t: string) => void) | null = null;
    const theme = { getCurrent: () => 'lightest', onUpdated: { addListener: (fn: (t: string) => void) => (listener = fn), removeListener: () => (listener = null) } };
    Object.defineProperty(document, 'theme', { value: theme, configurable: true });
    try {
      await renderPanel(createWorld());
      expect(screen.getByTestId('retake-panel').getAttribute('data-theme')).toBe('light');
      theme.getCurrent = () => 'darkest';
      act(() => listener?.('darkest'));
      expect(screen.getByTestId('retake-panel').getAttribute('data-theme')).toBe('dark');
    } finally {
      delete (document as unknown as { theme?: unknown }).theme;
    }
  });
});
