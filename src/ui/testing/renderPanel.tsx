import { NO_LIVE_REFRESH } from '../../app/liveRefresh';
import { act, render, RenderResult } from '@testing-library/react';
import { RetakePanel, RetakePanelProps } from '../RetakePanel';
import type { World } from './fakes';

/** Starts the controller (loads the journal, reads the host) and renders the panel over it. */
export async function renderPanel(world: World, props: Partial<RetakePanelProps> = {}): Promise<RenderResult> {
  await act(async () => {
    await world.controller.init();
  });
  let result!: RenderResult;
  await act(async () => {
    result = render(<RetakePanel controller={world.controller} now={world.clock.now} refreshPolicy={NO_LIVE_REFRESH} {...props} />);
  });
  return result;
}

/** Runs controller work (and the store updates it causes) inside act, then lets promises settle. */
export async function settle(work: () => unknown = () => undefined): Promise<void> {
  await act(async () => {
    await work();
    // Let the queue, the pipeline and the journal writes run to their next wait.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

export const byTestId = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;

/** Starts a retake of the marked range with `prompt`, as the button would. */
export async function startRetake(world: World, prompt = 'a red car'): Promise<string> {
  let id = '';
  await settle(async () => {
    world.controller.setDraft({ prompt });
    id = (await world.controller.retakeMarked()).id;
  });
  return id;
}
