/**
 * Builds the loadable plugin folder `plugin/`: one bundle (no chunks, no eval), host modules left
 * to UXP as externals, manifest.json and assets/ copied beside it.
 */
const fs = require('fs');
const path = require('path');

class CopyPluginFiles {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyPluginFiles', () => {
      const out = compiler.options.output.path;
      fs.cpSync(path.join(__dirname, 'assets'), out, { recursive: true });
      fs.copyFileSync(path.join(__dirname, 'manifest.json'), path.join(out, 'manifest.json'));
    });
  }
}

module.exports = (env, argv) => ({
  name: 'plugin',
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
    rules: [{ test: /\.tsx?$/, loader: 'ts-loader', options: { transpileOnly: true } }],
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
