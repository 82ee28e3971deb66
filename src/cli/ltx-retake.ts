#!/usr/bin/env node
import { CancelToken } from '../app/cancel';
import { runCli } from './main';

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
}).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`ltx-retake: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
