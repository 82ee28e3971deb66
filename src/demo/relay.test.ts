/**
 * The result relay follows a redirect only where the first URL could have led: every hop is
 * checked as the first one was (here against the stand-in's origin), and a few hops at most.
 */
import { rmSync } from 'fs';
import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { MAX_RESULT_REDIRECTS } from './relay';
import { makeSandbox, q, Sandbox, withServer } from './serverTestKit';

let box: Sandbox;
let runware: Server;
let runwareOrigin: string;
let elsewhere: Server;
let elsewhereOrigin: string;
const runwareHits: string[] = [];
const elsewhereHits: string[] = [];

/** Runware's stand-in for this test: results that redirect, to itself or away. */
const redirects: Record<string, () => string> = {
  '/results/moved.mp4': () => '/results/take.mp4',
  '/results/away.mp4': () => `${elsewhereOrigin}/private/journal.json`,
  '/results/protocol-relative.mp4': () => '//evil.example/take.mp4',
  '/results/to-https-runware.mp4': () => 'https://vm.runware.ai/take.mp4',
  '/results/loop.mp4': () => '/results/loop.mp4',
};

function listen(server: Server): Promise<string> {
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  box = makeSandbox();
  runware = createServer((req, res) => {
    const path = req.url ?? '';
    runwareHits.push(path);
    const to = redirects[path];
    if (to) {
      res.writeHead(302, { Location: to() });
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': 'video/mp4' });
    res.end('the take');
  });
  elsewhere = createServer((req, res) => {
    elsewhereHits.push(req.url ?? '');
    res.end('{"version":1,"jobs":["private"]}');
  });
  runwareOrigin = await listen(runware);
  elsewhereOrigin = await listen(elsewhere);
});

beforeEach(() => {
  runwareHits.length = 0;
  elsewhereHits.length = 0;
});

afterAll(async () => {
  await Promise.all([runware, elsewhere].map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  rmSync(box.root, { recursive: true, force: true });
});

const standin = () => ({ kind: 'standin' as const, url: `${runwareOrigin}/v1`, apiKey: 'standin-relay-test' });
const resultPath = (path: string) => `/runware/result?url=${q(`${runwareOrigin}${path}`)}`;

test('a redirect within the allowed origin is followed, hop by hop', async () => {
  await withServer(box, standin(), async ({ page }) => {
    const r = await page(resultPath('/results/moved.mp4'));
    expect([r.status, await r.text()]).toEqual([200, 'the take']);
    expect(runwareHits).toEqual(['/results/moved.mp4', '/results/take.mp4']);
  });
});

test('a redirect to another host or origin is refused with a sentence naming the host, and never fetched', async () => {
  await withServer(box, standin(), async ({ page, log }) => {
    for (const [path, host] of [
      ['/results/away.mp4', elsewhereOrigin],
      ['/results/protocol-relative.mp4', 'http://evil.example'],
      ['/results/to-https-runware.mp4', 'https://vm.runware.ai'],
    ]) {
      const r = await page(resultPath(path));
      const body = (await r.json()) as { error: string };
      expect([path, r.status, body.error]).toEqual([path, 502, `Runware's result redirected to ${host}, which the demo does not fetch results from.`]);
    }
    expect(elsewhereHits).toEqual([]);
    expect(log.join('\n')).not.toContain(elsewhereOrigin);
  });
});

test(`a result that keeps redirecting is given up after ${MAX_RESULT_REDIRECTS} redirects`, async () => {
  await withServer(box, standin(), async ({ page }) => {
    const r = await page(resultPath('/results/loop.mp4'));
    expect(r.status).toBe(502);
    expect(((await r.json()) as { error: string }).error).toMatch(/redirected more than 3 times/);
    expect(runwareHits).toHaveLength(MAX_RESULT_REDIRECTS + 1);
  });
});
