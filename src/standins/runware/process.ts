import { RunwareStandIn, RunwareStandInOptions, startRunwareStandIn } from './server';

/**
 * Runs a stand-in as a process: prints its POST URL as the first line on stdout and the API key it
 * accepts as the second (`API key: <key>`: what a parent process reads), then the `stderrLines`
 * banner; closes it on SIGINT/SIGTERM.
 */
export function serveUntilSignalled(options: RunwareStandInOptions, stderrLines: (standIn: RunwareStandIn) => string[]): void {
  startRunwareStandIn(options).then(
    (standIn) => {
      process.stdout.write(`${standIn.url}\nAPI key: ${standIn.apiKey}\n`);
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
