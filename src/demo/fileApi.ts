import { createReadStream, createWriteStream, promises as fs } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { dirname } from 'path';
import { pipeline } from 'stream/promises';
import { DataFolder, PRIVATE_FILE_MODE } from './dataFolder';
import { BodyTooLarge, cappedBody, MAX_BODY_BYTES, refuseTooLarge, send } from './http';

export const FILE_OPERATIONS = ['read', 'stat', 'write', 'mkdir', 'remove'] as const;
export type FileOperation = (typeof FILE_OPERATIONS)[number];

/**
 * The demo page's file system: the browser-side FileStore calls these routes (POST only, checked
 * by the server), which act only inside the data folder, as UXP's fs would act on disk. Writes
 * stream to a temp file inside the folder and are renamed into place, so a refused or broken write
 * leaves the old file as it was.
 */
export async function handleFileApi(folder: DataFolder, op: FileOperation, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = await folder.resolve(path);
  if (target === folder.root && op !== 'stat' && op !== 'mkdir') {
    req.resume();
    return send(res, 400, { error: 'The data folder itself cannot be read, written or removed.' });
  }
  switch (op) {
    case 'read': {
      const stat = await fs.stat(target).catch(() => null);
      if (!stat?.isFile()) return send(res, 404, { error: 'No such file.' });
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(stat.size), 'Cache-Control': 'no-store' });
      await pipeline(createReadStream(target), res);
      return;
    }
    case 'write':
      return write(folder, target, req, res);
    case 'stat': {
      // A missing file is an ordinary answer here (200, size null): the page asks before it reads.
      const stat = await fs.stat(target).catch(() => null);
      return send(res, 200, { size: stat ? stat.size : null });
    }
    case 'mkdir':
      await fs.mkdir(target, { recursive: true });
      return send(res, 200, {});
    case 'remove':
      // Files only: a folder is never removed through this route.
      if ((await fs.lstat(target).catch(() => null))?.isDirectory()) return send(res, 400, { error: 'Only files can be removed.' });
      await fs.rm(target, { force: true });
      return send(res, 200, {});
  }
}

async function write(folder: DataFolder, target: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if ((await fs.stat(target).catch(() => null))?.isDirectory()) {
    req.resume();
    return send(res, 400, { error: 'That path is a folder.' });
  }
  await fs.mkdir(folder.tempDir, { recursive: true });
  const temp = folder.tempFile();
  let size = 0;
  try {
    await pipeline(
      cappedBody(req, MAX_BODY_BYTES),
      async function* count(chunks: AsyncIterable<Buffer>) {
        for await (const c of chunks) {
          size += c.length;
          yield c;
        }
      },
      createWriteStream(temp, { flags: 'wx', mode: PRIVATE_FILE_MODE }),
    );
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    if (e instanceof BodyTooLarge) return refuseTooLarge(req, res, MAX_BODY_BYTES, (error) => ({ error }));
    throw e;
  }
  send(res, 200, { size });
}
