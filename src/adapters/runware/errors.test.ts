import { RetakeError } from '../../domain/errors';
import {
  categorize,
  jobFailedError,
  networkError,
  parseRetryAfter,
  protocolError,
  redactSecret,
  requestTimeoutError,
  resultGoneError,
  runwareError,
} from './errors';

describe('categorize: raw codes and HTTP statuses, mapped once', () => {
  it.each([
    // code, status, category
    ['invalidApiKey', 401, 'auth'],
    [undefined, 401, 'auth'],
    [undefined, 403, 'auth'],
    ['permissionDenied', 403, 'auth'],
    ['insufficientCredits', 402, 'quota'],
    [undefined, 402, 'quota'],
    ['notEnoughBalance', 400, 'quota'],
    ['monthlyQuotaExceeded', 400, 'quota'],
    [undefined, 429, 'rateLimit'],
    ['invalidPositivePrompt', 429, 'rateLimit'],
    ['rateLimitExceeded', 400, 'rateLimit'],
    ['contentPolicyViolation', 400, 'safety'],
    ['providerContentPolicyViolation', 200, 'safety'],
    ['inferenceError', 200, 'provider'],
    ['taskFailed', 500, 'provider'],
    ['noAvailableServer', 503, 'provider'],
    ['timeoutProvider', 502, 'server'], // in none of the SDK's families (its Timeout check is case-sensitive): by status
    ['providerError', 502, 'provider'],
    ['timeout', 200, 'timeout'],
    ['requestTimedOut', 200, 'validation'], // not the SDK's Timeout family: by the fallback
    ['conflictTaskUUID', 400, 'validation'],
    ['duplicateTaskUUID', 400, 'validation'],
    ['mediaNotFound', 400, 'notFound'],
    ['authTimeout', 401, 'auth'],
    [undefined, 408, 'timeout'],
    [undefined, 404, 'notFound'],
    ['taskNotFound', 400, 'notFound'],
    ['taskFailedOrNotFound', 200, 'notFound'],
    ['mediaExpired', 400, 'notFound'],
    [undefined, 500, 'server'],
    [undefined, 502, 'server'],
    ['somethingNew', 503, 'server'],
    ['internalServerError', 200, 'server'],
    ['invalidDuration', 400, 'validation'],
    ['missingInputs', 400, 'validation'],
    ['unsupportedOutputFormat', 400, 'validation'],
    ['somethingNew', 400, 'validation'],
    [undefined, 422, 'validation'],
  ] as const)('%s / HTTP %s -> %s', (code, status, category) => {
    expect(categorize(code, status, 'submit')).toBe(category);
  });

  it('an unclassified error on a 2xx poll is the job failing; elsewhere a refusal', () => {
    expect(categorize('weirdNewCode', 200, 'poll')).toBe('provider');
    expect(categorize('weirdNewCode', 200, 'submit')).toBe('validation');
  });
});

describe('runwareError: a sentence saying what happened and what to do', () => {
  it('auth', () => {
    const e = runwareError({ kind: 'submit', httpStatus: 401, code: 'invalidApiKey', message: 'Invalid API key.' });
    expect(e).toBeInstanceOf(RetakeError);
    expect(e.category).toBe('auth');
    expect(e.message).toBe('Runware rejected the API key. Check the key at runware.ai > API keys.');
    expect(e.code).toBe('invalidApiKey');
    expect(e.retryable).toBe(false);
  });

  it('auth without permission (403)', () => {
    const e = runwareError({ kind: 'submit', httpStatus: 403 });
    expect(e.message).toMatch(/permission/);
    expect(e.message).toMatch(/runware\.ai > API keys/);
    expect(e.message).not.toMatch(/Settings/);
    expect(e.code).toBe('http403');
  });

  it('quota', () => {
    const e = runwareError({ kind: 'submit', httpStatus: 402, code: 'insufficientCredits', message: 'Not enough credits' });
    expect(e.category).toBe('quota');
    expect(e.message).toBe('Your Runware balance is too low for this retake. Top up at runware.ai, then retry; nothing was charged.');
    expect(e.retryable).toBe(false);
  });

  it('validation names the parameter(s) Runware complained about', () => {
    const one = runwareError({
      kind: 'submit',
      httpStatus: 400,
      code: 'invalidDuration',
      message: 'Duration must be between 2 and 16.',
      parameters: ['providerSettings.lightricks.duration'],
    });
    expect(one.category).toBe('validation');
    expect(one.message).toContain('providerSettings.lightricks.duration');
    expect(one.message).toContain('Duration must be between 2 and 16');
    expect(one.message).toMatch(/Change that setting and submit again; nothing was charged\.$/);

    const two = runwareError({ kind: 'submit', httpStatus: 400, code: 'invalidValue', parameters: ['startTime', 'duration', 'duration'] });
    expect(two.message).toContain('(startTime, duration)');
    expect(two.message).toContain('Change those settings');
  });

  it('validation of an upload says what to export instead', () => {
    const e = runwareError({ kind: 'upload', httpStatus: 400, code: 'invalidMedia', parameters: ['media'], message: 'File too large' });
    expect(e.message).toMatch(/uploaded clip \(media\)/);
    expect(e.message).toMatch(/Export a shorter or smaller/);
  });

  it('rateLimit carries Retry-After and says how long to wait', () => {
    const e = runwareError({ kind: 'upload', httpStatus: 429, retryAfterSeconds: 12 });
    expect(e.category).toBe('rateLimit');
    expect(e.retryable).toBe(true);
    expect(e.retryAfterSeconds).toBe(12);
    expect(e.message).toMatch(/Wait 12 s, then retry/);
  });

  it('safety quotes the filter and suggests a change', () => {
    const e = runwareError({ kind: 'poll', code: 'contentPolicyViolation', message: 'Prompt flagged.' });
    expect(e.category).toBe('safety');
    expect(e.message).toMatch(/content filter blocked this retake: Runware says "Prompt flagged"/);
    expect(e.message).toMatch(/Change the prompt or the clip/);
  });

  it('provider on a poll: the job failed on Runware, with the code, message and job', () => {
    const e = runwareError({ kind: 'poll', code: 'inferenceError', message: 'CUDA out of memory', taskUUID: 'abc' });
    expect(e.category).toBe('provider');
    expect(e.message).toMatch(/the job failed on Runware \(inferenceError: CUDA out of memory\)/i);
    expect(e.message).toContain('job abc');
  });

  it('server, timeout, notFound, protocol, network', () => {
    const server = runwareError({ kind: 'upload', httpStatus: 503 });
    expect(server.category).toBe('server');
    expect(server.retryable).toBe(true);
    expect(server.message).toMatch(/server problem \(HTTP 503\) while uploading the clip\. Retry in a few minutes\./);

    const timeout = requestTimeoutError('poll', 30_000);
    expect(timeout.category).toBe('timeout');
    expect(timeout.retryable).toBe(true);
    expect(timeout.message).toMatch(/within 30 s/);

    const notFound = runwareError({ kind: 'poll', httpStatus: 404, taskUUID: 'job-1' });
    expect(notFound.category).toBe('notFound');
    expect(notFound.message).toMatch(/does not know job job-1/);

    const gone = resultGoneError('job job-1', 404);
    expect(gone.category).toBe('notFound');
    expect(gone.message).toMatch(/expired or was removed/);
    expect(gone.message).toMatch(/job job-1/);

    const protocol = protocolError('submit', 'not JSON', 200);
    expect(protocol.category).toBe('protocol');
    expect(protocol.message).toMatch(/could not read \(HTTP 200, not JSON\)/);

    const network = networkError('download', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }));
    expect(network.category).toBe('network');
    expect(network.retryable).toBe(true);
    expect(network.message).toMatch(/Could not reach Runware \(fetch failed: ECONNRESET\) while downloading the take/);
  });

  it('long server messages are shortened', () => {
    const e = runwareError({ kind: 'submit', httpStatus: 400, code: 'invalidPrompt', message: 'x'.repeat(2000) });
    expect(e.message.length).toBeLessThan(500);
  });

  it("a server's control characters never reach the sentence (a terminal would obey them)", () => {
    const clipboardWrite = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007';
    const eraseLineAndGoUp = '\u001b[2K\u001b[1A';
    const e = runwareError({ kind: 'poll', httpStatus: 200, code: 'inferenceError', message: `Bad${clipboardWrite} input${eraseLineAndGoUp}\u009b0m here` });
    expect(e.message).toContain('Bad]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA== input[2K[1A0m here');
    expect(e.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const network = networkError('download', new TypeError('fetch \u001b[31mfailed'));
    expect(network.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('jobFailedError', () => {
  it('is provider (cannot be continued) unless the content filter blocked it, and never claims a charge state', () => {
    expect(jobFailedError('j', 'inferenceError', 'boom').category).toBe('provider');
    expect(jobFailedError('j', 'timeout', 'took too long').category).toBe('provider');
    expect(jobFailedError('j', undefined, undefined).category).toBe('provider');
    expect(jobFailedError('j', 'contentPolicyViolation', 'no').category).toBe('safety');
    expect(jobFailedError('j', 'insufficientCredits', 'no').category).toBe('provider');
    expect(jobFailedError('j', 'invalidVideo', 'no').category).toBe('provider');
    for (const code of ['inferenceError', 'contentPolicyViolation', 'invalidVideo', 'insufficientCredits']) {
      expect(jobFailedError('j', code, 'no').message).not.toMatch(/nothing was charged/i);
    }
  });

  it('is never retryable (a retry is a new bill) and names the job', () => {
    const e = jobFailedError('job-42', 'timeout', 'took too long');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/the job failed on Runware/i);
    expect(e.message).toContain('job-42');
    expect(e.code).toBe('timeout');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('reads seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 2.5 ', now)).toBe(2.5);
    expect(parseRetryAfter('0', now)).toBe(0);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('redactSecret', () => {
  it('removes every occurrence', () => {
    expect(redactSecret('key=abcd1234 and Bearer abcd1234', 'abcd1234')).toBe('key=[redacted] and Bearer [redacted]');
  });
  it('leaves text alone for an empty secret', () => {
    expect(redactSecret('hello', '')).toBe('hello');
  });
});
