/** What the client's test files share: a client over a scripted Runware on a simulated clock. */
import { createSimulatedClock } from '../../app/clock';
import type { RetakeRequest } from '../../app/ports';
import { RunwareClientDeps, createRunwareClient } from './client';
import { FakeReply, createFakeRunware } from './fakeFetch';
import { RETRY_POLICY } from './retry';

/** A distinctive key: it must appear in the Authorization header and nowhere else. */
export const KEY = 'rwk_LEAKCHECK_9f8e7d6c5b4a39281706';
export const START = Date.parse('2025-06-01T10:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export function setup(over: Partial<RunwareClientDeps> & { jobDurationMs?: number } = {}) {
  const clock = createSimulatedClock(START);
  const fake = createFakeRunware({ clock, jobDurationMs: over.jobDurationMs ?? 5 * MINUTE });
  const logs: string[] = [];
  let n = 0;
  const newUUID = () => `${(++n).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;
  const client = createRunwareClient({ apiKey: KEY, fetch: fake.fetch, clock, newUUID, onLog: (l) => logs.push(l), ...over });
  return { clock, fake, logs, client };
}

export function retake(over: Partial<RetakeRequest> = {}): RetakeRequest {
  return {
    taskUUID: '7d444840-9dc0-41d2-b5a4-5a0f5c6f0b11',
    video: 'c3a1e2b4-0000-4000-8000-123456789abc',
    prompt: 'the car turns red',
    mode: 'replace_video',
    startTime: 2,
    duration: 3,
    ...over,
  };
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): FakeReply => ({ status, json: body, headers });
export const err = (status: number, code: string, message = 'm', extra: Record<string, unknown> = {}): FakeReply =>
  json(status, { errors: [{ code, message, ...extra }] });

/** "Not found" was believed only after enough answers spread over the grace period. */
export function expectNotFoundConfirmed(polls: Array<{ at: number }>): void {
  const rule = RETRY_POLICY.notFoundConfirmation;
  expect(polls.length).toBeGreaterThanOrEqual(rule.answers);
  expect((polls.at(-1) as { at: number }).at - polls[0].at).toBeGreaterThanOrEqual(rule.graceMs);
}
