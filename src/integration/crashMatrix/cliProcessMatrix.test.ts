/**
 * The crash-and-fault matrix's CLI cells on the real binary: `ltx-retake` as a child process,
 * SIGKILLed at a stage under the fault that matters there (waiting on what the stand-in and the
 * journal show, never on time), then the same command run again as another process. The full
 * cross of points and faults is in cliMatrix.test.ts (in-process, so a run can die at any event);
 * these cells prove that the real process, its lock and its journal behave as the in-process runs do.
 */
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { journalPathFor, lockPathFor } from '../../cli/outputFiles';
import { spawnCli, journalStages, waitFor } from '../../cli/testKit';
import type { ScriptedFault } from '../../standins/runware/faults';
import { RunwareStandIn, startRunwareStandIn } from '../../standins/runware/server';
import { makeTestClip, meanColourOfFrame } from '../../testing/media';

jest.setTimeout(120_000);

const KEY = 'rw_cli_process_matrix_4f3e2d';
const work = mkdtempSync(join(tmpdir(), 'cli-process-matrix-'));
let input: string;
let inputHash: string;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  input = await makeTestClip(join(work, 'shot.mp4'), { seconds: 12, fps: '25', width: 320, height: 180, pattern: 'color=c=0x3366cc', toneHz: 440 });
  inputHash = sha(input);
});

interface ProcessCell {
  stage: string;
  fault: string;
  runware: ScriptedFault[];
  /** The first process is killed once this holds. */
  killWhen: (standIn: RunwareStandIn, stages: string[]) => boolean;
  /** Uploads in all: a second one only where no mediaUUID was recorded before the kill. */
  uploads: number;
  /** false: the paid result is gone, the second run must say so. */
  canFinish: boolean;
}

const CELLS: ProcessCell[] = [
  {
    stage: 'submitting', fault: 'lost acknowledgement', runware: [{ on: 'submit', fault: { kind: 'dropAck' } }],
    // Runware took the job, the answer was lost: killed while the client waits to ask about it.
    killWhen: (s, stages) => s.stats.submits === 1 && stages.includes('submitting'), uploads: 1, canFinish: true,
  },
  {
    stage: 'submitting', fault: 'hung acknowledgement', runware: [{ on: 'submit', fault: { kind: 'hungAck' } }],
    killWhen: (s) => s.stats.submits === 1, uploads: 1, canFinish: true,
  },
  {
    stage: 'generating', fault: 'not found on the first poll', runware: [{ on: 'poll', fault: { kind: 'taskNotFound' }, onRequest: 1 }],
    killWhen: (s) => s.stats.faultsFired === 1, uploads: 1, canFinish: true,
  },
  {
    stage: 'uploading', fault: 'placeholder upload', runware: [{ on: 'upload', fault: { kind: 'placeholderUpload', polls: 5 } }],
    // Killed while it polls for the upload's real mediaUUID: the upload is done again (free), never a submit.
    killWhen: (s) => s.stats.polls >= 1, uploads: 2, canFinish: true,
  },
  {
    stage: 'downloading', fault: 'truncated download', runware: [{ on: 'download', fault: { kind: 'truncatedDownload' } }, { on: 'download', fault: { kind: 'hang' } }],
    killWhen: (s) => s.stats.faultsFired === 2, uploads: 1, canFinish: true,
  },
  {
    stage: 'downloading', fault: 'expired result', runware: [{ on: 'download', fault: { kind: 'hang' } }, { on: 'download', fault: { kind: 'resultNotFound' }, times: 1000 }],
    killWhen: (s) => s.stats.faultsFired === 1, uploads: 1, canFinish: false,
  },
  {
    stage: 'writing the output', fault: 'no fault', runware: [],
    killWhen: (_s, stages) => stages.includes('placing'), uploads: 1, canFinish: true,
  },
];

const isInverted = ([r, , b]: number[]) => r > 150 && b < 100; // 0x3366cc inverted is about (204, 153, 51)

test.concurrent.each(CELLS.map((c) => [c.stage, c.fault, c] as const))('killed (SIGKILL) while %s under %s, the same command again: one charge, the output once or what was paid', async (_stage, _fault, cell) => {
  const standIn = await startRunwareStandIn({ apiKeys: [KEY], generationMs: 150 });
  try {
    for (const f of cell.runware) standIn.faults.add(f);
    const output = join(mkdtempSync(join(work, 'cell-')), 'out.mp4');
    const command = [input, '--from', '4', '--to', '6', '--prompt', 'a red car', '--output', output, '--json'];
    const env = { RUNWARE_API_KEY: KEY, RUNWARE_API_URL: standIn.url };

    const first = spawnCli(command, env);
    await waitFor(`${cell.stage} under ${cell.fault}`, () => cell.killWhen(standIn, journalStages(journalPathFor(output))));
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const again = spawnCli(command, env);
    const { code } = await again.exited;
    const paidTask = standIn.stats.submittedTasks[0]?.taskUUID;
    expect(again.stderr()).toMatch(/Continuing job \w+ from the journal/);
    expect(standIn.stats.submits).toBe(1);
    expect(standIn.stats.uploads).toBe(cell.uploads);
    expect(sha(input)).toBe(inputHash);
    expect(existsSync(lockPathFor(output))).toBe(false);
    if (cell.canFinish) {
      expect({ code, stderr: again.stderr() }).toMatchObject({ code: 0 });
      expect(JSON.parse(again.stdout())).toMatchObject({ taskUUID: paidTask, output, billedSeconds: 4 });
      expect(Math.abs((await probe(output)).durationSeconds - 12)).toBeLessThan(0.1);
      const colours = await Promise.all([99, 100, 149, 150].map((n) => meanColourOfFrame(output, n, 25)));
      expect(colours.map(isInverted)).toEqual([false, true, true, false]);
    } else {
      expect(code).not.toBe(0);
      const said = again.stderr().split('\n').filter((l) => l.startsWith('ltx-retake:')).pop() ?? '';
      expect(said).toContain(paidTask);
      expect(said).toMatch(/paid for/);
      expect(said).not.toMatch(/nothing (was )?charged|could not generate/i);
      expect(JSON.parse(again.stdout())).toMatchObject({ taskUUID: paidTask, charged: true });
      expect(existsSync(output)).toBe(false);
    }
  } finally {
    await standIn.close();
  }
});
