/**
 * The UXP composition root: the only file that requires `premierepro`, `uxp`, `fs` and `os`. It wires
 * the real adapters into one controller shared by the panel and the menu commands, so the
 * commands work with the panel closed, and the self-check whose measurements the host follows.
 */
import type { premierepro } from '@adobe/premierepro';
import { createRoot, Root } from 'react-dom/client';
import { systemClock } from '../app/clock';
import { RetakeController } from '../app/retakeController';
import { createPremiereHost } from '../adapters/premiere/host';
import { hostPlatform } from '../adapters/premiere/nativePath';
import { resolveExportPreset } from '../adapters/premiere/presets';
import { createSelfCheck, guardedBySelfCheck } from '../adapters/premiere/selfCheck/service';
import type { PremiereSubset } from '../adapters/premiere/subset';
import { createRunwareClient } from '../adapters/runware/client';
import { createSecureKeyStore, UxpSecureStorage } from '../adapters/uxp/secureKeyStore';
import { createUxpFileStore, UxpFs } from '../adapters/uxp/uxpFileStore';
import { summaryOf } from '../app/selfCheck';
import { asRetakeError } from '../domain/errors';
import { RetakePanel } from '../ui/RetakePanel';

interface UxpModule {
  host: { version: string };
  storage: {
    secureStorage: UxpSecureStorage;
    localFileSystem: {
      getTemporaryFolder(): Promise<{ nativePath: string }>;
      getPluginFolder(): Promise<{ nativePath: string }>;
      getDataFolder(): Promise<{ nativePath: string }>;
    };
  };
  entrypoints: { setup(config: unknown): void };
}

declare const require: (id: string) => unknown;
const ppro = require('premierepro') as premierepro;
const uxp = require('uxp') as UxpModule;
const fs = require('fs') as UxpFs;
const platform = hostPlatform((require('os') as { platform(): string }).platform());

const files = createUxpFileStore(fs, async () => (await uxp.storage.localFileSystem.getTemporaryFolder()).nativePath);
const pluginFolder = async () => (await uxp.storage.localFileSystem.getPluginFolder()).nativePath;
const shippedPresetPath = async () => `${await pluginFolder()}/presets/h264-retake.epr`;
// Premiere's own H.264 preset when it is on disk; the one shipped inside the plugin last.
const exportPreset = async () =>
  resolveExportPreset((path) => files.exists(path), { platform, hostVersion: uxp.host.version, shippedPath: await shippedPresetPath() });
let controller: RetakeController;
const selfCheck = createSelfCheck(ppro as PremiereSubset, {
  files,
  clock: systemClock,
  platform,
  hostVersion: uxp.host.version,
  clipSource: async () => `${await pluginFolder()}/selfcheck/ltx-selfcheck.mp4`,
  preset: exportPreset,
  busy: () =>
    controller.store.getState().jobs.some((j) => j.stage === 'exporting')
      ? 'A retake is exporting its context window. Run "Check this Premiere" when the export is done.'
      : null,
});
const host = guardedBySelfCheck(
  createPremiereHost(ppro as PremiereSubset, {
    files,
    clock: systemClock,
    exportPresetPath: async () => (await exportPreset()).path,
    // Sequences larger than 1080p export through a copy of the shipped preset scaled to fit.
    scaledPresetSource: () => shippedPresetPath(),
    platform,
    takesFolderOverride: async () => controller.store.getState().preferences.takesFolder,
    // What "Check this Premiere" measured on this Premiere version, else the assumptions.
    behaviour: () => selfCheck.behaviour(),
    // Premiere writes take thumbnails into the data folder; the panel reads them as plugin-data:/ URLs.
    thumbnailFolder: async () => ({ native: `${(await uxp.storage.localFileSystem.getDataFolder()).nativePath}/thumbnails`, url: 'plugin-data:/thumbnails' }),
  }),
  selfCheck,
);
controller = new RetakeController({
  host,
  files,
  secrets: createSecureKeyStore(uxp.storage.secureStorage),
  clock: systemClock,
  newUUID: () => crypto.randomUUID(),
  makeInference: (apiKey) => createRunwareClient({ apiKey, fetch: (...a) => fetch(...a), clock: systemClock, newUUID: () => crypto.randomUUID() }),
  journalPath: 'plugin-data:/retake-journal.json',
  preferencesPath: 'plugin-data:/preferences.json',
});
const ready = Promise.all([controller.init(), selfCheck.load()]).catch((e: unknown) => console.error('LTX Retake could not start:', asRetakeError(e).message));

// The panel renders into a node the plugin owns, mounted once (hide/destroy are unreliable in
// Premiere) and attached again to whatever node UXP hands over on every show, as Adobe's
// panel-controller pattern does: a reopened panel may get a new node.
const container = document.createElement('div');
container.className = 'ltx-root';
let root: Root | null = null;

uxp.entrypoints.setup({
  panels: {
    ltxRetakePanel: {
      show(arg: HTMLElement | { node: HTMLElement }) {
        // Adobe's panel tutorial receives the panel's body; older starters an event with `node`.
        const node = 'node' in arg ? arg.node : arg;
        if (container.parentNode !== node) node.appendChild(container);
        if (root) return;
        root = createRoot(container);
        root.render(<RetakePanel controller={controller} selfCheck={selfCheck} />);
      },
    },
  },
  commands: {
    retakeMarkedRange: {
      run: () => runCommand(() => controller.retakeMarked()),
    },
    retakeRangedMarkers: {
      // No dialog stands between a menu command and the spend: the editor's cap is the consent.
      run: () => runCommand(() => controller.runBatch('withinCap')),
    },
    checkThisPremiere: {
      run: () =>
        runCommand(async () => {
          const report = await selfCheck.run();
          controller.notify('info', `Check this Premiere: ${summaryOf(report)}. The report is in the panel's Settings tab.`);
        }),
    },
  },
});

/** Commands must never throw into UXP; their outcome shows in the panel's job list and notice. */
async function runCommand(work: () => Promise<unknown>): Promise<void> {
  try {
    await ready;
    await work();
  } catch (e) {
    controller.notify('error', asRetakeError(e).message);
  }
}
