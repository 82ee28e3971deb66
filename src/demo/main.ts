/**
 * `npm start`: generates the demo media (once), starts the local Runware stand-in (unless
 * RUNWARE_API_KEY is set: then the real Runware, the key kept in this process) and the demo server
 * on PORT or 8080 (a free port if that one is taken), and runs until Ctrl-C.
 *
 * Environment: PORT, RUNWARE_API_KEY, RUNWARE_API_URL (default Runware's), DEMO_DATA_DIR (default
 * <repo>/.demo-data), DEMO_GENERATION_MS (the stand-in's generation time, default 6000).
 */
import { join, resolve } from 'path';
import { RUNWARE_API_URL } from '../adapters/runware/client';
import { apiKeyProblem, apiUrlProblem } from '../domain/secrets';
import { RunwareStandIn, startRunwareStandIn } from '../standins/runware/server';
import { prepareDemoData, REPO_ROOT } from './demoProject';
import { DemoServer, RunwareTarget, startDemoServer } from './server';

async function listen(port: number, start: (port: number) => Promise<DemoServer>): Promise<DemoServer> {
  try {
    return await start(port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    process.stdout.write(`Port ${port} is busy; using a free port instead.\n`);
    return start(0);
  }
}

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(REPO_ROOT, '.demo-data'));
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${process.env.PORT}").`);
  // Set but empty counts as unset (the stand-in); anything else must be a usable key and address, checked before any work.
  const apiKey = process.env.RUNWARE_API_KEY ?? '';
  const apiUrl = process.env.RUNWARE_API_URL ?? RUNWARE_API_URL;
  if (apiKey) {
    const problem = apiKeyProblem(apiKey);
    if (problem) throw new Error(`RUNWARE_API_KEY: ${problem}`);
    const urlProblem = apiUrlProblem(apiUrl);
    if (urlProblem) throw new Error(`RUNWARE_API_URL: ${urlProblem}`);
  }

  const { generated } = await prepareDemoData(dataDir, (line) => process.stdout.write(`${line}\n`));
  if (generated.length > 0) process.stdout.write(`Demo media ready in ${join(dataDir, 'media')}.\n`);

  let standIn: RunwareStandIn | null = null;
  let runware: RunwareTarget;
  if (apiKey) {
    runware = { kind: 'real', apiKey, apiUrl };
  } else {
    const generationMs = Number(process.env.DEMO_GENERATION_MS ?? 6000);
    standIn = await startRunwareStandIn({ generationMs: Number.isFinite(generationMs) && generationMs >= 0 ? generationMs : 6000 });
    runware = { kind: 'standin', url: standIn.url, apiKey: standIn.apiKey, faults: standIn.faults };
  }
  const server = await listen(port, (p) => startDemoServer({ port: p, dataDir, runware, log: (line) => process.stderr.write(`demo: ${line}\n`) }));

  process.stdout.write(
    [
      '',
      `  LTX Retake demo: open ${server.pageUrl}`,
      '  (the link carries this start\'s key to the page; the demo server answers nothing else)',
      '',
      '  Mark a range on the timeline (I / O), write a prompt in the panel, press Retake.',
      '  The three coloured markers carry prompts: try them from the panel\'s Batch tab.',
      apiKey
        ? `  Runware: the real API (${runware.kind === 'real' ? runware.apiUrl : ''}), billed to RUNWARE_API_KEY; the key stays in this process.`
        : `  Runware: the local stand-in at ${standIn?.origin} (no credits; its key, made for this start, stays in this process; set RUNWARE_API_KEY to use the real one).`,
      `  Data: ${dataDir}`,
      '  Ctrl-C to stop.',
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the demo…\n');
    Promise.all([server.close(), standIn?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`The demo could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
