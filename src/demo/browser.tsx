/**
 * The demo page's composition root: the wiring of src/entry/uxp.tsx with the host swapped for the
 * fake Premiere (in this page, its media and exports served by the demo server), files on the demo
 * server's data folder, and Runware through the server's same-origin relay.
 */
import { createRoot } from 'react-dom/client';
import { systemClock } from '../app/clock';
import { Journal } from '../app/journal';
import type { SecretStore } from '../app/ports';
import { RetakeController } from '../app/retakeController';
import { createPremiereHost } from '../adapters/premiere/host';
import { ASSUMED_BEHAVIOUR } from '../adapters/premiere/hostBehaviour';
import { timelineToPremiere } from '../adapters/premiere/timeConvention';
import { createRunwareClient } from '../adapters/runware/client';
import { asRetakeError } from '../domain/errors';
import type { Ticks } from '../domain/time';
import { createFakePremiere } from '../standins/premiere/fakePremiere';
import { createRemoteMedia, createRemoteRenderer, relayingFetch } from './browserMedia';
import { DemoApp } from './DemoApp';
import { buildDemoProject, DemoConfig, relayFinishedTakes } from './demoSpec';
import { createPageFetch, PageFetch, tokenFromFragment } from './pageFetch';
import { createRemoteFileStore } from './remoteFileStore';
import { createThumbnailFetcher } from './thumbnailFetcher';
import type { SimulationId } from './simulations';

/** The key is held by the stand-in (any key passes) or by the demo server (the real one): the page holds a placeholder. */
const PLACEHOLDER_KEY = 'demo-key-held-by-the-demo-server';

function demoSecrets(): SecretStore {
  let key: string | null = PLACEHOLDER_KEY;
  return {
    getApiKey: async () => key,
    setApiKey: async (k) => {
      key = k;
    },
    clearApiKey: async () => {
      key = null;
    },
  };
}

async function answer<T>(r: Response): Promise<T> {
  const body = (await r.json().catch(() => ({}))) as T & { error?: string };
  if (!r.ok) throw new Error(body.error ?? `The demo server answered ${r.status}.`);
  return body;
}

async function boot(root: HTMLElement): Promise<void> {
  const origin = window.location.origin;
  const token = tokenFromFragment(window.location.hash);
  if (!token) throw new Error('Open the link npm start printed (it ends in #token=…): the demo server answers only the page it started.');
  const call: PageFetch = createPageFetch(origin, token);
  const config = await answer<DemoConfig>(await call('/api/config'));
  const { paths } = config;

  const { ppro, control } = createFakePremiere({ media: createRemoteMedia(call), renderer: createRemoteRenderer(call) });
  const files = createRemoteFileStore(call, paths.scratchDir);
  const sequenceGuid = await buildDemoProject(control, config.project);
  // Reopening the "saved project": finished takes are where they were placed.
  await relayFinishedTakes(control, sequenceGuid, await new Journal(files, paths.journalPath).load());

  let controller: RetakeController;
  const host = createPremiereHost(ppro, {
    files,
    clock: systemClock,
    exportPresetPath: paths.presetPath,
    takesFolderOverride: async () => controller.store.getState().preferences.takesFolder,
    // Frames are exported on the demo server into its thumbnails folder; the page reads them with its token.
    thumbnailFolder: async () => ({ native: paths.thumbnailsDir, url: paths.thumbnailsDir }),
  });
  const runwareFetch = relayingFetch(origin, call);
  controller = new RetakeController({
    host,
    files,
    secrets: demoSecrets(),
    clock: systemClock,
    newUUID: () => crypto.randomUUID(),
    makeInference: (apiKey) =>
      createRunwareClient({ apiKey, apiUrl: `${origin}${config.runware.apiPath}`, fetch: runwareFetch, clock: systemClock, newUUID: () => crypto.randomUUID() }),
    journalPath: paths.journalPath,
    preferencesPath: paths.preferencesPath,
  });

  const setPlayhead = async (t: Ticks) => {
    const project = await ppro.Project.getActiveProject();
    const sequence = await project.getActiveSequence();
    const zero = control.sequence().zeroPoint;
    await sequence.setPlayerPosition(ppro.TickTime.createWithTicks(timelineToPremiere(t, zero, ASSUMED_BEHAVIOUR.timesIncludeZeroPoint).toString()));
  };
  // Running jobs are stopped (and their last step written) before the state is archived, so none comes back.
  const onReset = async () => {
    await controller.cancelAll();
    await controller.whenIdle();
    await answer(await call('/api/demo/reset', { method: 'POST' }));
    window.location.reload();
  };
  const onSimulate = async (fault: SimulationId) =>
    (await answer<{ pending: number }>(await call('/api/demo/simulate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fault }) }))).pending;

  // Test hook for the end-to-end tests (and curious developers): the fake's control and the controller.
  (window as unknown as { __demo: unknown }).__demo = { control, controller, ppro, config };

  createRoot(root).render(<DemoApp control={control} controller={controller} config={config} thumbnails={createThumbnailFetcher(files, paths.thumbnailsDir)} setPlayhead={setPlayhead} onReset={onReset} onSimulate={onSimulate} />);
  await controller.init();
}

const root = document.getElementById('root') as HTMLElement;
boot(root).catch((e: unknown) => {
  console.error('The demo could not start:', e);
  root.innerHTML = '';
  const box = document.createElement('div');
  box.className = 'demo-fatal';
  box.textContent = `The demo could not start: ${asRetakeError(e).message}`;
  root.appendChild(box);
});
