import { performance } from 'perf_hooks';
import { formatBatchBench, runBatchBench } from './batch';
import { formatBillingBench, runBillingBench } from './billing';
import { formatHostCallsBench, runHostCallsBench } from './hostCalls';
import { formatPanelBench, runPanelBench } from './panel';
import { formatPollingBench, runPollingBench } from './polling';
import { formatSpliceBench, runSpliceBench } from './splice';

/** `npm run bench`: every benchmark, each printed with the baseline it is compared against in the same run. */
async function main(): Promise<void> {
  const sections: Array<[string, () => Promise<string>]> = [
    ['Billing', async () => formatBillingBench(runBillingBench())],
    ['Polling', async () => formatPollingBench(await runPollingBench())],
    ['Batch', async () => formatBatchBench(await runBatchBench())],
    ['Panel', async () => formatPanelBench(await runPanelBench())],
    ['Host calls', async () => formatHostCallsBench(await runHostCallsBench())],
    ['Splice', async () => formatSpliceBench(await runSpliceBench())],
  ];
  let failed = false;
  const started = performance.now();
  for (const [title, run] of sections) {
    const sectionStart = performance.now();
    let text: string;
    try {
      text = await run();
    } catch (e) {
      text = `FAIL the ${title} bench did not finish: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    }
    failed ||= /^FAIL/m.test(text);
    console.log(`\n== ${title} == (${seconds(performance.now() - sectionStart)})\n${text}`);
  }
  console.log(`\nAll benchmarks: ${seconds(performance.now() - started)}.`);
  if (failed) console.log('Some comparisons did not meet their target (FAIL lines above).');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
