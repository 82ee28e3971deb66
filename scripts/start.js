#!/usr/bin/env node
/**
 * `npm start`: builds only when the build is out of date (an output missing, or any input newer
 * than the oldest output), then runs the demo. A checkout that is already built starts at once.
 */
const { spawnSync } = require('child_process');
const { readdirSync, statSync } = require('fs');
const { join } = require('path');

const ROOT = join(__dirname, '..');
const INPUTS = ['src', 'assets', 'manifest.json', 'webpack.config.js', 'tsconfig.json', 'tsconfig.node.json', 'package.json', 'package-lock.json'];
const OUTPUTS = ['plugin/index.js', 'plugin/manifest.json', 'dist/demo/public/demo.js', 'dist/demo/public/index.html', 'dist/demo/main.js'];

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

function oldestOutput() {
  let oldest = Infinity;
  for (const file of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(join(ROOT, file)).mtimeMs);
    } catch {
      return 0;
    }
  }
  return oldest;
}

const inputsChanged = Math.max(...INPUTS.map((p) => newest(join(ROOT, p))));
if (oldestOutput() < inputsChanged) {
  process.stdout.write('Building the plugin and the demo (only when sources changed)…\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else {
  process.stdout.write('The build is up to date.\n');
}
require(join(ROOT, 'dist', 'demo', 'main.js'));
