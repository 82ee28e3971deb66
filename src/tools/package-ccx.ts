import { promises as fs } from 'fs';
import JSZip from 'jszip';
import { join, relative } from 'path';

/** Zips the built plugin folder into a .ccx (a ZIP Creative Cloud installs on double-click). */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const pluginDir = join(root, 'plugin');
  const manifest = JSON.parse(await fs.readFile(join(pluginDir, 'manifest.json'), 'utf8')) as { id: string; version: string };
  const zip = new JSZip();
  for (const file of await walk(pluginDir)) zip.file(relative(pluginDir, file).split('\\').join('/'), await fs.readFile(file));
  const out = join(root, `${manifest.id}_${manifest.version}.ccx`);
  await fs.writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  console.log(`Wrote ${out}`);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}

main().catch((e: unknown) => {
  console.error(`package: ${e instanceof Error ? e.message : String(e)} (run npm run build first)`);
  process.exit(1);
});
