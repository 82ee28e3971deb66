import { existsSync, mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { makeSource } from '../testing/sources';
import { parseArgs } from './args';
import { EXIT, runCli } from './main';

jest.setTimeout(60_000);

let standIn: RunwareStandIn;
let dir: string;
let input: string;

beforeAll(async () => {
  standIn = await startRunwareStandIn({ generationMs: 100 });
  dir = mkdtempSync(join(tmpdir(), 'cli-flags-'));
  input = await makeSource(join(dir, 'shot.mp4'), { seconds: 12, fps: '25', gop: 25 });
});
afterAll(() => standIn.close());

async function cli(args: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, env, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

test('--dry-run prints the plan, the cost and how the output would be written, needs no key and sends nothing', async () => {
  const output = join(dir, 'dry.mp4');
  const before = { ...standIn.stats };
  const r = await cli([input, '--from', '4', '--to', '6.6', '--prompt', 'a red car', '--output', output, '--dry-run'], { RUNWARE_API_URL: standIn.url });
  expect(r.code).toBe(EXIT.done);
  expect(r.stdout).toContain('Dry run: nothing uploaded, nothing billed.');
  expect(r.stdout).toContain('5 s billed, about $0.50');
  // Frames 100-174 replaced: the GOPs of 25 frames around them, 100-174, are re-encoded, the rest copied.
  expect(r.stdout).toContain('spliced: frames 100-174 (the GOPs around the cuts) re-encoded, every other frame copied');
  expect(standIn.stats).toEqual(before);
  expect(existsSync(output)).toBe(false);
  expect(readdirSync(dir).filter((f) => f.includes('journal'))).toEqual([]);
});

test('--dry-run --json gives the plan and the output method as one object', async () => {
  const r = await cli([input, '--from', '4.5', '--to', '6.6', '--prompt', 'rain', '--dry-run', '--json'], {});
  expect(r.code).toBe(EXIT.done);
  expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, billedSeconds: 5, estimatedCost: 0.5, outputMethod: { method: 'splice', reencoded: { from: 100, to: 200 } } });
});

test('a real run says how the output was written', async () => {
  const output = join(dir, 'real.mp4');
  const r = await cli([input, '--from', '4', '--to', '6.6', '--prompt', 'a red car', '--output', output, '--emulator'], {});
  expect(r.code).toBe(EXIT.done);
  expect(r.stderr).toContain('Output: spliced: frames 100-174');
});

test('--audio-fade takes milliseconds from 0 to 1000, and says so otherwise', () => {
  const base = ['in.mp4', '--from', '1', '--to', '3', '--prompt', 'p'];
  expect(parseArgs(base)).toMatchObject({ ok: true, command: { kind: 'retake', options: { audioFadeMs: 10, dryRun: false } } });
  expect(parseArgs([...base, '--audio-fade', '0'])).toMatchObject({ ok: true, command: { kind: 'retake', options: { audioFadeMs: 0 } } });
  expect(parseArgs([...base, '--audio-fade=250', '--dry-run'])).toMatchObject({ ok: true, command: { kind: 'retake', options: { audioFadeMs: 250, dryRun: true } } });
  for (const bad of ['-5', '1001', 'soft', '']) {
    expect(parseArgs([...base, '--audio-fade', bad])).toEqual({ ok: false, error: `--audio-fade must be a number of milliseconds from 0 to 1000 (got "${bad}").` });
  }
});
