import { promises as fs } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { dirname, resolve, sep } from 'path';

/**
 * The demo page's file system: the browser-side FileStore calls these routes, which act only
 * inside the demo's data folder (anything else is refused), as UXP's fs would act on disk.
 */
export async function handleFileApi(root: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!url.pathname.startsWith('/api/fs/')) return false;
  const op = url.pathname.slice('/api/fs/'.length);
  const path = url.searchParams.get('path') ?? '';
  const target = resolve(path);
  if (target !== root && !target.startsWith(root + sep)) {
    send(res, 403, { error: `The demo only reads and writes inside ${root}.` });
    return true;
  }
  try {
    switch (op) {
      case 'read': {
        const bytes = await fs.readFile(target).catch(() => null);
        if (!bytes) send(res, 404, { error: 'no such file' });
        else {
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
          res.end(bytes);
        }
        return true;
      }
      case 'write': {
        const body = await readBody(req);
        await fs.mkdir(dirname(target), { recursive: true });
        const temp = `${target}.tmp`;
        await fs.writeFile(temp, body);
        await fs.rename(temp, target);
        send(res, 200, { size: body.length });
        return true;
      }
      case 'stat': {
        const stat = await fs.stat(target).catch(() => null);
        send(res, 200, { size: stat ? stat.size : null });
        return true;
      }
      case 'mkdir':
        await fs.mkdir(target, { recursive: true });
        send(res, 200, {});
        return true;
      case 'remove':
        await fs.rm(target, { force: true });
        send(res, 200, {});
        return true;
      default:
        send(res, 404, { error: `unknown file operation ${op}` });
        return true;
    }
  } catch (e) {
    send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    return true;
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function readBody(req: IncomingMessage, limit = 256 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
