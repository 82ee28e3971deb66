#!/usr/bin/env node
import { createInterface } from 'readline';
import { CancelToken } from '../app/cancel';
import { runCli } from './main';

/** A y/N question on the terminal (stdin and stderr); only "y" or "yes" is a yes. */
function confirmOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => rl.question(question, (answer) => {
    rl.close();
    resolve(/^\s*y(es)?\s*$/i.test(answer));
  }));
}

const cancel = new CancelToken();
process.on('SIGINT', () => {
  if (cancel.cancelled) process.exit(130);
  process.stderr.write('\nCancelling (Ctrl-C again to quit at once)…\n');
  cancel.cancel();
});
// A write nobody waits for (a progress note) that fails is said as its sentence, never a stack
// trace; the journal's next awaited write reports the same failure with what was paid.
process.on('unhandledRejection', (e: unknown) => {
  process.stderr.write(`ltx-retake: ${e instanceof Error ? e.message : String(e)}\n`);
});

runCli(process.argv.slice(2), process.env, {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
  cancel,
  ...(process.stdin.isTTY ? { confirm: confirmOnTerminal } : {}),
}).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`ltx-retake: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
