/**
 * The version floor: every `premierepro` member the adapter can call (all of subset.ts, read with
 * the TypeScript compiler) has its Premiere version in API_MIN_VERSIONS, and none is newer than
 * the manifest's minVersion. A member added to the subset without its version, or a floor lowered
 * below what the code needs, fails here.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';
import { API_MIN_VERSIONS, compareVersions } from './apiVersions';

const ROOT = join(__dirname, '..', '..', '..');
const SUBSET = join(__dirname, 'subset.ts');

/** The Premiere class a subset type stands for: PSequence -> Sequence, PTickTimeStatic -> TickTime. */
function className(typeName: string): string {
  return typeName.replace(/^P(?=[A-Z])/, '').replace(/Static$/, '');
}

/** "Class.member" for every member the subset declares, statics through PremiereSubset. */
function subsetMembers(): string[] {
  const program = ts.createProgram([SUBSET], { strict: true, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SUBSET)!;
  const members = new Set<string>();
  ts.forEachChild(source, (node) => {
    if (!ts.isTypeAliasDeclaration(node) || !node.name.text.startsWith('P')) return;
    const type = checker.getTypeAtLocation(node.name);
    for (const prop of checker.getPropertiesOfType(type)) {
      if (node.name.text !== 'PremiereSubset') {
        members.add(`${className(node.name.text)}.${prop.name}`);
        continue;
      }
      // The API object: Project.getActiveProject, Constants.ExportType, ...
      const staticType = checker.getTypeOfSymbolAtLocation(prop, node);
      for (const member of checker.getPropertiesOfType(staticType)) members.add(`${prop.name}.${member.name}`);
    }
  });
  return [...members].sort();
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { host: { app: string; minVersion: string } };

test('the subset is read: it has the members the adapter is known to call', () => {
  const members = subsetMembers();
  expect(members).toEqual(expect.arrayContaining(['Marker.guid', 'ClipProjectItem.createSubClipAction', 'Project.getActiveProject', 'Constants.ExportType']));
  expect(members.length).toBeGreaterThan(80);
});

test('every premierepro member the adapter uses has its minimum version on record', () => {
  const missing = subsetMembers().filter((m) => !(m in API_MIN_VERSIONS));
  expect(missing).toEqual([]);
});

test("no member is newer than the manifest's minVersion", () => {
  const floor = manifest.host.minVersion;
  const newer = subsetMembers()
    .filter((m) => m in API_MIN_VERSIONS && compareVersions(API_MIN_VERSIONS[m], floor) > 0)
    .map((m) => `${m} (${API_MIN_VERSIONS[m]})`);
  expect(manifest.host.app).toBe('premierepro');
  expect(newer).toEqual([]);
});

test('versions compare numerically', () => {
  expect(compareVersions('26.3', '26.3.0')).toBe(0);
  expect(compareVersions('26.10', '26.3')).toBeGreaterThan(0);
  expect(compareVersions('25.6', '26.0.0')).toBeLessThan(0);
});
