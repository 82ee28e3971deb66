import { randomUUID } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RunwareStandIn, startRunwareStandIn } from './server';
import { systemClock } from '../../app/clock';
import type { Clock } from '../../app/ports';
import { makeTestClip } from '../../testing/media';

/** Small HTTP helpers for the stand-in's own tests (raw fetch, no client code under test). */

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface WireBody {
  data?: Array<Record<string, unknown>> | Record<string, unknown>;
  errors?: Array<{ code: string; message: string; parameter?: string | string[]; taskType?: string; taskUUID?: string }>;
}

async function toReply(r: Response): Promise<Reply> {
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

/** POSTs to /v1 with the stand-in's own key unless `key` is given (null: no Authorization header). */
export async function post(s: RunwareStandIn, body: unknown, key: string | null = s.apiKey, signal?: AbortSignal): Promise<Reply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const r = await fetch(s.url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal });
  return toReply(r);
}

export function wire(r: Reply): WireBody {
  return r.json as WireBody;
}

export function dataItems(r: Reply): Array<Record<string, unknown>> {
  const d = wire(r).data;
  if (!Array.isArray(d)) throw new Error(`expected data array, got ${r.text.slice(0, 200)}`);
  return d;
}

export async function uploadFile(s: RunwareStandIn, file: string, as: 'base64' | 'dataUri' = 'base64'): Promise<{ mediaUUID: string; mediaURL: string }> {
  const b64 = readFileSync(file).toString('base64');
  const media = as === 'base64' ? b64 : `data:video/mp4;base64,${b64}`;
  const r = await post(s, [{ taskType: 'mediaStorage', taskUUID: randomUUID(), operation: 'upload', media }]);
  if (r.status !== 200) throw new Error(`upload failed: ${r.status} ${r.text}`);
  const item = dataItems(r)[0];
  return { mediaUUID: String(item.mediaUUID), mediaURL: String(item.mediaURL) };
}

export function retakeTask(video: string, over: Record<string, unknown> = {}, lightricks: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    taskType: 'videoInference',
    taskUUID: randomUUID(),
    model: 'lightricks:3@1',
    deliveryMethod: 'async',
    includeCost: true,
    outputFormat: 'MP4',
    positivePrompt: 'a red balloon drifts across the frame',
    providerSettings: { lightricks: { startTime: 1, duration: 2, mode: 'replace_audio_and_video', ...lightricks } },
    inputs: { video },
    ...over,
  };
}

export async function poll(s: RunwareStandIn, taskUUID: string, signal?: AbortSignal): Promise<Reply> {
  return post(s, [{ taskType: 'getResponse', taskUUID }], s.apiKey, signal);
}

/** Polls every 50 ms until the job is no longer processing (or throws after `timeoutMs`). */
export async function pollUntilDone(s: RunwareStandIn, taskUUID: string, timeoutMs = 20000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await poll(s, taskUUID);
    if (r.status !== 200) throw new Error(`poll failed: ${r.status} ${r.text}`);
    const item = dataItems(r)[0];
    if (item.status !== 'processing') return item;
    if (Date.now() > until) throw new Error('job did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A clock for tests of the real client against the stand-in over real HTTP: time passes as usual,
 * but every sleep lasts `factor` times less than it says (the skipped time is added to now()), so
 * waits measured in tens of seconds (confirming a "not found") take a fraction of a second.
 */
export function acceleratedClock(factor: number): Clock {
  let skipped = 0;
  return {
    now: () => Date.now() + skipped,
    sleep: async (ms, cancel) => {
      const real = ms / factor;
      await systemClock.sleep(real, cancel);
      skipped += ms - real;
    },
  };
}

/** A stand-in with a 5 s grey clip already uploaded: what the protocol tests start from. */
export interface StandInWithClip {
  s: RunwareStandIn;
  /** A temporary folder, removed on close. */
  dir: string;
  clip5: string;
  media5: { mediaUUID: string; mediaURL: string };
  close(): Promise<void>;
}

export async function startStandInWithClip(): Promise<StandInWithClip> {
  const dir = mkdtempSync(join(tmpdir(), 'runware-server-'));
  const clip5 = await makeTestClip(join(dir, 'c5.mp4'), { seconds: 5, fps: '25', width: 160, height: 90, pattern: 'color=c=0x808080' });
  const s = await startRunwareStandIn({ generationMs: 100 });
  const media5 = await uploadFile(s, clip5);
  const close = async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { s, dir, clip5, media5, close };
}

/**
 * Registers the file's hooks: a stand-in with the clip before all tests (handed to `take`), its
 * scripted faults cleared after each, closed after all.
 */
export function useStandInWithClip(take: (fixture: StandInWithClip) => void): void {
  let fixture: StandInWithClip | undefined;
  beforeAll(async () => {
    fixture = await startStandInWithClip();
    take(fixture);
  }, 30000);
  afterEach(() => fixture?.s.faults.clear());
  afterAll(() => fixture?.close());
}

/** The first entry of a reply's errors (throws when there is none). */
export function firstError(r: { json: unknown }): NonNullable<WireBody['errors']>[number] {
  const errors = (r.json as WireBody).errors;
  if (!errors || errors.length === 0) throw new Error('expected errors');
  return errors[0];
}
