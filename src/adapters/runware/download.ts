import { CancelToken } from '../../app/cancel';
import { RunwareContext, describe, seconds } from './context';
import { httpAddress, sentInTheClear } from '../../domain/secrets';
import { networkError, parseRetryAfter, protocolError, resultGoneError, resultTooLargeError, runwareError } from './errors';
import { getBytes } from './http';
import { RETRY_POLICY, isTransient, withRetries } from './retry';

/**
 * The most a take may weigh. Our own limit, not Runware's: a retake is at most about 20 s of
 * 1920x1080 (runware-api.md), tens of MB; this is 20 s at 200 Mbit/s, so only a body that is not a
 * take (a broken or impostor server) reaches it, and it never fills the editor's memory.
 */
export const MAX_TAKE_BYTES = 512 * 1024 * 1024;

/** Fetches the finished take, retrying transient failures and cut-off bodies. */
export async function download(rc: RunwareContext, url: string, cancel: CancelToken, taskUUID?: string): Promise<Uint8Array> {
  const address = httpAddress(url);
  if (!address) throw protocolError('download', 'the result URL is not http(s)');
  // Runware's results are https (seed examples); plain http only to this machine (the stand-in).
  if (sentInTheClear(address)) throw protocolError('download', 'the result URL is not https');
  const { clock, log, jobByResultUrl } = rc;
  const job = taskUUID ?? jobByResultUrl.get(url);
  const jobRef = job ? `job ${job}` : `result ${lastPathSegment(url)}`;
  return withRetries(
    async (attempt) => {
      log(`download: ${jobRef}, attempt ${attempt}/${RETRY_POLICY.transferAttempts}`);
      const got = await getBytes(rc, url, cancel, { maxBytes: MAX_TAKE_BYTES, tooLarge: () => resultTooLargeError(jobRef, MAX_TAKE_BYTES) });
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

function lastPathSegment(url: string): string {
  const path = url.split(/[?#]/)[0];
  const last = path.split('/').filter(Boolean).pop();
  return last ?? url;
}
