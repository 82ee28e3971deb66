import { formatBillingBench, runBillingBench } from './billing';
import { formatPollingBench, runPollingBench } from './polling';

/** `npm run bench`: every benchmark, each printed with the baseline it is compared against in the same run. */
async function main(): Promise<void> {
  const sections: Array<[string, () => Promise<string>]> = [
    ['Billing', async () => formatBillingBench(runBillingBench())],
    ['Polling', async () => formatPollingBench(await runPollingBench())],
  ];
  let failed = false;
  for (const [title, run] of sections) {
    const text = await run();
    failed ||= /^FAIL/m.test(text);
    console.log(`\n== ${title} ==\n${text}`);
  }
  if (failed) console.log('\nSome comparisons did not meet their target (FAIL lines above).');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
