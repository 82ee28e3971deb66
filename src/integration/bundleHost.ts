/**
 * What UXP hands the built plugin (plugin/index.js): `premierepro`, `uxp` and `fs`, here over a
 * scratch folder standing in for plugin-data:/ and the plugin's temp folder, and a `require` that
 * refuses anything else, as UXP would.
 */
import { readFileSync, promises as fs } from 'fs';
import { join } from 'path';
import { TextEncoder } from 'util';
import type { PremiereSubset } from '../adapters/premiere/subset';

export const BUNDLE = join(__dirname, '..', '..', 'plugin', 'index.js');
export const PLUGIN_DIR = join(__dirname, '..', '..', 'plugin');

export interface Registered {
  panels: Record<string, { show(node: HTMLElement): void }>;
  commands: Record<string, { run(): Promise<void> | void }>;
}

export interface BundleHost {
  require: (id: string) => unknown;
  /** Module ids the bundle asked for. */
  required: string[];
  /** Every entrypoints.setup call. */
  setups: Registered[];
  /** UXP secure storage's contents. */
  secure: Map<string, string>;
}

export function bundleHost(ppro: PremiereSubset, dataDir: string, o: { osPlatform?: string } = {}): BundleHost {
  const native = (path: string) => path.replace(/^plugin-data:\//, `${dataDir}/`);
  const setups: Registered[] = [];
  const secure = new Map<string, string>();
  const encoder = new TextEncoder(); // Node's: jsdom pages have none
  const utf8 = (text: string) => encoder.encode(text);
  const modules = {
    premierepro: ppro,
    os: { platform: () => o.osPlatform ?? 'darwin' },
    uxp: {
      entrypoints: { setup: (config: Registered) => setups.push(config) },
      host: { version: '26.3.0' },
      storage: {
        secureStorage: {
          getItem: async (k: string) => utf8(secure.get(k) ?? ''),
          setItem: async (k: string, v: string) => void secure.set(k, v),
          removeItem: async (k: string) => void secure.delete(k),
        },
        localFileSystem: {
          getTemporaryFolder: async () => ({ nativePath: dataDir }),
          getPluginFolder: async () => ({ nativePath: PLUGIN_DIR }),
          getDataFolder: async () => ({ nativePath: dataDir }),
        },
      },
    },
    fs: {
      readFile: async (p: string, opt?: { encoding: string }) => {
        if (opt) return fs.readFile(native(p), 'utf8');
        const bytes = await fs.readFile(native(p));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      },
      writeFile: async (p: string, d: string | ArrayBuffer) => fs.writeFile(native(p), typeof d === 'string' ? d : Buffer.from(d)),
      lstat: (p: string) => fs.lstat(native(p)),
      mkdir: (p: string, opt?: { recursive: boolean }) => fs.mkdir(native(p), opt),
      unlink: (p: string) => fs.unlink(native(p)),
      rename: (a: string, b: string) => fs.rename(native(a), native(b)),
    },
  };
  const required: string[] = [];
  const require = (id: string) => {
    required.push(id);
    if (id in modules) return modules[id as keyof typeof modules];
    throw new Error(`The bundle asked for "${id}", which UXP does not provide.`);
  };
  return { require, required, setups, secure };
}

/**
 * Runs the built bundle as UXP would load it, with `globals` in scope over the page's own: a name
 * set to undefined is one the bundle must do without. `window`, `self` and `globalThis` are the
 * page's window with those names hidden, so `window.URL` is missing too.
 */
export function runBundle(host: BundleHost, globals: Record<string, unknown> = {}, code = readFileSync(BUNDLE, 'utf8')): void {
  const hidden = new Set(Object.keys(globals).filter((k) => globals[k] === undefined));
  const page = new Proxy(window, {
    get(target, key) {
      if (typeof key === 'string' && hidden.has(key)) return undefined;
      const value: unknown = Reflect.get(target, key);
      // Methods of the window (setTimeout, addEventListener) need it as `this`; constructors do not.
      return typeof value === 'function' && typeof key === 'string' && /^[a-z]/.test(key) ? (value as () => unknown).bind(target) : value;
    },
    has: (target, key) => !(typeof key === 'string' && hidden.has(key)) && key in target,
  });
  const scope: Record<string, unknown> = { window: page, self: page, globalThis: page, ...globals };
  const names = Object.keys(scope);
  const module = { exports: {} };
  new Function('require', 'module', 'exports', ...names, code)(host.require, module, module.exports, ...names.map((n) => scope[n]));
}
