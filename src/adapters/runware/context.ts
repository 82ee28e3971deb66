import { RetakeError } from '../../domain/errors';
import { HttpContext } from './http';
import { Envelope, ResponseItem } from './schemas';

/**
 * What one client's pieces (upload, submit, poll, follow, download) share: the HTTP context plus
 * the client's logger and its memory of result URLs. Built once in createRunwareClient.
 */
export interface RunwareContext extends HttpContext {
  /** Redacted progress line; never throws. */
  log: (line: string) => void;
  /** Result URL -> job, filled by polls, so a failed download can name the job to quote. */
  jobByResultUrl: Map<string, string>;
  /** The time limit of an upload whose request body is this many bytes. */
  uploadTimeoutMs: (bodyBytes: number) => number;
}

/** The item of an answer that is about `taskUUID` (or the only item, if it names no task). */
export function itemFor(envelope: Envelope, taskUUID: string): ResponseItem | undefined {
  return envelope.data.find((i) => i.taskUUID === taskUUID) ?? (envelope.data.length === 1 && envelope.data[0].taskUUID === undefined ? envelope.data[0] : undefined);
}

export function describe(e: RetakeError): string {
  return `${e.category}${e.code ? ` ${e.code}` : ''}`;
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
