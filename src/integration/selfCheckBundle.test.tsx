/**
 * "Check this Premiere" through the built plugin: the menu command runs the check on the fake with
 * the clip the build made, the report is kept in plugin-data and the panel's notice says where it
 * is, and the editor's project is as it was.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { act } from 'react';
import { deserialize, serialize } from 'v8';
import { createNodeFakePremiere } from '../standins/premiere/node';
import { makeTestClip } from '../testing/media';
import { BUNDLE, PLUGIN_DIR, bundleHost } from './bundleHost';

jest.setTimeout(60_000);

// jsdom lacks structuredClone, which the fake's transactions use (Node and browsers have it). The
// plugin must not rely on it (UXP lacks it too): the bundle is checked not to mention it.
const cloneForTheFake = (value: unknown) => deserialize(serialize(value));

test('the checkThisPremiere command runs the check, keeps the report and leaves the project as it was', async () => {
  if (!existsSync(BUNDLE)) throw new Error('plugin/index.js is missing: run `npm run build` first (npm test does).');
  expect(existsSync(join(PLUGIN_DIR, 'selfcheck', 'ltx-selfcheck.mp4'))).toBe(true);
  const bundle = readFileSync(BUNDLE, 'utf8');
  expect(bundle).not.toContain('structuredClone');
  (globalThis as { structuredClone?: unknown }).structuredClone ??= cloneForTheFake;
  const dataDir = mkdtempSync(join(tmpdir(), 'plugin-data-'));
  const { ppro, control } = createNodeFakePremiere();
  control.createProject({ name: 'Show', path: join(dataDir, 'Show.prproj') });
  const media = await control.addMedia(await makeTestClip(join(dataDir, 'shot.mp4'), { seconds: 2, fps: '25', width: 64, height: 36 }));
  const seq = control.createSequence({ name: 'Cut', frameRate: '25', videoTracks: 1, audioTracks: 1 });
  control.addClip(seq.guid, { item: media.id, start: 0n });
  const itemsBefore = control.items();

  const host = bundleHost(ppro, dataDir);
  const module = { exports: {} };
  new Function('require', 'module', 'exports', bundle)(host.require, module, module.exports);
  const node = document.createElement('div');
  document.body.appendChild(node);
  await act(async () => host.setups[0].panels.ltxRetakePanel.show(node));
  await act(async () => {
    await host.setups[0].commands.checkThisPremiere.run();
  });

  expect(node.querySelector('[data-testid="notice"]')?.textContent).toMatch(/^Check this Premiere: 31 pass, 1 differ, 0 failed\. The report is in the panel's Settings tab\./);
  const kept = JSON.parse(readFileSync(join(dataDir, 'self-check.json'), 'utf8')) as { premiereVersion: string; probes: Array<{ id: string; outcome: string }> };
  expect(kept.premiereVersion).toBe('26.3.0');
  // The fake has no Premiere install on disk, so only the preset row differs (the shipped one was used).
  expect(kept.probes.filter((p) => p.outcome !== 'pass').map((p) => p.id)).toEqual(['preset']);
  expect(control.items()).toEqual(itemsBefore);
  expect(control.sequences().map((s) => s.guid)).toEqual([seq.guid]);
  expect(control.sequence().guid).toBe(seq.guid);
});
