/**
 * `npm run standin`: the Runware stand-in for anyone developing against it.
 *
 *   PORT=8787 npm run standin      (PORT unset or 0: any free port)
 *
 * Prints the POST endpoint (http://127.0.0.1:PORT/v1) and the one API key it accepts:
 * RUNWARE_STANDIN_KEY when set, else a fresh random one per run.
 */
import { serveUntilSignalled } from './process';

const port = Number(process.env.PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a port number (0 = any free port), not ${JSON.stringify(process.env.PORT)}\n`);
  process.exit(2);
}
const chosenKey = process.env.RUNWARE_STANDIN_KEY;

serveUntilSignalled({ port, apiKeys: chosenKey ? [chosenKey] : undefined }, (s) => [
  `Runware stand-in: RUNWARE_API_URL=${s.url} RUNWARE_API_KEY=${s.apiKey}`,
  `Control (this machine only): GET ${s.origin}/__control/stats, POST ${s.origin}/__control/faults; Ctrl-C stops it.`,
]);
