/**
 * Two builds:
 * - the loadable plugin folder `plugin/`: one bundle (no chunks, no eval), host modules left to UXP
 *   as externals, manifest.json and assets/ copied beside it, and the self-check's clip made there;
 * - the demo page `dist/demo/public/`: the real panel on the fake Premiere, for `npm start`, with
 *   the panel's stylesheet and the page's own files copied beside it.
 */
const fs = require('fs');
const path = require('path');
const { makeSelfCheckClip } = require('./scripts/make-selfcheck-clip');

class CopyPluginFiles {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyPluginFiles', () => {
      const out = compiler.options.output.path;
      fs.cpSync(path.join(__dirname, 'assets'), out, { recursive: true });
      fs.copyFileSync(path.join(__dirname, 'manifest.json'), path.join(out, 'manifest.json'));
      // The clip "Check this Premiere" imports (UXP has no ffmpeg to make one).
      fs.mkdirSync(path.join(out, 'selfcheck'), { recursive: true });
      makeSelfCheckClip(path.join(out, 'selfcheck', 'ltx-selfcheck.mp4'));
    });
  }
}

/**
 * TypeScript for the bundles: type checking is `npm run typecheck`'s job; ES modules out (tsconfig
 * says CommonJS for Node and jest) so webpack can tree-shake, about 27 KB less for the plugin.
 */
/** Kept in node_modules/.cache/webpack: a rebuild after a small change reuses the rest. */
const CACHE = { type: 'filesystem', buildDependencies: { config: [__filename] } };

const TYPESCRIPT = { test: /\.tsx?$/, loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020' } } };

const plugin = (env, argv) => ({
  name: 'plugin',
  cache: CACHE,
  entry: './src/entry/uxp.tsx',
  target: 'web',
  output: {
    path: path.join(__dirname, 'plugin'),
    filename: 'index.js',
    clean: true,
    library: { type: 'commonjs2' },
  },
  devtool: argv.mode === 'development' ? 'inline-source-map' : false,
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: {
    rules: [TYPESCRIPT],
  },
  externals: {
    premierepro: 'commonjs2 premierepro',
    uxp: 'commonjs2 uxp',
    fs: 'commonjs2 fs',
    os: 'commonjs2 os',
  },
  optimization: { splitChunks: false, runtimeChunk: false },
  performance: { hints: false },
  plugins: [new CopyPluginFiles()],
});

class CopyDemoFiles {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyDemoFiles', () => {
      const out = compiler.options.output.path;
      fs.copyFileSync(path.join(__dirname, 'assets', 'panel.css'), path.join(out, 'panel.css'));
      for (const file of ['index.html', 'demo.css', 'program.css']) fs.copyFileSync(path.join(__dirname, 'src', 'demo', file), path.join(out, file));
    });
  }
}

const demo = () => ({
  name: 'demo',
  mode: 'production',
  cache: CACHE,
  entry: './src/demo/browser.tsx',
  target: 'web',
  output: {
    path: path.join(__dirname, 'dist', 'demo', 'public'),
    filename: 'demo.js',
    clean: true,
  },
  devtool: false,
  resolve: { extensions: ['.tsx', '.ts', '.js'] },
  module: {
    rules: [TYPESCRIPT],
  },
  optimization: { splitChunks: false, runtimeChunk: false },
  performance: { hints: false },
  plugins: [new CopyDemoFiles()],
});

module.exports = (env, argv) => [plugin(env, argv), demo(env, argv)];
