/**
 * The built plugin (plugin/index.js, as the UXP Developer Tool loads it) with `premierepro`,
 * `uxp` and `fs` supplied from outside, as UXP does: it must not bundle them, must register the
 * panel and both commands in one setup call, mount the panel, and run a command without throwing.
 */
import { existsSync, mkdtempSync, readFileSync, promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { act } from 'react';
import { createNodeFakePremiere } from '../standins/premiere/node';

const BUNDLE = join(__dirname, '..', '..', 'plugin', 'index.js');
const MANIFEST = join(__dirname, '..', '..', 'plugin', 'manifest.json');

interface Registered {
  panels: Record<string, { show(node: HTMLElement): void }>;
  commands: Record<string, { run(): Promise<void> | void }>;
}

function loadPlugin() {
  if (!existsSync(BUNDLE)) throw new Error('plugin/index.js is missing: run `npm run build` first (npm test does).');
  const dataDir = mkdtempSync(join(tmpdir(), 'plugin-data-'));
  const native = (path: string) => path.replace(/^plugin-data:\//, `${dataDir}/`);
  const setups: Registered[] = [];
  const secure = new Map<string, string>();
  const { ppro } = createNodeFakePremiere();
  const host = {
    premierepro: ppro,
    uxp: {
      entrypoints: { setup: (config: Registered) => setups.push(config) },
      storage: {
        secureStorage: {
          getItem: async (k: string) => new TextEncoder().encode(secure.get(k) ?? ''),
          setItem: async (k: string, v: string) => void secure.set(k, v),
          removeItem: async (k: string) => void secure.delete(k),
        },
        localFileSystem: {
          getTemporaryFolder: async () => ({ nativePath: dataDir }),
          getPluginFolder: async () => ({ nativePath: join(__dirname, '..', '..', 'plugin') }),
        },
      },
    },
    fs: {
      readFile: async (p: string, o?: { encoding: string }) => (o ? fs.readFile(native(p), 'utf8') : (await fs.readFile(native(p))).buffer),
      writeFile: async (p: string, d: string | ArrayBuffer) => fs.writeFile(native(p), typeof d === 'string' ? d : Buffer.from(d)),
      lstat: (p: string) => fs.lstat(native(p)),
      mkdir: (p: string, o?: { recursive: boolean }) => fs.mkdir(native(p), o),
      unlink: (p: string) => fs.unlink(native(p)),
      rename: (a: string, b: string) => fs.rename(native(a), native(b)),
    },
  };
  const required: string[] = [];
  const fakeRequire = (id: string) => {
    required.push(id);
    if (id in host) return host[id as keyof typeof host];
    throw new Error(`The bundle asked for "${id}", which UXP does not provide.`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', readFileSync(BUNDLE, 'utf8'))(fakeRequire, module, module.exports);
  return { setups, required };
}

test('the bundle takes premierepro, uxp and fs from the host and registers the panel and both commands once', async () => {
  const { setups, required } = loadPlugin();
  expect(new Set(required)).toEqual(new Set(['premierepro', 'uxp', 'fs']));
  expect(setups).toHaveLength(1);
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { entrypoints: Array<{ type: string; id: string }> };
  const ids = (type: string) => manifest.entrypoints.filter((e) => e.type === type).map((e) => e.id).sort();
  expect(Object.keys(setups[0].panels).sort()).toEqual(ids('panel'));
  expect(Object.keys(setups[0].commands).sort()).toEqual(ids('command'));
  expect(ids('command')).toEqual(['retakeMarkedRange', 'retakeRangedMarkers']);
  expect(readFileSync(BUNDLE, 'utf8')).not.toContain('Premiere rule:'); // the fake is not shipped

  // The panel mounts (once, even if shown twice) and says what to do with no project open.
  const node = document.createElement('div');
  document.body.appendChild(node);
  await act(async () => {
    setups[0].panels.ltxRetakePanel.show(node);
    setups[0].panels.ltxRetakePanel.show(node);
    await new Promise((r) => setTimeout(r, 200));
  });
  expect(node.querySelectorAll('[data-testid="retake-panel"]')).toHaveLength(1);
  // A command with nothing to retake reports it in the panel and never throws into UXP.
  await act(async () => {
    await setups[0].commands.retakeMarkedRange.run();
  });
  expect(node.querySelector('[data-testid="notice"]')?.textContent).toMatch(/sequence|API key/i);
});
