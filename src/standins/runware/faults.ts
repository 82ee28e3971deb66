/**
 * Scripted faults for the Runware stand-in.
 *
 * A fault is armed with `add()` (or `POST /__control/faults`) and fires on the next `times`
 * matching requests, then is used up. Faults are tried in the order they were added.
 *
 * Where each kind can fire (add() rejects any other combination, so a script cannot sit unused):
 * | kind               | upload | submit | poll | download |
 * | http, hang, malformed |  yes  |  yes   | yes  |   yes    |
 * | dataAsObject       |  yes   |  yes   | yes  |    -     |
 * | dropAck, hungAck, mediaExpired |   -    |  yes   |  -   |    -     |
 * | generationError    |   -    |  yes (per accepted job)  |  -   |    -     |
 * | placeholderUpload  |  yes   |   -    |  -   |    -     |
 * | taskNotFound       |   -    |   -    | yes  |    -     |
 * | resultNotFound, truncatedDownload | - | - | - |  yes   |
 * `on: 'any'` matches whichever of these fits the kind.
 *
 * `onRequest: n` fires the fault only on the n-th request (1-based) of its target since the
 * stand-in started (uploads, submits, polls and downloads are counted apart), so a test can
 * script "the second submit" or "the first poll" exactly.
 *
 * `promptIncludes` restricts a fault to requests whose prompt contains the text: for a submit the
 * prompts of its videoInference tasks, for a poll or a download the prompt of the job it is about.
 * Uploads carry no prompt, so a fault with `promptIncludes` never fires on an upload.
 *
 * Semantics on the wire:
 * - http: answers `status` with `{"errors":[{code,message,parameter?,taskType?,taskUUID?}]}` (and a
 *   Retry-After header when retryAfterSeconds is set); the request is NOT processed.
 * - hang: the request is never answered (the socket is destroyed by close()); NOT processed.
 * - malformed: 200 with an HTML body (a proxy error page); NOT processed.
 * - dropAck: the submit IS processed (jobs start and will be billed) but the answer is a 502 with
 *   an empty body: a lost acknowledgement. Polling the taskUUID finds the job.
 * - generationError: the job is accepted normally and later ends with status "error".
 * - resultNotFound: the result download answers 404.
 * - truncatedDownload: Content-Length of the whole file, half the bytes, then the socket is closed.
 * - dataAsObject: the request IS processed; `data` is the first item as an object, not an array.
 * - hungAck: the submit IS processed (the job starts and will be billed) but no answer is ever sent.
 * - mediaExpired: the upload named by inputs.video is forgotten (as if it expired) and the submit
 *   is refused 400 `mediaExpired`, parameter inputs.video; NOT processed. Later submits on that
 *   mediaUUID get mediaNotFound; a new upload works.
 * - placeholderUpload: the upload IS stored but answered `mediaUUID: "1"` (still processing, as
 *   Runware's ComfyUI nodes read it); getResponse with the upload's taskUUID answers "1" for
 *   `polls` more times (default 1), then the real mediaUUID.
 * - taskNotFound: a getResponse about a task that exists answers 400 taskFailedOrNotFound naming it
 *   (a just-accepted task not yet visible); NOT processed.
 * - generationError with `reportAs: "errors"`: the job fails and every later poll answers a
 *   top-level `errors[]` entry naming the task, with `responseContent` when given (the shape
 *   Runware's ComfyUI nodes read), instead of a status "error" item.
 */

export type FaultTarget = 'upload' | 'submit' | 'poll' | 'download' | 'any';
export type RequestTarget = Exclude<FaultTarget, 'any'>;

export type Fault =
  | { kind: 'http'; status: number; code?: string; message?: string; parameter?: string | string[]; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'dropAck' }
  | { kind: 'hungAck' }
  | { kind: 'mediaExpired' }
  | { kind: 'placeholderUpload'; polls?: number }
  | { kind: 'taskNotFound' }
  | { kind: 'generationError'; code?: string; message?: string; reportAs?: 'item' | 'errors'; responseContent?: string }
  | { kind: 'resultNotFound' }
  | { kind: 'truncatedDownload' }
  | { kind: 'dataAsObject' };

export type FaultKind = Fault['kind'];

export interface ScriptedFault {
  on: FaultTarget;
  fault: Fault;
  /** How many matching requests it fires on; default 1. */
  times?: number;
  /** Only submits/jobs whose prompt contains this text. */
  promptIncludes?: string;
  /** Only the n-th request (1-based) of the target since start. */
  onRequest?: number;
}

const WHERE: Record<FaultKind, readonly RequestTarget[]> = {
  http: ['upload', 'submit', 'poll', 'download'],
  hang: ['upload', 'submit', 'poll', 'download'],
  malformed: ['upload', 'submit', 'poll', 'download'],
  dataAsObject: ['upload', 'submit', 'poll'],
  dropAck: ['submit'],
  hungAck: ['submit'],
  mediaExpired: ['submit'],
  placeholderUpload: ['upload'],
  taskNotFound: ['poll'],
  generationError: ['submit'],
  resultNotFound: ['download'],
  truncatedDownload: ['download'],
};

const TARGETS: readonly FaultTarget[] = ['upload', 'submit', 'poll', 'download', 'any'];

/** Faults that act on the whole request, as opposed to generationError which acts on one job. */
export const REQUEST_FAULT_KINDS: readonly FaultKind[] = [
  'http', 'hang', 'malformed', 'dataAsObject', 'dropAck', 'hungAck', 'mediaExpired', 'placeholderUpload', 'taskNotFound',
  'resultNotFound', 'truncatedDownload',
];

interface Armed {
  scripted: ScriptedFault;
  remaining: number;
}

export class FaultScript {
  private armed: Armed[] = [];
  private firedCount = 0;

  /** Arms a fault. Throws a TypeError for a malformed script or a kind that cannot fire on `on`. */
  add(f: ScriptedFault): void {
    const checked = parseScriptedFault(f);
    this.armed.push({ scripted: checked, remaining: checked.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** Faults still armed, with how many times each will still fire. */
  pending(): Array<ScriptedFault & { remaining: number }> {
    return this.armed.map((a) => ({ ...a.scripted, remaining: a.remaining }));
  }

  /** How many times any fault has fired since start. */
  get fired(): number {
    return this.firedCount;
  }

  /**
   * Finds, consumes once and returns the first armed fault of one of `kinds` that matches a request
   * to `target` whose prompts are `prompts`.
   */
  take(target: RequestTarget, prompts: readonly string[], kinds: readonly FaultKind[], requestNumber: number): Fault | undefined {
    const index = this.armed.findIndex(({ scripted }) => {
      if (scripted.on !== 'any' && scripted.on !== target) return false;
      if (scripted.onRequest !== undefined && scripted.onRequest !== requestNumber) return false;
      if (!kinds.includes(scripted.fault.kind)) return false;
      if (!WHERE[scripted.fault.kind].includes(target)) return false;
      const needle = scripted.promptIncludes;
      if (needle !== undefined && !prompts.some((p) => p.includes(needle))) return false;
      return true;
    });
    if (index < 0) return undefined;
    const hit = this.armed[index];
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.armed.splice(index, 1);
    this.firedCount += 1;
    return hit.scripted.fault;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(o: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new TypeError(`${where}.${key} must be a string`);
  return v;
}

function parseFault(v: unknown): Fault {
  if (!isRecord(v)) throw new TypeError('fault must be an object with a "kind"');
  const code = optionalString(v, 'code', 'fault');
  const message = optionalString(v, 'message', 'fault');
  switch (v.kind) {
    case 'http': {
      const status = v.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
        throw new TypeError('fault.status must be an HTTP status between 200 and 599');
      }
      const f: Fault = { kind: 'http', status };
      if (code !== undefined) f.code = code;
      if (message !== undefined) f.message = message;
      const p = v.parameter;
      if (p !== undefined) {
        if (typeof p === 'string' || (Array.isArray(p) && p.every((x): x is string => typeof x === 'string'))) {
          f.parameter = p;
        } else {
          throw new TypeError('fault.parameter must be a string or an array of strings');
        }
      }
      const r = v.retryAfterSeconds;
      if (r !== undefined) {
        if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) throw new TypeError('fault.retryAfterSeconds must be a number >= 0');
        f.retryAfterSeconds = r;
      }
      return f;
    }
    case 'generationError': {
      const f: Fault = { kind: 'generationError' };
      if (code !== undefined) f.code = code;
      if (message !== undefined) f.message = message;
      const reportAs = v.reportAs;
      if (reportAs !== undefined) {
        if (reportAs !== 'item' && reportAs !== 'errors') throw new TypeError('fault.reportAs must be "item" or "errors"');
        f.reportAs = reportAs;
      }
      const responseContent = optionalString(v, 'responseContent', 'fault');
      if (responseContent !== undefined) f.responseContent = responseContent;
      return f;
    }
    case 'placeholderUpload': {
      const polls = v.polls;
      if (polls === undefined) return { kind: 'placeholderUpload' };
      if (typeof polls !== 'number' || !Number.isInteger(polls) || polls < 0) throw new TypeError('fault.polls must be an integer >= 0');
      return { kind: 'placeholderUpload', polls };
    }
    case 'hang':
    case 'malformed':
    case 'dropAck':
    case 'hungAck':
    case 'mediaExpired':
    case 'taskNotFound':
    case 'resultNotFound':
    case 'truncatedDownload':
    case 'dataAsObject':
      return { kind: v.kind };
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify(v.kind)}`);
  }
}

/** Hand-written check of a ScriptedFault (from tests or from the HTTP control endpoint). */
export function parseScriptedFault(v: unknown): ScriptedFault {
  if (!isRecord(v)) throw new TypeError('a scripted fault must be an object {on, fault, times?, promptIncludes?}');
  const on = v.on;
  if (typeof on !== 'string' || !(TARGETS as readonly string[]).includes(on)) {
    throw new TypeError(`"on" must be one of ${TARGETS.join(', ')}`);
  }
  const target = on as FaultTarget;
  const fault = parseFault(v.fault);
  if (target !== 'any' && !WHERE[fault.kind].includes(target)) {
    throw new TypeError(`a ${fault.kind} fault cannot fire on ${target} (only on ${WHERE[fault.kind].join(', ')})`);
  }
  const out: ScriptedFault = { on: target, fault };
  if (v.times !== undefined) {
    if (typeof v.times !== 'number' || !Number.isInteger(v.times) || v.times < 1) throw new TypeError('"times" must be an integer >= 1');
    out.times = v.times;
  }
  if (v.onRequest !== undefined) {
    if (typeof v.onRequest !== 'number' || !Number.isInteger(v.onRequest) || v.onRequest < 1) throw new TypeError('"onRequest" must be an integer >= 1');
    if (target === 'any') throw new TypeError('"onRequest" needs a target: upload, submit, poll or download');
    out.onRequest = v.onRequest;
  }
  const needle = optionalString(v, 'promptIncludes', 'fault script');
  if (needle !== undefined) {
    if (needle === '') throw new TypeError('"promptIncludes" must not be empty');
    if (target === 'upload') throw new TypeError('uploads carry no prompt: "promptIncludes" cannot match on upload');
    out.promptIncludes = needle;
  }
  return out;
}
