import { promises as fsp } from 'fs';
import { StandInContext, takeFault } from './context';
import type { Job, JobFailure } from './jobs';
import type { MediaRecord } from './media';
import { checkAgainstClip, checkTaskUUID, checkVideoInference, isRecord, isUuidV4, RetakeRequest } from './validate';
import { Outcome, taskLabel, WireError } from './wire';

/**
 * The answer to each task of a POST /v1 batch: mediaStorage (upload), videoInference (submit) and
 * getResponse (poll), or the error of an unknown taskType. Each answer is an Outcome; api.ts turns
 * the batch's outcomes into one HTTP answer.
 */

/**
 * getResponse on an unknown taskUUID: code taskFailedOrNotFound (the notFound code of the official
 * SDK's catalogue, src/errors.ts), HTTP 400, not 404 (see server.ts). The one place to change either.
 */
export const TASK_NOT_FOUND_STATUS = 400;
export const TASK_NOT_FOUND_CODE = 'taskFailedOrNotFound';

/** HTTP status of a poll whose answer is a job failure reported as top-level errors[] (undocumented). */
export const JOB_FAILURE_STATUS = 400;

/**
 * How a job fails when inputs.video is a URL this stand-in cannot fetch (it fetches nothing from
 * the internet). Runware accepts such a URL and the job fails later; its code for that is not
 * documented: downloadFailed is in the provider family of the SDK's catalogue.
 */
export const UNFETCHABLE_INPUT_FAILURE = {
  code: 'downloadFailed',
  message: 'The input video could not be downloaded.',
  reportAs: 'errors' as const,
  responseContent: 'inputs.video could not be fetched from its URL.',
};

/** The refusal of a taskUUID already used (runware-api.md: HTTP 400, conflictTaskUUID). */
function conflict(label: { taskType?: string; taskUUID?: string }): Outcome {
  return {
    status: 400,
    error: { code: 'conflictTaskUUID', message: 'A task with this taskUUID already exists; use a new UUID for a new task.', parameter: 'taskUUID', ...label },
  };
}

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
    const m = /^\/(media|results)\/([0-9a-f-]{36})\.(mp4|mkv|mov|webm)$/i.exec(u.pathname);
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
    if (ctx.jobs.get(task.taskUUID as string) || usedTaskUUIDs.has(task.taskUUID as string)) return conflict(label);
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
    ctx.media.recordUploadTask(task.taskUUID as string, stored.mediaUUID, 0);
    return {
      item: { taskType: 'mediaStorage', taskUUID: task.taskUUID, operation: 'upload', mediaUUID: stored.mediaUUID, mediaURL: stored.url },
    };
  }

  function handleVideoInference(task: Record<string, unknown>): Outcome {
    const label = taskLabel(task);
    const reject = (e: WireError, status = 400): Outcome => ({ status, error: { ...e, ...label } });
    if (isUuidV4(task.taskUUID) && usedTaskUUIDs.has(task.taskUUID)) return conflict(label);
    const checked = checkVideoInference(task, { allowFractionalTiming });
    if (!checked.ok) return reject(checked.error);
    const r = checked.value;
    const ref = r.video.trim();
    let record = ctx.media.get(ref);
    const isUrl = /^https?:\/\//i.test(ref);
    if (!record && isUrl) {
      const own = ownFile(ref);
      if (own?.kind === 'media') record = own.record;
      else if (!own) return accept(task, r, undefined, UNFETCHABLE_INPUT_FAILURE);
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
    const forcedError: JobFailure | undefined = fault?.kind === 'generationError'
      ? {
        code: fault.code ?? 'inferenceError',
        message: fault.message ?? 'The provider failed to generate the video (scripted).',
        reportAs: fault.reportAs,
        responseContent: fault.responseContent,
      }
      : undefined;
    return accept(task, r, record, forcedError);
  }

  /** Starts an accepted (billed) job and acknowledges it. */
  function accept(task: Record<string, unknown>, r: RetakeRequest, record: MediaRecord | undefined, forcedError: JobFailure | undefined): Outcome {
    const job = ctx.jobs.submit(r, record, forcedError);
    usedTaskUUIDs.add(job.taskUUID);
    ctx.stats.submits += 1;
    ctx.stats.submittedTasks.push({ taskUUID: job.taskUUID, body: JSON.parse(JSON.stringify(task)) as Record<string, unknown> });
    return { item: { taskType: 'videoInference', taskUUID: job.taskUUID } };
  }

  function pollAnswer(job: Job): Outcome {
    const failure = job.failure ?? { code: 'inferenceError', message: 'Generation failed.' };
    if (job.status !== 'error' || failure.reportAs !== 'errors') return { item: pollItem(job) };
    const error: WireError = { code: failure.code, message: failure.message, taskType: 'videoInference', taskUUID: job.taskUUID };
    if (failure.responseContent !== undefined) error.responseContent = failure.responseContent;
    return { status: JOB_FAILURE_STATUS, error };
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
    if (job) return pollAnswer(job);
    // An upload task (Runware's ComfyUI nodes ask getResponse for a placeholder upload's mediaUUID).
    const mediaUUID = ctx.media.pollUploadTask(task.taskUUID);
    if (mediaUUID !== undefined) return { item: { taskType: 'mediaStorage', taskUUID: task.taskUUID, operation: 'upload', mediaUUID } };
    return {
      status: TASK_NOT_FOUND_STATUS,
      error: { code: TASK_NOT_FOUND_CODE, message: 'No task with this taskUUID was found.', parameter: 'taskUUID', ...label },
    };
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
