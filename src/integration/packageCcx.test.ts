import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import JSZip from 'jszip';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

test('npm run package zips the built plugin folder into an installable .ccx', async () => {
  const tool = join(ROOT, 'dist', 'tools', 'package-ccx.js');
  const out = execFileSync(process.execPath, [tool], { cwd: ROOT, encoding: 'utf8' });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { id: string; version: string };
  const ccx = join(ROOT, `${manifest.id}_${manifest.version}.ccx`);
  expect(out).toContain(ccx);
  const zip = await JSZip.loadAsync(readFileSync(ccx));
  const names = Object.keys(zip.files);
  for (const name of ['manifest.json', 'index.html', 'index.js', 'panel.css', 'presets/h264-retake.epr', 'selfcheck/ltx-selfcheck.mp4', 'icons/plugin-icon.png', 'icons/icon-dark@2x.png']) expect(names).toContain(name);
  // The manifest inside is the one source of truth, byte for byte.
  expect(await zip.file('manifest.json')!.async('string')).toBe(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
});
