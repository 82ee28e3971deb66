/**
 * Lets tests run a TypeScript entry point (the CLI) as a real child process on the current
 * sources: `node -r test-support/registerTs.js src/cli/ltx-retake.ts`. Each file is transpiled
 * alone (the project compiles with isolatedModules), and kept in a cache keyed by its contents.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const ts = require('typescript');

const cacheDir = path.join(os.tmpdir(), 'ltx-retake-ts-cache');
fs.mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, inlineSourceMap: true },
    }).outputText;
    fs.writeFileSync(`${cached}.${process.pid}`, code);
    fs.renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(code, filename);
};
