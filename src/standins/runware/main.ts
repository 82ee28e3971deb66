/**
 * Standalone Runware stand-in.
 *
 *   node dist/standins/runware/main.js [--port 8787] [--api-key KEY ...] [--generation-ms 1500]
 *                                      [--allow-fractional-timing] [--work-dir DIR] [--verbose]
 *
 * Prints the POST endpoint URL (e.g. http://127.0.0.1:8787/v1) as the first line on stdout and
 * `API key: <key>` as the second (the first --api-key, else a fresh random one), then runs until
 * SIGINT/SIGTERM. With --verbose, one line per request goes to stderr (never keys).
 */
import { serveUntilSignalled } from './process';
import type { RunwareStandInOptions } from './server';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: main.js [--port N] [--api-key KEY]... [--generation-ms N] [--allow-fractional-timing] [--work-dir DIR] [--verbose]\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]): RunwareStandInOptions {
  const o: RunwareStandInOptions = {};
  const keys: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    const number = (): number => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) usage(`${arg} needs a number >= 0`);
      return n;
    };
    switch (arg) {
      case '--port':
        o.port = number();
        break;
      case '--api-key':
        keys.push(value());
        break;
      case '--generation-ms':
        o.generationMs = number();
        break;
      case '--allow-fractional-timing':
        o.allowFractionalTiming = true;
        break;
      case '--work-dir':
        o.workDir = value();
        break;
      case '--verbose':
        o.log = (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
        break;
      case '--help':
      case '-h':
        usage('Runware stand-in for LTX-2 Retake.');
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  if (keys.length > 0) o.apiKeys = keys;
  return o;
}

serveUntilSignalled(parseArgs(process.argv.slice(2)), (standIn) => [
  `Runware stand-in ready: POST ${standIn.url}, control at ${standIn.origin}/__control/{faults,stats,generation-ms}`,
]);
