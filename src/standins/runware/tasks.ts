import { promises as fsp } from 'fs';
import { StandInContext, takeFault } from './context';
import type { Job } from './jobs';
import type { MediaRecord } from './media';
import { checkAgainstClip, checkTaskUUID, checkVideoInference, isRecord, isUuidV4 } from './validate';
import { Outcome, taskLabel, WireError } from './wire';

/**
 * The answer to each task of a POST /v1 batch: mediaStorage (upload), videoInference (submit) and
 * getResponse (poll), or the error of an unknown taskType. Each answer is an Outcome; api.ts turns
 * the batch's outcomes into one HTTP answer.
 */

/**
 * HTTP status of getResponse on an unknown taskUUID (code taskNotFound): 400, not 404; see the
 * reasoning in server.ts. This is the one place to change it.
 */
export const TASK_NOT_FOUND_STATUS = 400;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(s: string): Buffer | undefined {
  const compact = s.replace(/\s+/g, '');
  if (compact.length === 0 || !BASE64.test(compact) || compact.length % 4 === 1) return undefined;
  return Buffer.from(compact, 'base64');
}

/** Returns the task answerer of one stand-in; it remembers the taskUUIDs accepted so far. */
export function createTaskAnswerer(ctx: StandInContext, allowFractionalTiming: boolean): (task: unknown) => Promise<Outcome> {
  /** taskUUIDs of accepted tasks of any type. */
  const usedTaskUUIDs = new Set<string>();

  /** A URL this server issued: /media/<uuid>.<ext> (an upload) or /results/<uuid>.<ext> (a result). */
  function ownFile(url: string): { kind: 'media'; record: MediaRecord } | { kind: 'result'; job: Job } | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    const here = new URL(ctx.origin());
    const sameHost = (u.hostname === '127.0.0.1' || u.hostname === 'localhost') && u.port === here.port;
    if (!sameHost) return undefined;
    const m = /^\/(media|results)\/([0-9a-f-]{36})\.(mp4|mov|webm)$/i.exec(u.pathname);
    if (!m) return undefined;
    if (m[1] === 'media') {
      const record = ctx.media.get(m[2]);
      return record ? { kind: 'media', record } : undefined;
    }
    const job = ctx.jobs.byVideo(m[2]);
    return job && job.status === 'success' ? { kind: 'result', job } : undefined;
  }

  async function handleUpload(task: Record<string, unknown>): Promise<Outcome> {
    const label = taskLabel(task);
    const reject = (e: WireError, status = 400): Outcome => ({ status, error: { ...e, ...label } });
    const uuidError = checkTaskUUID(task);
    if (uuidError) return reject(uuidError);
    if (ctx.jobs.get(task.taskUUID as string)) {
      return reject({ code: 'duplicateTaskUUID', message: 'This taskUUID was already used by a videoInference task.', parameter: 'taskUUID' });
    }
    if (task.operation !== 'upload') {
      return reject({ code: 'invalidOperation', message: 'operation must be "upload".', parameter: 'operation' });
    }
    const m = task.media;
    if (typeof m !== 'string' || m.trim() === '') {
      return reject({ code: 'invalidMedia', message: 'media must be base64, a data URI or a URL.', parameter: 'media' });
    }
    let bytes: Buffer | undefined;
    if (/^data:/i.test(m)) {
      const dm = /^data:[^,;]*(?:;[^,;]*)*?;base64,([\s\S]*)$/i.exec(m);
      bytes = dm ? decodeBase64(dm[1]) : undefined;
      if (!bytes) return reject({ code: 'invalidMedia', message: 'The data URI is not base64-encoded media.', parameter: 'media' });
    } else if (/^https?:\/\//i.test(m)) {
      const own = ownFile(m.trim());
      if (!own) {
        return reject({
          code: 'unsupportedMediaURL',
          message: 'This stand-in only accepts media URLs it issued itself; send the file as base64 instead.',
          parameter: 'media',
        });
      }
      bytes = await fsp.readFile(own.kind === 'media' ? own.record.file : own.job.resultFile);
    } else {
      bytes = decodeBase64(m);
      if (!bytes) return reject({ code: 'invalidMedia', message: 'media is neither base64, a data URI nor a URL.', parameter: 'media' });
    }
    const stored = await ctx.media.store(bytes);
    if ('code' in stored) return reject(stored);
    ctx.stats.uploads += 1;
    ctx.stats.uploadedBytes += stored.bytes;
    usedTaskUUIDs.add(task.taskUUID as string);
    return {
      item: { taskType: 'mediaStorage', taskUUID: task.taskUUID, operation: 'upload', mediaUUID: stored.mediaUUID, mediaURL: stored.url },
    };
  }

  function handleVideoInference(task: Record<string, unknown>): Outcome {
    const label = taskLabel(task);
    const reject = (e: WireError, status = 400): Outcome => ({ status, error: { ...e, ...label } });
    if (isUuidV4(task.taskUUID) && usedTaskUUIDs.has(task.taskUUID)) {
      return reject({ code: 'duplicateTaskUUID', message: 'This taskUUID was already submitted; use a new UUID for a new task.', parameter: 'taskUUID' });
    }
    const checked = checkVideoInference(task, { allowFractionalTiming });
    if (!checked.ok) return reject(checked.error);
    const r = checked.value;
    const ref = r.video.trim();
    let record = ctx.media.get(ref);
    if (!record && /^https?:\/\//i.test(ref)) {
      const own = ownFile(ref);
      if (own?.kind === 'media') record = own.record;
    }
    if (!record) {
      return reject({
        code: 'mediaNotFound',
        message: 'inputs.video is neither a mediaUUID nor a media URL issued by this server.',
        parameter: 'inputs.video',
      });
    }
    const clipError = checkAgainstClip(r, { seconds: record.seconds, frames: record.frames, fps: record.fps });
    if (clipError) return reject(clipError);

    const fault = takeFault(ctx, 'submit', [r.positivePrompt], ['generationError']);
    const forcedError = fault?.kind === 'generationError'
      ? { code: fault.code ?? 'inferenceError', message: fault.message ?? 'The provider failed to generate the video (scripted).' }
      : undefined;
    const job = ctx.jobs.submit(r, record, forcedError);
    usedTaskUUIDs.add(job.taskUUID);
    ctx.stats.submits += 1;
    ctx.stats.submittedTasks.push({ taskUUID: job.taskUUID, body: JSON.parse(JSON.stringify(task)) as Record<string, unknown> });
    return { item: { taskType: 'videoInference', taskUUID: job.taskUUID } };
  }

  function pollItem(job: Job): Record<string, unknown> {
    const base = { taskType: 'videoInference', taskUUID: job.taskUUID };
    if (job.status === 'processing') {
      const elapsed = Date.now() - job.startedAt;
      const progress = job.timeUp ? 99 : Math.min(99, Math.floor((elapsed / Math.max(1, ctx.jobs.generationMs)) * 100));
      return { ...base, status: 'processing', progress };
    }
    if (job.status === 'error') {
      const failure = job.failure ?? { code: 'inferenceError', message: 'Generation failed.' };
      return { ...base, status: 'error', error: { code: failure.code, message: failure.message } };
    }
    const item: Record<string, unknown> = {
      ...base, status: 'success', videoUUID: job.videoUUID, videoURL: `${ctx.origin()}/results/${job.videoUUID}.${job.ext}`,
    };
    if (job.request.includeCost && job.cost !== undefined) item.cost = job.cost;
    return item;
  }

  function handleGetResponse(task: Record<string, unknown>): Outcome {
    const label = taskLabel(task);
    if (typeof task.taskUUID !== 'string' || task.taskUUID === '') {
      return { status: 400, error: { code: 'invalidTaskUUID', message: 'taskUUID is required.', parameter: 'taskUUID', ...label } };
    }
    const job = ctx.jobs.get(task.taskUUID);
    if (!job) {
      return {
        status: TASK_NOT_FOUND_STATUS,
        error: { code: 'taskNotFound', message: 'No task with this taskUUID was submitted.', parameter: 'taskUUID', ...label },
      };
    }
    return { item: pollItem(job) };
  }

  return async function answerTask(t: unknown): Promise<Outcome> {
    if (!isRecord(t)) return { status: 400, error: { code: 'invalidTask', message: 'Each task must be an object.' } };
    switch (t.taskType) {
      case 'mediaStorage':
        return handleUpload(t);
      case 'videoInference':
        return handleVideoInference(t);
      case 'getResponse':
        return handleGetResponse(t);
      default:
        return {
          status: 400,
          error: {
            code: 'unsupportedTaskType',
            message: `taskType ${JSON.stringify(t.taskType)} is not served by this stand-in (mediaStorage, videoInference, getResponse).`,
            parameter: 'taskType',
            ...taskLabel(t),
          },
        };
    }
  };
}
