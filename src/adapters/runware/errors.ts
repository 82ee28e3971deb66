import { ErrorCategory, RetakeError } from '../../domain/errors';

/**
 * Every Runware failure is mapped here, once, to a RetakeError: a category the app can act on and
 * one sentence for the editor saying what happened and what to do. Raw codes are kept in `code`
 * for support. Codes follow Runware's catalogue as its own SDK reads it (src/errors.ts
 * `deriveCode`): the catalogue is large and "being standardised", so matching is by family
 * (prefixes, suffixes, substrings) with the HTTP status as the fallback.
 */

/** Which of our requests failed: the same code means different things to the editor in each. */
export type RequestKind = 'upload' | 'submit' | 'poll' | 'download';

export interface RawFailure {
  kind: RequestKind;
  httpStatus?: number;
  /** Runware's raw code, e.g. invalidApiKey, insufficientCredits, timeoutProvider. */
  code?: string;
  /** Runware's own message (already free of secrets). */
  message?: string;
  /** Field name(s) Runware complained about, from every error of the answer. */
  parameters?: string[];
  retryAfterSeconds?: number;
  /** The job the request was about, to quote to support. */
  taskUUID?: string;
  /** Runware answered with errors[] (a refusal it stated), not just a status. */
  refusedTask?: boolean;
}

// The sets below are the official SDK's (runware-typescript src/errors.ts, the same in
// runware-python runware/errors.py); everything else is matched by family as `deriveCode` does.
const SAFETY_CODES = new Set([
  'contentPolicyViolation',
  'providerContentPolicyViolation',
  'sensitiveContentDetected',
  'unsafeContentDetected',
  'nsfwContentDetected',
  'promptBlocked',
  'imageBlocked',
  'moderationFailed',
]);

const AUTH_CODES = new Set([
  'unauthorized',
  'forbidden',
  'permissionDenied',
  'insufficientPermissions',
  'authenticationFailed',
  'authFailed',
  'authTimeout',
  'invalidAuthentication',
  'invalidCredentials',
  'missingAuthentication',
  'tokenExpired',
  'tokenInvalid',
  'tokenMissing',
  'tokenRevoked',
  'accountSuspended',
  'accountDisabled',
  'organizationSuspended',
  'organizationDisabled',
  'workspaceSuspended',
  'workspaceDisabled',
]);

const NOT_FOUND_CODES = new Set(['taskCancelled', 'taskFailedOrNotFound', 'unknownModel']);

const SERVER_CODES = new Set([
  'internalServerError',
  'serviceUnavailable',
  'serverUnavailable',
  'standardError',
  'unknownError',
  'undefinedError',
  'defaultError',
  'unrecognizedResponse',
  'errorRetrievingAccountManagement',
]);

const PROVIDER_CODES = new Set([
  'inferenceError',
  'processingFailed',
  'taskFailed',
  'downloadFailed',
  'uploadFailed',
  'noAvailableServer',
  'modelUnavailable',
  'modelDisabled',
  'modelNotReady',
  'mediaStorageFileCouldNotBeMoved',
]);

const VALIDATION_PREFIXES = ['invalid', 'missing', 'conflict', 'duplicate', 'unsupported', 'value', 'array', 'max'];

const VALIDATION_CODES = new Set([
  'unknownParameter',
  'incompatibleParameters',
  'mismatchProviderSettingsProvider',
  'unknownProviderSettingsProvider',
  'transparentModelMismatch',
  'modelOwnershipValidationError',
  'modelAlreadyExists',
  'validationFailed',
]);

/**
 * The category a raw Runware code names, or undefined for codes we do not recognise. Same order
 * and families as the SDK's `deriveCode` (case-sensitive, as there): so `mediaExpired` /
 * `taskNotFound` are notFound, and `timeoutProvider` is in no family (its "timeout" is lower-case
 * and it does not start with "provider"), so its HTTP status decides, as in the SDK.
 */
export function categoryFromCode(raw: string | undefined): ErrorCategory | undefined {
  if (!raw || raw === 'unknown') return undefined;
  if (raw.includes('Credits') || raw.includes('Quota') || raw.includes('Balance') || raw === 'quotaExceeded' || raw === 'paymentRequired') return 'quota';
  if (raw.includes('RateLimit') || raw === 'rateLimitExceeded') return 'rateLimit';
  if (SAFETY_CODES.has(raw)) return 'safety';
  if (AUTH_CODES.has(raw) || raw.includes('ApiKey')) return 'auth';
  if (raw.includes('Timeout') || raw === 'timeout') return 'timeout';
  if (NOT_FOUND_CODES.has(raw) || raw.endsWith('NotFound') || raw.endsWith('Expired')) return 'notFound';
  if (SERVER_CODES.has(raw)) return 'server';
  if (PROVIDER_CODES.has(raw) || raw.startsWith('provider')) return 'provider';
  if (VALIDATION_PREFIXES.some((p) => raw.startsWith(p)) || VALIDATION_CODES.has(raw)) return 'validation';
  return undefined;
}

/**
 * A refusal that proves Runware already holds a task under this taskUUID: the validation family's
 * `conflict*` / `duplicate*` codes about the taskUUID (runware-api.md: a repeated videoInference
 * taskUUID is answered 400 `conflictTaskUUID`).
 */
export function isTaskHeldRefusal(code: string | undefined, parameters: readonly string[] = []): boolean {
  if (!code || !/^(conflict|duplicate)/.test(code)) return false;
  return /TaskUUID/i.test(code) || parameters.includes('taskUUID');
}

/** The field of a submit that names the uploaded clip. */
export const UPLOAD_PARAMETER = 'inputs.video';

/**
 * A submit refusal saying the uploaded clip is gone or unusable: a code of the notFound family
 * (mediaNotFound, mediaExpired...), or any refusal naming inputs.video. A new upload is free.
 */
export function isUploadGoneRefusal(category: ErrorCategory, parameters: readonly string[]): boolean {
  return category === 'notFound' || parameters.includes(UPLOAD_PARAMETER);
}

/** The category an HTTP status names on its own (no usable code in the body). */
export function categoryFromStatus(status: number | undefined): ErrorCategory | undefined {
  if (status === undefined || (status >= 200 && status < 300)) return undefined;
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'quota';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rateLimit';
  if (status >= 500) return 'server';
  if (status >= 400) return 'validation';
  return 'protocol'; // 1xx/3xx: fetch follows redirects, so anything else is unexpected
}

/**
 * Code first (it is more precise), then status. Two statuses win over a code that disagrees:
 * 429 is always "slow down", and a 5xx with a code we do not know is a server error.
 */
export function categorize(code: string | undefined, httpStatus: number | undefined, kind: RequestKind): ErrorCategory {
  if (httpStatus === 429) return 'rateLimit';
  const fromCode = categoryFromCode(code);
  if (fromCode) return fromCode;
  const fromStatus = categoryFromStatus(httpStatus);
  if (fromStatus) return fromStatus;
  // A 2xx carrying an error we cannot classify: on a poll it is the job's failure; elsewhere
  // Runware refused the request for a reason it did not name.
  return kind === 'poll' ? 'provider' : 'validation';
}

/** A submit refused because Runware already holds its taskUUID: the submit had arrived. */
export class TaskHeldError extends RetakeError {}

/** Categories of a submit answer that refuse the task outright (Runware holds nothing for it). */
const SUBMIT_REFUSALS: ReadonlySet<ErrorCategory> = new Set(['validation', 'auth', 'quota', 'safety', 'notFound']);

/** A Runware answer (status and/or errors[]) as the RetakeError the editor sees. */
export function runwareError(f: RawFailure): RetakeError {
  const category = categorize(f.code, f.httpStatus, f.kind);
  const code = f.code && f.code !== 'unknown' ? f.code : f.httpStatus ? `http${f.httpStatus}` : undefined;
  const parameters = f.parameters ?? [];
  if (f.kind === 'submit' && isTaskHeldRefusal(f.code, parameters)) {
    return new TaskHeldError(category, `Runware already holds job ${f.taskUUID ?? ''}.`, { code, retryable: false });
  }
  const submitRefused = f.kind === 'submit' && f.refusedTask === true && SUBMIT_REFUSALS.has(category);
  const uploadGone = submitRefused && isUploadGoneRefusal(category, parameters);
  return new RetakeError(category, uploadGone ? uploadGoneSentence(f) : sentence(category, f), {
    code,
    retryAfterSeconds: f.retryAfterSeconds,
    submitRefused,
    uploadGone,
  });
}

/**
 * A job Runware accepted and then reported failed (a getResponse item with status "error", or an
 * errors[] entry naming the task). Never retryable: a retry is a new bill. Only a content-filter
 * block stays its own category; every other code is the job failing on Runware ("provider"). The
 * sentence never says whether it was charged: that is Runware's to say.
 */
export function jobFailedError(taskUUID: string, code: string | undefined, message: string | undefined): RetakeError {
  const category: ErrorCategory = categoryFromCode(code) === 'safety' ? 'safety' : 'provider';
  const detail = cleanDetail(message);
  const text =
    category === 'safety'
      ? `Runware's content filter blocked job ${taskUUID}${detail ? `: Runware says "${detail}"` : ''}. Change the prompt or the clip, then submit again.`
      : providerSentence({ kind: 'poll', code, message, taskUUID });
  return new RetakeError(category, text, { code: code ?? 'jobError', retryable: false });
}

/** fetch threw, or the connection broke while reading the body. */
export function networkError(kind: RequestKind, cause: unknown, redact: (s: string) => string = (s) => s): RetakeError {
  const detail = describeCause(cause, redact);
  return new RetakeError(
    'network',
    `Could not reach Runware${detail ? ` (${detail})` : ''}${whileDoing(kind)}. Check your internet connection, then retry.`,
    { code: 'fetchFailed', cause: detail ? new Error(detail) : undefined },
  );
}

/** No answer within our own time limit for one request. */
export function requestTimeoutError(kind: RequestKind, ms: number): RetakeError {
  return new RetakeError(
    'timeout',
    `Runware did not answer within ${Math.round(ms / 1000)} s${whileDoing(kind)}. Check your connection, then retry.`,
    { code: 'requestTimeout' },
  );
}

/** An answer we could not read (not JSON, or not the shape of the contract). */
export function protocolError(kind: RequestKind, what: string, httpStatus?: number): RetakeError {
  const status = httpStatus !== undefined ? `HTTP ${httpStatus}, ` : '';
  return new RetakeError(
    'protocol',
    `Runware sent an answer we could not read (${status}${what})${whileDoing(kind)}. Retry; if it keeps happening, the API may have changed: update the plugin.`,
    { code: 'badResponse' },
  );
}

/** A result URL that answers 404/410 (or 403, as storage does for a missing or expired object). */
export function resultGoneError(jobRef: string, httpStatus: number): RetakeError {
  return new RetakeError(
    'notFound',
    `The finished take of ${jobRef} has expired or was removed from Runware's storage, so it cannot be downloaded; it was paid for: quote ${jobRef} to Runware support.`,
    { code: `http${httpStatus}`, retryable: false },
  );
}

/** A result body past the most a take can weigh: not downloaded, so it cannot fill the editor's memory. */
export function resultTooLargeError(jobRef: string, maxBytes: number): RetakeError {
  return new RetakeError(
    'protocol',
    `The finished take of ${jobRef} is over ${Math.round(maxBytes / (1024 * 1024))} MB, more than a retake can be, so it was not downloaded; it was paid for: quote ${jobRef} to Runware support.`,
    { code: 'resultTooLarge', retryable: false },
  );
}

/**
 * Retry-After as seconds: either a number of seconds or an HTTP date. Undefined when absent or
 * unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  if (!/[a-z]/i.test(v)) return undefined; // not an HTTP date (Date.parse would read "-5" as a year)
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Replaces every occurrence of `secret` (and its Bearer form) in `text`. */
export function redactSecret(text: string, secret: string): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

// ---------------------------------------------------------------- sentences

const MAX_DETAIL = 300;

/** One line of a server's text, its control characters dropped: a terminal would act on them (cursor moves, clipboard writes). */
function cleanDetail(message: string | undefined): string {
  if (!message) return '';
  // eslint-disable-next-line no-control-regex
  const one = message.replace(/\s+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().replace(/[.\s]+$/, '');
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

function whileDoing(kind: RequestKind): string {
  switch (kind) {
    case 'upload':
      return ' while uploading the clip';
    case 'submit':
      return ' while submitting the retake';
    case 'poll':
      return ' while checking on the job';
    case 'download':
      return ' while downloading the take';
  }
}

function jobRefOf(f: { taskUUID?: string }): string {
  return f.taskUUID ? `job ${f.taskUUID}` : 'the job id';
}

function providerSentence(f: Pick<RawFailure, 'kind' | 'code' | 'message' | 'taskUUID'>): string {
  const detail = cleanDetail(f.message);
  const code = f.code && f.code !== 'unknown' ? f.code : '';
  const said = [code, detail].filter(Boolean).join(': ');
  if (f.kind === 'poll') {
    return `The job failed on Runware${said ? ` (${said})` : ''}. Submit the retake again, perhaps with another prompt or segment; if it keeps failing, quote ${jobRefOf(f)} to Runware support.`;
  }
  return `Runware could not take on the retake${said ? ` (${said})` : ''}${whileDoing(f.kind)}. Try again in a few minutes.`;
}

function uploadGoneSentence(f: RawFailure): string {
  const detail = cleanDetail(f.message);
  return `Runware no longer has the uploaded clip${detail ? ` (Runware says "${detail}")` : ''}, so it refused the retake; nothing was charged. Export and upload the range again.`;
}

function sentence(category: ErrorCategory, f: RawFailure): string {
  const detail = cleanDetail(f.message);
  const saidRunware = detail ? `: Runware says "${detail}"` : '';
  switch (category) {
    case 'validation': {
      const params = [...new Set(f.parameters ?? [])];
      const named = params.length > 0 ? params.join(', ') : '';
      if (f.kind === 'upload') {
        return `Runware refused the uploaded clip${named ? ` (${named})` : ''}${saidRunware}. Export a shorter or smaller H.264 MP4 and try again; nothing was charged.`;
      }
      return `Runware refused the retake settings${named ? ` (${named})` : ''}${saidRunware}. Change ${named ? (params.length > 1 ? 'those settings' : 'that setting') : 'the settings'} and submit again; nothing was charged.`;
    }
    case 'auth':
      if (f.httpStatus === 403 || /permission|forbidden/i.test(f.code ?? '')) {
        return 'Runware refused this request for your API key (missing permission). Check the key and its permissions at runware.ai > API keys.';
      }
      return 'Runware rejected the API key. Check the key at runware.ai > API keys.';
    case 'quota':
      return 'Your Runware balance is too low for this retake. Top up at runware.ai, then retry; nothing was charged.';
    case 'rateLimit': {
      const wait = f.retryAfterSeconds !== undefined ? `${Math.max(1, Math.ceil(f.retryAfterSeconds))} s` : 'a minute';
      return `Runware is receiving too many requests and asked us to slow down${whileDoing(f.kind)}. Wait ${wait}, then retry.`;
    }
    case 'safety':
      return `Runware's content filter blocked this retake${saidRunware}. Change the prompt or the clip, then submit again.`;
    case 'provider':
      return providerSentence(f);
    case 'timeout':
      return `Runware timed out${whileDoing(f.kind)}${saidRunware}. Retry in a few minutes.`;
    case 'notFound':
      if (f.kind === 'download') return resultGoneError(jobRefOf(f), f.httpStatus ?? 404).message;
      if (f.kind === 'poll') {
        return `Runware does not know ${jobRefOf(f)}: it has expired, or the submit never reached Runware. Submit the retake again.`;
      }
      return `Runware could not find what the request refers to${whileDoing(f.kind)}${saidRunware}.`;
    case 'server': {
      const status = f.httpStatus !== undefined && f.httpStatus >= 500 ? ` (HTTP ${f.httpStatus})` : '';
      return `Runware had a server problem${status}${whileDoing(f.kind)}${saidRunware}. Retry in a few minutes.`;
    }
    case 'protocol':
      return `Runware sent an answer we could not read${whileDoing(f.kind)}${saidRunware}. Retry; if it keeps happening, the API may have changed: update the plugin.`;
    default:
      return `Runware refused the request${whileDoing(f.kind)}${saidRunware}.`;
  }
}

/** The cause in one line. Redacted BEFORE whitespace is collapsed, or a key split by a line break would survive. */
function describeCause(cause: unknown, redact: (s: string) => string): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const innerCode = inner && typeof inner === 'object' && 'code' in inner ? cleanDetail(redact(String((inner as { code: unknown }).code))) : '';
    const text = cleanDetail(redact(cause.message)) || cause.name;
    return innerCode && !text.includes(innerCode) ? `${text}: ${innerCode}` : text;
  }
  return cleanDetail(redact(String(cause ?? '')));
}
