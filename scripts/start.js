#!/usr/bin/env node
/**
 * `npm start`: builds only when the build is out of date (an output missing, or any input newer
 * than the last build), then runs the demo. A checkout that is already built starts at once.
 *
 * The last build's time is read from files every build rewrites (the copied manifest and page,
 * tsc's output): webpack leaves unchanged bundles untouched, so their own times say nothing.
 */
const { spawnSync } = require('child_process');
const { existsSync, readdirSync, statSync } = require('fs');
const { join } = require('path');

const ROOT = join(__dirname, '..');
const INPUTS = ['src', 'assets', 'manifest.json', 'webpack.config.js', 'tsconfig.json', 'tsconfig.node.json', 'package.json', 'package-lock.json'];
const BUNDLES = ['plugin/index.js', 'dist/demo/public/demo.js'];
const REWRITTEN_EACH_BUILD = ['plugin/manifest.json', 'dist/demo/public/index.html', 'dist/demo/main.js'];

/** Newest modification time under a file or folder (0 when absent). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/** When the last complete build ended its first part, or 0 when an output is missing. */
function lastBuild() {
  if (![...BUNDLES, ...REWRITTEN_EACH_BUILD].every((file) => existsSync(join(ROOT, file)))) return 0;
  return Math.min(...REWRITTEN_EACH_BUILD.map((file) => newest(join(ROOT, file))));
}

const inputsChanged = Math.max(...INPUTS.map((p) => newest(join(ROOT, p))));
if (lastBuild() < inputsChanged) {
  process.stdout.write('Building the plugin and the demo (sources changed since the last build)…\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else {
  process.stdout.write('The build is up to date.\n');
}
require(join(ROOT, 'dist', 'demo', 'main.js'));
