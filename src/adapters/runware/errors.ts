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
}

const SAFETY_CODES = new Set([
  'contentPolicyViolation',
  'providerContentPolicyViolation',
  'sensitiveContentDetected',
  'unsafeContentDetected',
  'nsfwContentDetected',
  'promptBlocked',
  'imageBlocked',
  'videoBlocked',
  'moderationFailed',
]);

const AUTH_CODES = new Set([
  'unauthorized',
  'forbidden',
  'permissionDenied',
  'insufficientPermissions',
  'authenticationFailed',
  'authFailed',
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

/** The model or its provider failed: checked before "timeout" so timeoutProvider lands here. */
const PROVIDER_CODES = new Set([
  'inferenceError',
  'processingFailed',
  'taskFailed',
  'generationFailed',
  'downloadFailed',
  'uploadFailed',
  'noAvailableServer',
  'noAvailableWorkers',
  'modelUnavailable',
  'modelDisabled',
  'modelNotReady',
  'timeoutProvider',
  'mediaStorageFileCouldNotBeMoved',
]);

const NOT_FOUND_CODES = new Set(['taskNotFound', 'taskFailedOrNotFound', 'taskCancelled', 'notFound', 'unknownTask']);

const SERVER_CODES = new Set([
  'internalServerError',
  'internalError',
  'serviceUnavailable',
  'serverUnavailable',
  'standardError',
  'unknownError',
  'undefinedError',
  'defaultError',
  'unrecognizedResponse',
]);

const VALIDATION_PREFIXES = /^(invalid|missing|conflict|duplicate|unsupported|value|array|max|min|incompatible|unknownParameter|unknownProviderSettings|mismatchProviderSettings|validation)/i;

/** The category a raw Runware code names, or undefined for codes we do not recognise. */
export function categoryFromCode(raw: string | undefined): ErrorCategory | undefined {
  if (!raw || raw === 'unknown') return undefined;
  if (/credits|quota|balance/i.test(raw) || raw === 'paymentRequired' || raw === 'insufficientFunds') return 'quota';
  if (/ratelimit|toomanyrequests/i.test(raw)) return 'rateLimit';
  if (SAFETY_CODES.has(raw) || /contentpolicy|nsfw/i.test(raw)) return 'safety';
  if (AUTH_CODES.has(raw) || /apikey/i.test(raw)) return 'auth';
  if (PROVIDER_CODES.has(raw) || /^provider/i.test(raw) || /provider$/i.test(raw)) return 'provider';
  if (/timeout|timedout/i.test(raw)) return 'timeout';
  if (NOT_FOUND_CODES.has(raw) || /notfound$/i.test(raw) || /expired$/i.test(raw)) return 'notFound';
  if (SERVER_CODES.has(raw)) return 'server';
  if (VALIDATION_PREFIXES.test(raw)) return 'validation';
  return undefined;
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

/** A Runware answer (status and/or errors[]) as the RetakeError the editor sees. */
export function runwareError(f: RawFailure): RetakeError {
  const category = categorize(f.code, f.httpStatus, f.kind);
  const code = f.code && f.code !== 'unknown' ? f.code : f.httpStatus ? `http${f.httpStatus}` : undefined;
  return new RetakeError(category, sentence(category, f), { code, retryAfterSeconds: f.retryAfterSeconds });
}

/** A job whose getResponse item says status "error". Never retryable: a retry is a new bill. */
export function jobFailedError(taskUUID: string, code: string | undefined, message: string | undefined): RetakeError {
  const mapped = categoryFromCode(code);
  // Only categories that tell the editor something different survive; anything else (including a
  // "timeout" inside the model) is the job failing on Runware.
  const category: ErrorCategory =
    mapped === 'safety' || mapped === 'quota' || mapped === 'validation' || mapped === 'auth' ? mapped : 'provider';
  const text =
    category === 'provider'
      ? providerSentence({ kind: 'poll', code, message, taskUUID })
      : sentence(category, { kind: 'submit', code, message, taskUUID });
  return new RetakeError(category, text, { code: code ?? 'jobError', retryable: false });
}

/** fetch threw, or the connection broke while reading the body. */
export function networkError(kind: RequestKind, cause: unknown, redact: (s: string) => string = (s) => s): RetakeError {
  const detail = redact(describeCause(cause));
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
    `The result has expired or was removed from Runware's storage (${jobRef}). Submit the retake again; if you were charged for the lost one, quote ${jobRef} to Runware support.`,
    { code: `http${httpStatus}` },
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

function cleanDetail(message: string | undefined): string {
  if (!message) return '';
  const one = message.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
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
        return 'Runware refused this request for your API key (missing permission). Check the key and its permissions in Settings (runware.ai > API keys).';
      }
      return 'Runware rejected the API key. Check it in Settings (runware.ai > API keys).';
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
      return `Runware could not find what the request refers to${whileDoing(f.kind)}${saidRunware}. Upload the clip again and resubmit.`;
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

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const innerCode = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : '';
    const text = cleanDetail(cause.message) || cause.name;
    return innerCode && !text.includes(innerCode) ? `${text}: ${innerCode}` : text;
  }
  return cleanDetail(String(cause ?? ''));
}
