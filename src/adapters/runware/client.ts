import { CancelToken, NEVER_CANCELLED } from '../../app/cancel';
import type { Clock, FollowOptions, InferencePort, RemoteStatus, RetakeRequest, UploadedMedia } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { MODEL_ID } from '../../domain/limits';
import { POLL_DEADLINE_MS, isPastPollDeadline, nextPollDelayMs } from '../../domain/polling';
import { encodeBase64 } from './base64';
import {
  RequestKind,
  jobFailedError,
  networkError,
  parseRetryAfter,
  protocolError,
  redactSecret,
  resultGoneError,
  runwareError,
} from './errors';
import { HttpContext, getBytes, postTasks, summarizeIssues } from './http';
import { RETRY_POLICY, isTransient, withRetries } from './retry';
import {
  Envelope,
  ResponseItem,
  ackItemSchema,
  getResponseTaskSchema,
  mediaUploadTaskSchema,
  pollItemSchema,
  successItemSchema,
  uploadItemSchema,
  videoInferenceTaskSchema,
} from './schemas';

/** Runware's REST endpoint. */
export const RUNWARE_API_URL = 'https://api.runware.ai/v1';

/**
 * How a resend of a submit whose first send did arrive is refused, if Runware refuses a repeated
 * taskUUID at all (unconfirmed): such a refusal proves the task is held, so the submit succeeded.
 */
export const DUPLICATE_TASK_CODE = /duplicate|alreadyexists/i;

export interface RunwareClientDeps {
  apiKey: string;
  /** Default https://api.runware.ai/v1 (the stand-in's URL in tests and the demo). */
  apiUrl?: string;
  fetch: typeof fetch;
  clock: Clock;
  newUUID: () => string;
  /** Progress and debug lines; never the key, never base64. */
  onLog?: (line: string) => void;
  /** Poll cadence; default domain/polling. The bench passes the SDK's to compare on the same loop. */
  pollDelayMs?: (elapsedMs: number, pollsSoFar: number) => number;
  /** Follow deadline from the submit; default POLL_DEADLINE_MS (30 min). */
  pollDeadlineMs?: number;
  /** Per-request time limits (real time), by kind; defaults in RETRY_POLICY. */
  requestTimeoutMs?: Partial<Record<RequestKind, number>>;
}

type SuccessStatus = Extract<RemoteStatus, { state: 'success' }>;

/** What one getResponse said about our task. */
type PollOutcome =
  | { kind: 'running'; progress?: number }
  | { kind: 'success'; status: SuccessStatus }
  | { kind: 'failed'; error: RetakeError }
  /** A 2xx with no item for our task: Runware said nothing either way (meaning unconfirmed). */
  | { kind: 'empty' };

export function createRunwareClient(deps: RunwareClientDeps): InferencePort {
  const apiKey = deps.apiKey.trim();
  const redact = (text: string): string => redactSecret(redactSecret(text, deps.apiKey), apiKey);
  const ctx: HttpContext = {
    fetch: deps.fetch,
    apiUrl: deps.apiUrl ?? RUNWARE_API_URL,
    apiKey,
    clock: deps.clock,
    timeoutMs: { ...RETRY_POLICY.requestTimeoutMs, ...deps.requestTimeoutMs },
    redact,
  };
  const clock = deps.clock;
  const deadlineMs = deps.pollDeadlineMs ?? POLL_DEADLINE_MS;
  /** Result URL -> job, so a failed download can name the job to quote. */
  const jobByResultUrl = new Map<string, string>();

  const log = (line: string): void => {
    if (!deps.onLog) return;
    try {
      deps.onLog(redact(line));
    } catch {
      // A logger must never break a job.
    }
  };

  /** Every public method ends here: only RetakeErrors leave, and none carries the key. */
  async function guarded<T>(run: () => Promise<T>): Promise<T> {
    if (!apiKey) {
      throw new RetakeError('auth', 'No Runware API key is set. Add one in Settings (runware.ai > API keys).', { code: 'missingApiKey' });
    }
    try {
      return await run();
    } catch (e) {
      throw scrub(e);
    }
  }

  function scrub(e: unknown): RetakeError {
    const err =
      e instanceof RetakeError
        ? e
        : new RetakeError('protocol', `Unexpected problem talking to Runware: ${e instanceof Error ? e.message : String(e)}`, {
            code: 'clientBug',
          });
    const dump = `${err.message}\n${err.code ?? ''}\n${err.stack ?? ''}\n${causeText(err)}`;
    if (!apiKey || !dump.includes(apiKey)) return err;
    return new RetakeError(err.category, redact(err.message), {
      code: err.code === undefined ? undefined : redact(err.code),
      retryAfterSeconds: err.retryAfterSeconds,
      retryable: err.retryable,
    });
  }

  // ------------------------------------------------------------ upload

  async function upload(bytes: Uint8Array, cancel: CancelToken): Promise<UploadedMedia> {
    if (bytes.length === 0) throw new RetakeError('invalidInput', 'The exported clip is empty: export it again.', { code: 'emptyUpload' });
    const media = encodeBase64(bytes);
    const mb = (bytes.length / (1024 * 1024)).toFixed(1);
    return withRetries(
      async (attempt) => {
        // A fresh taskUUID per attempt: an upload is cheap to repeat, and a repeated UUID may be refused.
        const task = mediaUploadTaskSchema.parse({ taskType: 'mediaStorage', taskUUID: deps.newUUID(), operation: 'upload', media });
        log(`upload: ${mb} MB, attempt ${attempt}/${RETRY_POLICY.transferAttempts}`);
        const envelope = await postTasks(ctx, 'upload', [task], cancel);
        const item = itemFor(envelope, task.taskUUID);
        const parsed = uploadItemSchema.safeParse(item);
        if (!parsed.success) throw protocolError('upload', `no mediaUUID: ${summarizeIssues(parsed.error)}`);
        log(`upload: done, media ${parsed.data.mediaUUID}`);
        return parsed.data.mediaURL === undefined
          ? { mediaUUID: parsed.data.mediaUUID }
          : { mediaUUID: parsed.data.mediaUUID, mediaURL: parsed.data.mediaURL };
      },
      {
        attempts: RETRY_POLICY.transferAttempts,
        clock,
        cancel,
        shouldRetry: (e) => isTransient(e, true),
        onRetry: (e, next, delay) => log(`upload: ${describe(e)}; attempt ${next} in ${seconds(delay)}`),
      },
    );
  }

  // ------------------------------------------------------------ submit

  function buildSubmitTask(request: RetakeRequest) {
    const parsed = videoInferenceTaskSchema.safeParse({
      taskType: 'videoInference',
      taskUUID: request.taskUUID,
      model: MODEL_ID,
      deliveryMethod: 'async',
      includeCost: true,
      outputFormat: 'MP4',
      positivePrompt: request.prompt,
      providerSettings: { lightricks: { startTime: request.startTime, duration: request.duration, mode: request.mode } },
      inputs: { video: request.video },
    });
    if (!parsed.success) {
      throw new RetakeError('invalidInput', `The retake request is not valid (${summarizeIssues(parsed.error)}). Nothing was sent.`, {
        code: 'badRequest',
      });
    }
    return parsed.data;
  }

  async function submit(request: RetakeRequest, cancel: CancelToken): Promise<void> {
    const task = buildSubmitTask(request);
    const id = task.taskUUID;
    for (let send = 1; ; send++) {
      cancel.throwIfCancelled();
      log(`submit: job ${id}, send ${send}/${RETRY_POLICY.maxSubmitSends}`);
      let lost: RetakeError;
      try {
        const envelope = await postTasks(ctx, 'submit', [task], cancel, id);
        if (!ackItemSchema.safeParse(itemFor(envelope, id)).success) {
          throw protocolError('submit', 'no acknowledgement for the task');
        }
        log(`submit: job ${id} acknowledged`);
        return;
      } catch (e) {
        if (!(e instanceof RetakeError)) throw e;
        if (e.category === 'cancelled') throw cancelledDuringSubmit(id);
        if (send > 1 && e.category === 'validation' && DUPLICATE_TASK_CODE.test(e.code ?? '')) {
          log(`submit: job ${id} refused as a duplicate: the first send had arrived`);
          return;
        }
        if (!ackMayBeLost(e)) throw e; // a definite refusal: nothing was started
        lost = e;
      }
      log(`submit: acknowledgement lost (${describe(lost)}); asking Runware whether job ${id} arrived`);
      let found: 'known' | 'notFound' | 'unknown';
      try {
        found = await findSubmitted(id, lost, cancel);
      } catch (e) {
        if (e instanceof RetakeError && e.category === 'cancelled') throw cancelledDuringSubmit(id);
        throw e;
      }
      if (found === 'known') {
        log(`submit: Runware holds job ${id}`);
        return;
      }
      if (found === 'unknown') {
        throw new RetakeError(
          lost.category,
          `Could not confirm that Runware received job ${id} (${describe(lost)}). It may be running and billed: resume it later to check, rather than submitting it again.`,
          { code: 'submitUnconfirmed', retryable: false },
        );
      }
      if (send >= RETRY_POLICY.maxSubmitSends) {
        throw new RetakeError(
          lost.category,
          `Runware did not receive the retake after ${send} tries (${describe(lost)}). Nothing was started or charged: retry in a few minutes.`,
          { code: lost.code, retryAfterSeconds: lost.retryAfterSeconds, retryable: true },
        );
      }
      log(`submit: job ${id} never arrived; sending it again with the same taskUUID`);
    }
  }

  function cancelledDuringSubmit(id: string): RetakeError {
    return new RetakeError(
      'cancelled',
      `Cancelled while submitting job ${id}: it may have reached Runware (and be billed). Resume it to check before submitting again.`,
      { code: 'cancelledDuringSubmit' },
    );
  }

  /** Whether a failed submit may nonetheless have started the job (so it must be checked). */
  function ackMayBeLost(e: RetakeError): boolean {
    return isTransient(e, true);
  }

  /**
   * After a lost acknowledgement: poll the taskUUID a few times. Any status means Runware holds it;
   * `ackNotFoundConfirmations` consecutive "not found" mean it never arrived; anything else leaves
   * us unsure, and an unsure submit is never sent again.
   */
  async function findSubmitted(id: string, lost: RetakeError, cancel: CancelToken): Promise<'known' | 'notFound' | 'unknown'> {
    let notFoundInARow = 0;
    let waitFirst = lost.retryAfterSeconds !== undefined ? Math.min(lost.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs) : 0;
    for (const delay of RETRY_POLICY.ackCheckDelaysMs) {
      await clock.sleep(Math.max(delay, waitFirst), cancel);
      waitFirst = 0;
      try {
        const outcome = await pollOnce(id, cancel);
        if (outcome.kind !== 'empty') return 'known';
        notFoundInARow = 0;
      } catch (e) {
        if (!(e instanceof RetakeError) || e.category === 'cancelled') throw e;
        if (e.category === 'notFound') {
          notFoundInARow++;
          if (notFoundInARow >= RETRY_POLICY.ackNotFoundConfirmations) return 'notFound';
          continue;
        }
        // A job-level failure reported through errors[] still proves the task exists.
        if (e.category === 'provider' || e.category === 'safety') return 'known';
        if (isTransient(e, true)) {
          if (e.retryAfterSeconds !== undefined) waitFirst = Math.min(e.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs);
          continue;
        }
        throw e; // auth, quota, validation of the poll itself
      }
    }
    return 'unknown';
  }

  // ------------------------------------------------------------ status / follow

  async function pollOnce(id: string, cancel: CancelToken): Promise<PollOutcome> {
    const task = getResponseTaskSchema.parse({ taskType: 'getResponse', taskUUID: id });
    const envelope = await postTasks(ctx, 'poll', [task], cancel, id);
    const items = envelope.data.filter((i) => i.taskUUID === undefined || i.taskUUID === id);
    if (items.length === 0) return { kind: 'empty' };
    const parsed = items.map((i) => pollItemSchema.safeParse(i));
    const bad = parsed.find((p) => !p.success);
    if (bad && !bad.success) throw protocolError('poll', summarizeIssues(bad.error));
    const polled = parsed.flatMap((p) => (p.success ? [p.data] : []));

    const failed = polled.find((p) => p.status === 'error');
    if (failed) return { kind: 'failed', error: jobFailedError(id, failed.error?.code ?? undefined, failed.error?.message ?? undefined) };

    const done = polled.find((p) => p.status === 'success');
    if (done) {
      const ok = successItemSchema.safeParse(done);
      if (!ok.success) throw protocolError('poll', `a finished job without a usable result: ${summarizeIssues(ok.error)}`);
      const status: SuccessStatus = { state: 'success', videoURL: ok.data.videoURL };
      if (ok.data.videoUUID !== undefined) status.videoUUID = ok.data.videoUUID;
      if (ok.data.cost !== undefined) status.costUsd = ok.data.cost;
      jobByResultUrl.set(status.videoURL, id);
      return { kind: 'success', status };
    }
    const progresses = polled.map((p) => p.progress).filter((p): p is number => typeof p === 'number' && Number.isFinite(p));
    return progresses.length > 0
      ? { kind: 'running', progress: Math.min(100, Math.max(0, Math.max(...progresses))) }
      : { kind: 'running' };
  }

  async function status(taskUUID: string): Promise<RemoteStatus> {
    const outcome = await pollOnce(taskUUID, NEVER_CANCELLED);
    switch (outcome.kind) {
      case 'success':
        return outcome.status;
      case 'failed':
        throw outcome.error;
      case 'empty':
        throw emptyAnswerError(taskUUID);
      case 'running':
        return outcome.progress === undefined ? { state: 'processing' } : { state: 'processing', progress: outcome.progress };
    }
  }

  function emptyAnswerError(id: string): RetakeError {
    return runwareError({ kind: 'poll', httpStatus: 404, code: 'emptyResponse', taskUUID: id });
  }

  async function follow(taskUUID: string, options: FollowOptions): Promise<SuccessStatus> {
    const { cancel } = options;
    const start = options.submittedAt ?? clock.now();
    const stopped = (): RetakeError =>
      new RetakeError(
        'cancelled',
        `Stopped waiting for job ${taskUUID}. It keeps running on Runware (and is billed): resume it later to fetch the take.`,
        { code: 'followCancelled' },
      );
    const cadence = deps.pollDelayMs ?? ((elapsed: number, n: number) => nextPollDelayMs(elapsed, n, { expectedMs: options.expectedMs, deadlineMs }));
    let polls = 0;
    let troubleSince: number | null = null;
    let waitAtLeastMs = 0;

    /** A failed poll is a read: tolerated until failures persist; returns the least wait before the next. */
    const trouble = (e: RetakeError, since: number): number => {
      const lasting = clock.now() - since;
      if (lasting > RETRY_POLICY.pollTroubleToleranceMs) {
        throw new RetakeError(
          e.category,
          `Could not get the status of job ${taskUUID} from Runware for ${Math.round(lasting / 60_000)} minutes (${describe(e)}). The job is still running on Runware and is paid for: resume it later to fetch the take.`,
          { code: e.code, retryAfterSeconds: e.retryAfterSeconds, retryable: true },
        );
      }
      log(`poll ${polls}: ${describe(e)}; polling on`);
      return e.retryAfterSeconds !== undefined ? Math.min(e.retryAfterSeconds * 1000, RETRY_POLICY.maxRetryAfterMs) : 0;
    };

    for (;;) {
      const elapsed = clock.now() - start;
      if (polls > 0 && isPastPollDeadline(elapsed, deadlineMs)) {
        throw new RetakeError(
          'timeout',
          `Job ${taskUUID} is still running on Runware after ${Math.round(deadlineMs / 60_000)} minutes. It is paid for: resume it later to fetch the take, rather than submitting it again.`,
          { code: 'pollDeadline', retryable: true },
        );
      }
      const delay = Math.max(cadence(elapsed, polls), waitAtLeastMs);
      if (cancel.cancelled) throw stopped();
      if (delay > 0) {
        try {
          await clock.sleep(delay, cancel);
        } catch (e) {
          if (e instanceof RetakeError && e.category === 'cancelled') throw stopped();
          throw e;
        }
      }
      if (cancel.cancelled) throw stopped();
      polls++;

      let outcome: PollOutcome;
      try {
        outcome = await pollOnce(taskUUID, cancel);
      } catch (e) {
        if (!(e instanceof RetakeError)) throw e;
        if (e.category === 'cancelled') throw stopped();
        if (!isTransient(e, true)) throw e;
        troubleSince ??= clock.now();
        waitAtLeastMs = trouble(e, troubleSince);
        continue;
      }
      if (outcome.kind === 'empty') {
        troubleSince ??= clock.now();
        waitAtLeastMs = trouble(emptyAnswerError(taskUUID), troubleSince);
        continue;
      }
      troubleSince = null;
      waitAtLeastMs = 0;
      if (outcome.kind === 'success') {
        log(`poll ${polls}: job ${taskUUID} done after ${seconds(clock.now() - start)}`);
        return outcome.status;
      }
      if (outcome.kind === 'failed') {
        log(`poll ${polls}: job ${taskUUID} failed (${outcome.error.code ?? 'error'})`);
        throw outcome.error;
      }
      const progress = outcome.progress;
      log(`poll ${polls}: job ${taskUUID} running${progress === undefined ? '' : ` ${Math.round(progress)}%`}, ${seconds(clock.now() - start)} elapsed`);
      if (options.onProgress) {
        try {
          options.onProgress(progress === undefined ? { elapsedMs: clock.now() - start, polls } : { elapsedMs: clock.now() - start, polls, progress });
        } catch (e) {
          log(`poll: progress callback threw (${e instanceof Error ? e.message : String(e)})`);
        }
      }
    }
  }

  // ------------------------------------------------------------ download

  async function download(url: string, cancel: CancelToken): Promise<Uint8Array> {
    if (!/^https?:\/\//i.test(url)) {
      throw protocolError('download', 'the result URL is not http(s)');
    }
    const jobRef = jobByResultUrl.has(url) ? `job ${jobByResultUrl.get(url)}` : `result ${lastPathSegment(url)}`;
    return withRetries(
      async (attempt) => {
        log(`download: ${jobRef}, attempt ${attempt}/${RETRY_POLICY.transferAttempts}`);
        const got = await getBytes(ctx, url, cancel);
        if (got.status === 404 || got.status === 410 || got.status === 403) throw resultGoneError(jobRef, got.status);
        if (got.status < 200 || got.status >= 300) {
          const retryAfterSeconds = parseRetryAfter(got.headers.get('retry-after'), clock.now());
          throw runwareError({ kind: 'download', httpStatus: got.status, retryAfterSeconds });
        }
        checkComplete(got.bytes.length, got.headers);
        log(`download: ${(got.bytes.length / (1024 * 1024)).toFixed(1)} MB received`);
        return got.bytes;
      },
      {
        attempts: RETRY_POLICY.transferAttempts,
        clock,
        cancel,
        shouldRetry: (e) => isTransient(e),
        onRetry: (e, next, delay) => log(`download: ${describe(e)}; attempt ${next} in ${seconds(delay)}`),
      },
    );
  }

  /** A body shorter than its Content-Length (or empty) was cut off: a retryable network error. */
  function checkComplete(received: number, headers: { get(name: string): string | null }): void {
    const encoding = (headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
    const declared = headers.get('content-length');
    // With a content-encoding, Content-Length counts compressed bytes; fetch hands us decoded ones.
    if (declared !== null && encoding === 'identity' && /^\d+$/.test(declared.trim())) {
      const expected = Number(declared.trim());
      if (received !== expected) {
        throw networkError('download', new Error(`truncated: ${received} of ${expected} bytes`));
      }
    }
    if (received === 0) throw networkError('download', new Error('empty body'));
  }

  return {
    upload: (bytes, cancel) => guarded(() => upload(bytes, cancel)),
    submit: (request, cancel) => guarded(() => submit(request, cancel)),
    status: (taskUUID) => guarded(() => status(taskUUID)),
    follow: (taskUUID, options) => guarded(() => follow(taskUUID, options)),
    download: (url, cancel) => guarded(() => download(url, cancel)),
  };
}

/** The item of an answer that is about `taskUUID` (or the only item, if it names no task). */
function itemFor(envelope: Envelope, taskUUID: string): ResponseItem | undefined {
  return envelope.data.find((i) => i.taskUUID === taskUUID) ?? (envelope.data.length === 1 && envelope.data[0].taskUUID === undefined ? envelope.data[0] : undefined);
}

function describe(e: RetakeError): string {
  return `${e.category}${e.code ? ` ${e.code}` : ''}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function lastPathSegment(url: string): string {
  const path = url.split(/[?#]/)[0];
  const last = path.split('/').filter(Boolean).pop();
  return last ?? url;
}

function causeText(e: RetakeError): string {
  const cause = (e as { cause?: unknown }).cause;
  if (cause === undefined) return '';
  if (cause instanceof Error) return `${cause.message}\n${cause.stack ?? ''}`;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}
