/**
 * For the demo server's tests: a data folder and a built-page stand-in in a temp dir, a server on
 * them, and requests made the way the page makes them (same origin, token) or the way an attacker
 * would (another Host, another Origin, no token).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { request } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { DemoServer, RunwareTarget, startDemoServer } from './server';

export interface Sandbox {
  root: string;
  dataDir: string;
  publicDir: string;
}

export function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'demo-server-'));
  const dataDir = join(root, 'data');
  const publicDir = join(root, 'public');
  mkdirSync(join(dataDir, 'media'), { recursive: true });
  mkdirSync(publicDir, { recursive: true });
  writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(publicDir, 'demo.js'), '/* page */');
  return { root, dataDir, publicDir };
}

export interface Harness {
  server: DemoServer;
  log: string[];
  /** A request as the page makes it: same origin, with the token. */
  page(path: string, init?: RequestInit): Promise<Response>;
}

export async function withServer(box: Sandbox, runware: RunwareTarget, run: (h: Harness) => Promise<void>): Promise<void> {
  const log: string[] = [];
  const server = await startDemoServer({ dataDir: box.dataDir, publicDir: box.publicDir, runware, log: (line) => log.push(line) });
  const page = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('X-Demo-Token', server.token);
    headers.set('Origin', server.url);
    headers.set('Sec-Fetch-Site', 'same-origin');
    return fetch(`${server.url}${path}`, { ...init, headers });
  };
  try {
    await run({ server, log, page });
  } finally {
    await server.close();
  }
}

/** A raw request with any headers, Host included (fetch cannot set Host). */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const q = (p: string) => encodeURIComponent(p);

/** Waits until `condition` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
