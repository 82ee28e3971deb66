import { CancelToken } from '../../app/cancel';
import { createSimulatedClock } from '../../app/clock';
import { RetakeError } from '../../domain/errors';
import { RETRY_POLICY, isTransient, retryDelayMs, withRetries } from './retry';

const server = () => new RetakeError('server', 's');

describe('retryDelayMs', () => {
  it('backs off 1, 2, 4 s ... up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, server()))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });
  it('takes Retry-After when given, and refuses one over the limit', () => {
    expect(retryDelayMs(1, new RetakeError('rateLimit', 'r', { retryAfterSeconds: 0.5 }))).toBe(500);
    expect(retryDelayMs(3, new RetakeError('rateLimit', 'r', { retryAfterSeconds: 30 }))).toBe(30_000);
    expect(retryDelayMs(1, new RetakeError('rateLimit', 'r', { retryAfterSeconds: 61 }))).toBeNull();
  });
});

describe('isTransient', () => {
  it('network, server, rateLimit, timeout; protocol only when asked', () => {
    for (const c of ['network', 'server', 'rateLimit', 'timeout'] as const) expect(isTransient(new RetakeError(c, 'x'))).toBe(true);
    for (const c of ['validation', 'auth', 'quota', 'safety', 'provider', 'notFound', 'cancelled'] as const) {
      expect(isTransient(new RetakeError(c, 'x'), true)).toBe(false);
    }
    expect(isTransient(new RetakeError('protocol', 'x'))).toBe(false);
    expect(isTransient(new RetakeError('protocol', 'x'), true)).toBe(true);
  });
});

describe('withRetries', () => {
  it('retries what it is told to, sleeping on the clock', async () => {
    const clock = createSimulatedClock(0);
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw server();
        return 'ok';
      },
      { attempts: 4, clock, cancel: new CancelToken(), shouldRetry: () => true },
    );
    expect(result).toBe('ok');
    expect(clock.now()).toBe(3000);
  });

  it('stops at the attempt limit, on a non-retryable error, and on non-RetakeErrors', async () => {
    const clock = createSimulatedClock(0);
    let calls = 0;
    const always = (e: unknown) => async () => {
      calls++;
      throw e;
    };
    const opts = { attempts: RETRY_POLICY.transferAttempts, clock, cancel: new CancelToken(), shouldRetry: (e: RetakeError) => e.category === 'server' };
    await expect(withRetries(always(server()), opts)).rejects.toMatchObject({ category: 'server' });
    expect(calls).toBe(4);
    calls = 0;
    await expect(withRetries(always(new RetakeError('auth', 'a')), opts)).rejects.toMatchObject({ category: 'auth' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetries(always(new TypeError('bug')), opts)).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it('a cancel during the backoff sleep ends it', async () => {
    const clock = createSimulatedClock(0);
    const cancel = new CancelToken();
    let calls = 0;
    const p = withRetries(
      async () => {
        calls++;
        throw server();
      },
      { attempts: 4, clock, cancel, shouldRetry: () => true, onRetry: () => cancel.cancel() },
    );
    await expect(p).rejects.toMatchObject({ category: 'cancelled' });
    expect(calls).toBe(1);
  });
});
