import { RunwareStandIn, RunwareStandInOptions, startRunwareStandIn } from './server';

/**
 * Runs a stand-in as a process: prints its POST URL as the first line on stdout (what a parent
 * process reads), then `stdoutLines`, and the `stderrLines` banner; closes it on SIGINT/SIGTERM.
 */
export function serveUntilSignalled(
  options: RunwareStandInOptions,
  stderrLines: (standIn: RunwareStandIn) => string[],
  stdoutLines: (standIn: RunwareStandIn) => string[] = () => [],
): void {
  startRunwareStandIn(options).then(
    (standIn) => {
      process.stdout.write([standIn.url, ...stdoutLines(standIn)].map((l) => `${l}\n`).join(''));
      for (const line of stderrLines(standIn)) process.stderr.write(`${line}\n`);
      const stop = (): void => {
        standIn.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (e: unknown) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
