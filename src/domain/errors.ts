/**
 * The one error type the product shows. Adapters translate whatever they meet (HTTP answers,
 * Premiere refusals, file errors) into it once; the UI and the CLI only render `message`.
 */
export type ErrorCategory =
  | 'invalidInput' // caught before anything was uploaded or billed
  | 'validation' // Runware refused the request's parameters
  | 'auth'
  | 'quota'
  | 'rateLimit'
  | 'safety'
  | 'provider' // the model failed to generate
  | 'timeout'
  | 'notFound'
  | 'server'
  | 'network'
  | 'protocol' // an answer we could not read
  | 'host' // Premiere (or the file host) refused an export, import or placement
  | 'mismatch' // the take does not have the timeline we asked for
  | 'cancelled';

const RETRYABLE: ReadonlySet<ErrorCategory> = new Set(['rateLimit', 'timeout', 'server', 'network']);

export class RetakeError extends Error {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  /** Raw code from the server or host, for support; never shown alone. */
  readonly code?: string;
  /** Seconds the server asked us to wait before retrying (Retry-After). */
  readonly retryAfterSeconds?: number;
  /**
   * The submit itself was answered with a definite refusal of our task: Runware holds nothing under
   * its taskUUID, so a later attempt may use a fresh one. Never set when Runware may hold the task.
   */
  readonly submitRefused: boolean;
  /** The uploaded clip is gone or unusable on Runware (expired, not found): upload it again (free). */
  readonly uploadGone: boolean;

  constructor(
    category: ErrorCategory,
    message: string,
    extra: { code?: string; retryAfterSeconds?: number; retryable?: boolean; cause?: unknown; submitRefused?: boolean; uploadGone?: boolean } = {},
  ) {
    super(message);
    this.name = 'RetakeError';
    this.category = category;
    this.code = extra.code;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.submitRefused = extra.submitRefused ?? false;
    this.uploadGone = extra.uploadGone ?? false;
    this.retryable = extra.retryable ?? RETRYABLE.has(category);
    if (extra.cause !== undefined) (this as { cause?: unknown }).cause = extra.cause;
  }
}

export function isRetakeError(e: unknown): e is RetakeError {
  return e instanceof RetakeError;
}

/** Any thrown value as a RetakeError, keeping RetakeErrors as they are. */
export function asRetakeError(e: unknown, fallback: ErrorCategory = 'host'): RetakeError {
  if (isRetakeError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new RetakeError(fallback, message, { cause: e });
}

export function cancelledError(): RetakeError {
  return new RetakeError('cancelled', 'Cancelled.');
}
