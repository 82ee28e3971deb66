/**
 * The faults the matrix crosses with every crash point: each a way Runware (or the disk) is known to
 * misbehave, scripted on the stand-in. Each fires on the first life only where that matters: the
 * stand-in's faults are used up as they fire, so the resumed life meets a healthy service.
 */
import type { ScriptedFault } from '../../standins/runware/faults';

export interface FaultCase {
  name: string;
  runware: ScriptedFault[];
  /** The first take write fails with ENOSPC (a full disk), in the first life. */
  diskFull?: boolean;
  /** Whether a healthy end is possible: false where the paid result is gone for good. */
  canFinish: boolean;
}

export const FAULT_CASES: FaultCase[] = [
  { name: 'no fault', runware: [], canFinish: true },
  { name: 'lost acknowledgement', runware: [{ on: 'submit', fault: { kind: 'dropAck' } }], canFinish: true },
  { name: 'hung acknowledgement', runware: [{ on: 'submit', fault: { kind: 'hungAck' } }], canFinish: true },
  { name: '503 on the submit', runware: [{ on: 'submit', fault: { kind: 'http', status: 503, code: 'serverError' } }], canFinish: true },
  { name: '429 on a poll', runware: [{ on: 'poll', fault: { kind: 'http', status: 429, code: 'rateLimitExceeded', retryAfterSeconds: 2 } }], canFinish: true },
  { name: 'not found on the first poll', runware: [{ on: 'poll', fault: { kind: 'taskNotFound' }, onRequest: 1 }], canFinish: true },
  {
    // The acknowledgement is lost and the task stays invisible for a while: a resend under the same
    // taskUUID meets conflictTaskUUID, which proves Runware holds it.
    name: 'conflict on resend',
    runware: [
      { on: 'submit', fault: { kind: 'dropAck' } },
      { on: 'poll', fault: { kind: 'taskNotFound' }, times: 6 },
    ],
    canFinish: true,
  },
  { name: 'placeholder upload', runware: [{ on: 'upload', fault: { kind: 'placeholderUpload', polls: 2 } }], canFinish: true },
  { name: 'expired media', runware: [{ on: 'submit', fault: { kind: 'mediaExpired' } }], canFinish: true },
  { name: 'expired result', runware: [{ on: 'download', fault: { kind: 'resultNotFound' }, times: 1000 }], canFinish: false },
  { name: 'truncated download', runware: [{ on: 'download', fault: { kind: 'truncatedDownload' } }], canFinish: true },
  { name: 'disk full', runware: [], diskFull: true, canFinish: true },
];
