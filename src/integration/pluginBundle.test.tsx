/**
 * The built plugin (plugin/index.js, as the UXP Developer Tool loads it) with `premierepro`,
 * `uxp`, `fs` and `os` supplied from outside, as UXP does: it must not bundle them, must register
 * the panel and the commands in one setup call, mount the panel into a node it owns (attached
 * again to whatever node a later show hands over), and run a command without throwing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { act } from 'react';
import { createNodeFakePremiere } from '../standins/premiere/node';
import { BUNDLE, PLUGIN_DIR, bundleHost, runBundle } from './bundleHost';

const MANIFEST = join(PLUGIN_DIR, 'manifest.json');

function loadPlugin() {
  if (!existsSync(BUNDLE)) throw new Error('plugin/index.js is missing: run `npm run build` first (npm test does).');
  const host = bundleHost(createNodeFakePremiere().ppro, mkdtempSync(join(tmpdir(), 'plugin-data-')));
  runBundle(host);
  return host;
}

const settle = () => act(async () => new Promise((r) => setTimeout(r, 200)));

test('the bundle takes premierepro, uxp, fs and os from the host and registers the panel and the commands once', async () => {
  const { setups, required } = loadPlugin();
  expect(new Set(required)).toEqual(new Set(['premierepro', 'uxp', 'fs', 'os']));
  expect(setups).toHaveLength(1);
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { entrypoints: Array<{ type: string; id: string }> };
  const ids = (type: string) => manifest.entrypoints.filter((e) => e.type === type).map((e) => e.id).sort();
  expect(Object.keys(setups[0].panels).sort()).toEqual(ids('panel'));
  expect(Object.keys(setups[0].commands).sort()).toEqual(ids('command'));
  expect(readFileSync(BUNDLE, 'utf8')).not.toContain('Premiere rule:'); // the fake is not shipped

  // The panel mounts once, even if shown twice, and says what to do with no project open.
  const node = document.createElement('div');
  document.body.appendChild(node);
  await act(async () => {
    setups[0].panels.ltxRetakePanel.show(node);
    setups[0].panels.ltxRetakePanel.show(node);
  });
  await settle();
  expect(node.querySelectorAll('[data-testid="retake-panel"]')).toHaveLength(1);
  // A command with nothing to retake reports it in the panel and never throws into UXP.
  await act(async () => {
    await setups[0].commands.retakeMarkedRange.run();
  });
  expect(node.querySelector('[data-testid="notice"]')?.textContent).toMatch(/sequence|API key/i);
});

test('a panel shown again into a new node gets the same, live panel (never a blank one)', async () => {
  const { setups } = loadPlugin();
  const first = document.createElement('div');
  const second = document.createElement('div');
  document.body.append(first, second);
  await act(async () => setups[0].panels.ltxRetakePanel.show(first));
  await settle();
  // Premiere closed the panel and reopened it with a fresh node; hide/destroy never came.
  await act(async () => setups[0].panels.ltxRetakePanel.show(second));
  await settle();
  expect(second.querySelectorAll('[data-testid="retake-panel"]')).toHaveLength(1);
  expect(first.querySelector('[data-testid="retake-panel"]')).toBeNull();
  // UXP's older starters hand an event with the node instead of the node itself.
  await act(async () => setups[0].panels.ltxRetakePanel.show({ node: first } as unknown as HTMLElement));
  expect(first.querySelectorAll('[data-testid="retake-panel"]')).toHaveLength(1);
});

test("the panel's stylesheet gives html and body a height (or nothing scrolls in UXP) and uses nothing UXP ignores", () => {
  const css = readFileSync(join(PLUGIN_DIR, 'panel.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const rule = /html,\s*body\s*\{([^}]*)\}/.exec(css);
  expect(rule?.[1]).toMatch(/height:\s*100%/);
  expect(css).toMatch(/body\s*\{[^}]*overflow-y:\s*auto/);
  expect(css).not.toMatch(/text-transform|transition|animation|display:\s*grid|\bgap:/);
});
