import type { Clock, InferencePort } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import { POLL_DEADLINE_MS } from '../../domain/polling';
import { apiKeyProblem, apiUrlProblem } from '../../domain/secrets';
import { RunwareContext } from './context';
import { download } from './download';
import { RequestKind, redactSecret } from './errors';
import { follow } from './follow';
import { status } from './poll';
import { RETRY_POLICY, uploadTimeoutMs } from './retry';
import { submit } from './submit';
import { upload } from './upload';

// The client is split by step (upload, submit, poll/status, follow, download); this file wires them
// to one context and guards every public method.

/** Runware's REST endpoint. */
export const RUNWARE_API_URL = 'https://api.runware.ai/v1';

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
  /** Per-request time limits (real time), by kind; defaults in RETRY_POLICY (an upload's scales with its size). */
  requestTimeoutMs?: Partial<Record<RequestKind, number>>;
}

export function createRunwareClient(deps: RunwareClientDeps): InferencePort {
  const apiKey = deps.apiKey;
  const apiUrl = deps.apiUrl ?? RUNWARE_API_URL;
  // Checked here, where key and address enter the adapter: a refused one never reaches fetch.
  const keyProblem = apiKey === '' ? null : apiKeyProblem(apiKey);
  const urlProblem = apiUrlProblem(apiUrl);
  const redact = (text: string): string => redactSecret(text, apiKey);
  const log = (line: string): void => {
    if (!deps.onLog) return;
    try {
      deps.onLog(redact(line));
    } catch {
      // A logger must never break a job.
    }
  };
  const rc: RunwareContext = {
    fetch: deps.fetch,
    apiUrl,
    apiKey,
    clock: deps.clock,
    timeoutMs: { ...RETRY_POLICY.requestTimeoutMs, ...deps.requestTimeoutMs },
    redact,
    log,
    jobByResultUrl: new Map<string, string>(),
    uploadTimeoutMs: (bodyBytes) => deps.requestTimeoutMs?.upload ?? uploadTimeoutMs(bodyBytes),
  };
  const pacing = { pollDelayMs: deps.pollDelayMs, deadlineMs: deps.pollDeadlineMs ?? POLL_DEADLINE_MS };

  /** Every public method ends here: only RetakeErrors leave, and none carries the key. */
  async function guarded<T>(run: () => Promise<T>): Promise<T> {
    if (!apiKey) throw new RetakeError('auth', 'No Runware API key is set (runware.ai > API keys).', { code: 'missingApiKey' });
    if (keyProblem) throw new RetakeError('auth', `${keyProblem} Nothing was sent.`, { code: 'malformedApiKey' });
    if (urlProblem) throw new RetakeError('invalidInput', `${urlProblem} Nothing was sent.`, { code: 'insecureApiUrl' });
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

  return {
    upload: (bytes, cancel) => guarded(() => upload(rc, deps.newUUID, bytes, cancel)),
    submit: (request, cancel) => guarded(() => submit(rc, request, cancel)),
    status: (taskUUID) => guarded(() => status(rc, taskUUID)),
    follow: (taskUUID, options) => guarded(() => follow(rc, pacing, taskUUID, options)),
    download: (url, cancel, taskUUID) => guarded(() => download(rc, url, cancel, taskUUID)),
  };
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
