import { randomUUID } from 'crypto';
import { createReadStream, promises as fsp } from 'fs';
import { IncomingMessage, ServerResponse } from 'http';
import { join } from 'path';
import { probe } from '../../adapters/node/ffmpeg';
import { StandInContext, countRequest, takeFault } from './context';
import { ACCEPTED_CONTAINERS, Container, demuxerOptions, sniffContainer } from './containers';
import { REQUEST_FAULT_KINDS } from './faults';
import { LIMITS } from './validate';
import { answerWithFault, sendErrors, WireError } from './wire';

/**
 * The stand-in's files on disk: uploads (probed with ffprobe, so a job knows the clip's frames and
 * fps) and the downloads of uploads and results. Files are served with an exact Content-Length so
 * that a client can tell a cut-off download (a truncatedDownload fault sends half the bytes).
 */

/**
 * Ours, not Runware's (whose uploads expire on their own, runware-api.md): past either limit the
 * oldest upload no running job needs is dropped (a later submit naming it gets mediaNotFound), so a
 * flood of uploads cannot fill the disk. Our tests and demo keep a few dozen small clips at most.
 */
export const MAX_KEPT_UPLOADS = 256;
export const MAX_KEPT_UPLOAD_BYTES = 1024 * 1024 * 1024;

/** An upload: stored as <mediaDir>/<mediaUUID>.<container> and served at `url`. */
export interface MediaRecord {
  mediaUUID: string;
  file: string;
  /** What its first bytes say it is; ffmpeg and ffprobe open it as that only. */
  container: Container;
  bytes: number;
  seconds: number;
  frames: number;
  fps: number;
  url: string;
}

const MIME_BY_EXT: Record<string, string> = { mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mkv: 'video/x-matroska' };

/** An upload task as getResponse reports it: its mediaUUID, or the placeholder while "processing". */
interface UploadTask {
  mediaUUID: string;
  /** getResponse answers still to give with the placeholder mediaUUID. */
  placeholderPolls: number;
}

/** What Runware answers as mediaUUID while an upload is still processing (Runware's ComfyUI nodes). */
export const PLACEHOLDER_MEDIA_UUID = '1';

export class MediaStore {
  private readonly records = new Map<string, MediaRecord>();
  private readonly uploadTasks = new Map<string, UploadTask>();

  /**
   * `origin` is read per upload: the server's port is only known once it listens. `inUse` tells
   * whether a job still needs an upload (it is never dropped then).
   */
  constructor(
    private readonly dir: string,
    private readonly origin: () => string,
    private readonly inUse: (mediaUUID: string) => boolean,
    private readonly keep = { uploads: MAX_KEPT_UPLOADS, bytes: MAX_KEPT_UPLOAD_BYTES },
  ) {}

  get(mediaUUID: string): MediaRecord | undefined {
    return this.records.get(mediaUUID);
  }

  /** The upload expired: later submits naming it get mediaNotFound. */
  forget(mediaUUID: string): void {
    this.records.delete(mediaUUID);
  }

  /** Remembers an accepted upload task for getResponse; `placeholderPolls` > 0 keeps it "processing". */
  recordUploadTask(taskUUID: string, mediaUUID: string, placeholderPolls: number): void {
    this.uploadTasks.set(taskUUID, { mediaUUID, placeholderPolls });
  }

  hasUploadTask(taskUUID: string): boolean {
    return this.uploadTasks.has(taskUUID);
  }

  /** getResponse about an upload task: the placeholder while it is "processing", then the mediaUUID. */
  pollUploadTask(taskUUID: string): string | undefined {
    const task = this.uploadTasks.get(taskUUID);
    if (!task) return undefined;
    if (task.placeholderPolls > 0) {
      task.placeholderPolls -= 1;
      return PLACEHOLDER_MEDIA_UUID;
    }
    return task.mediaUUID;
  }

  /**
   * Stores and probes uploaded bytes; a file that is too large, not of an accepted container or
   * not a video is rejected.
   */
  async store(bytes: Buffer): Promise<MediaRecord | WireError> {
    if (bytes.length > LIMITS.maxUploadBytes) {
      return { code: 'mediaTooLarge', message: `Media is ${bytes.length} bytes; the limit is ${LIMITS.maxUploadBytes}.`, parameter: 'media' };
    }
    const container = sniffContainer(bytes);
    if (!container) return { code: 'invalidMedia', message: `The media must be ${ACCEPTED_CONTAINERS}.`, parameter: 'media' };
    const mediaUUID = randomUUID();
    const file = join(this.dir, `${mediaUUID}.${container}`);
    await fsp.writeFile(file, bytes, { flag: 'wx' });
    const info = await probe(file, demuxerOptions(container)).catch(() => undefined);
    if (!info?.video) {
      await fsp.rm(file, { force: true });
      return { code: 'invalidMedia', message: 'The media is not a readable video file.', parameter: 'media' };
    }
    const fps = info.video.frameRate.num / info.video.frameRate.den;
    const frames = info.video.frames ?? Math.round(info.durationSeconds * fps);
    const record: MediaRecord = {
      mediaUUID, file, container, bytes: bytes.length, frames, fps, seconds: frames / fps, url: `${this.origin()}/media/${mediaUUID}.${container}`,
    };
    this.records.set(mediaUUID, record);
    await this.dropOldest(mediaUUID);
    return record;
  }

  /** Drops the oldest uploads no job needs (nor `kept`) while more than `keep` allows are kept. */
  private async dropOldest(kept: string): Promise<void> {
    let bytes = 0;
    for (const r of this.records.values()) bytes += r.bytes;
    let count = this.records.size;
    for (const r of [...this.records.values()]) {
      if (count <= this.keep.uploads && bytes <= this.keep.bytes) return;
      if (r.mediaUUID === kept || this.inUse(r.mediaUUID)) continue;
      this.records.delete(r.mediaUUID);
      count -= 1;
      bytes -= r.bytes;
      await fsp.rm(r.file, { force: true });
    }
  }
}

/** GET/HEAD of a stored file; `truncate` sends half the bytes under the full Content-Length, then closes. */
export async function serveFile(req: IncomingMessage, res: ServerResponse, file: string, ext: string, truncate: boolean): Promise<void> {
  const size = (await fsp.stat(file)).size;
  res.writeHead(200, {
    'Content-Type': MIME_BY_EXT[ext] ?? 'application/octet-stream',
    'Content-Length': String(size),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (truncate) {
    const half = Math.floor(size / 2);
    const handle = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(half);
      await handle.read(buf, 0, half, 0);
      res.write(buf, () => res.socket?.destroy());
    } finally {
      await handle.close();
    }
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** GET/HEAD /results/<videoUUID>.<ext>: a finished job's video, subject to download faults. */
export async function serveResult(
  ctx: StandInContext, req: IncomingMessage, res: ServerResponse, videoUUID: string, ext: string,
): Promise<string> {
  ctx.stats.downloads += 1;
  countRequest(ctx, 'download');
  const job = ctx.jobs.byVideo(videoUUID);
  const fault = takeFault(ctx, 'download', job ? [job.request.positivePrompt] : [], REQUEST_FAULT_KINDS);
  if (fault && answerWithFault(res, fault, {})) return `fault ${fault.kind}`;
  if (fault?.kind === 'resultNotFound' || !job || job.status !== 'success' || job.ext !== ext || ctx.jobs.expired(job)) {
    sendErrors(res, 404, [{ code: 'resultNotFound', message: 'No result at this URL.' }]);
    return `404${fault ? ' fault resultNotFound' : ''}`;
  }
  await serveFile(req, res, job.resultFile, job.ext, fault?.kind === 'truncatedDownload');
  return fault ? `200 fault ${fault.kind}` : '200';
}
