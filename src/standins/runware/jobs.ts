import { randomUUID } from 'crypto';
import { join } from 'path';
import type { MediaRecord } from './media';
import { renderRetake } from './retakeRender';
import type { StandInStats } from './server';
import { OutputFormat, RetakeRequest, retakeCostUSD } from './validate';

/**
 * Accepted videoInference jobs and how they end. A job succeeds when both its generation timer
 * (generationMs, the simulated provider time) has run out and its render (ffmpeg) has finished;
 * it is billed then, and only then. Renders wait in a queue, RENDER_CONCURRENCY at a time, so that a
 * batch of submits does not start an ffmpeg per job. A job runs to the end even if nobody polls it.
 */

const RENDER_CONCURRENCY = 2;

/** How a job ends in error, and how polls report it (a status "error" item, or top-level errors[]). */
export interface JobFailure {
  code: string;
  message: string;
  reportAs?: 'item' | 'errors';
  responseContent?: string;
}

export interface Job {
  taskUUID: string;
  request: RetakeRequest;
  /** The uploaded clip; undefined when inputs.video was a URL this stand-in cannot fetch. */
  media?: MediaRecord;
  status: 'processing' | 'success' | 'error';
  startedAt: number;
  timer?: NodeJS.Timeout;
  timeUp: boolean;
  rendered: boolean;
  forcedError?: JobFailure;
  failure?: JobFailure;
  /** When the result became ready (epoch ms). */
  readyAt?: number;
  videoUUID: string;
  ext: 'mp4' | 'mov' | 'webm';
  resultFile: string;
  cost?: number;
}

const EXT_BY_FORMAT: Record<OutputFormat, Job['ext']> = { MP4: 'mp4', MOV: 'mov', WEBM: 'webm' };

export class JobEngine {
  private readonly jobs = new Map<string, Job>();
  private readonly jobsByVideo = new Map<string, Job>();
  private readonly abort = new AbortController();
  private readonly renders = new Set<Promise<void>>();
  private readonly renderQueue: Array<() => Promise<void>> = [];
  private rendering = 0;
  private closed = false;

  /** Renders go to `resultsDir`; successful jobs are billed in `stats`. */
  constructor(
    private readonly resultsDir: string,
    private ms: number,
    private readonly stats: StandInStats,
    private readonly render: typeof renderRetake = renderRetake,
  ) {}

  get generationMs(): number {
    return this.ms;
  }

  /** Changes the generation time, also of the jobs still waiting for theirs. */
  setGenerationMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('generationMs must be a number >= 0');
    this.ms = ms;
    for (const job of this.jobs.values()) if (job.timer) this.armTimer(job);
  }

  get(taskUUID: string): Job | undefined {
    return this.jobs.get(taskUUID);
  }

  byVideo(videoUUID: string): Job | undefined {
    return this.jobsByVideo.get(videoUUID);
  }

  /** Accepts a checked request on an upload and starts it; `forcedError` makes it end in that error. */
  submit(request: RetakeRequest, media: MediaRecord | undefined, forcedError?: JobFailure): Job {
    const videoUUID = randomUUID();
    const ext = EXT_BY_FORMAT[request.outputFormat];
    const job: Job = {
      taskUUID: request.taskUUID, request, media, status: 'processing', startedAt: Date.now(), timeUp: false,
      rendered: false, forcedError, videoUUID, ext, resultFile: join(this.resultsDir, `${videoUUID}.${ext}`),
    };
    this.jobs.set(job.taskUUID, job);
    this.jobsByVideo.set(videoUUID, job);
    this.start(job);
    return job;
  }

  /** Whether a job still has to render from this upload. */
  needsMedia(mediaUUID: string): boolean {
    for (const job of this.jobs.values()) if (!job.rendered && job.status === 'processing' && job.media?.mediaUUID === mediaUUID) return true;
    return false;
  }

  /** Whether a finished job's result has outlived the `ttl` it was submitted with. */
  expired(job: Job): boolean {
    return job.request.ttl !== undefined && job.readyAt !== undefined && Date.now() > job.readyAt + job.request.ttl * 1000;
  }

  /** For close(): no job settles after this, timers are cleared, queued renders dropped, running ones killed. */
  stop(): void {
    this.closed = true;
    for (const job of this.jobs.values()) {
      if (job.timer) clearTimeout(job.timer);
      job.timer = undefined;
    }
    this.renderQueue.length = 0;
    this.abort.abort();
  }

  /** Resolves when the renders under way have ended. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.renders]);
  }

  private start(job: Job): void {
    this.armTimer(job);
    const media = job.media;
    if (job.forcedError || !media) return;
    this.renderQueue.push(async () => {
      try {
        await this.render(media.file, job.resultFile, job.request.mode, job.request.startTime, job.request.duration, {
          signal: this.abort.signal,
        });
      } catch (e) {
        job.failure = { code: 'inferenceError', message: `Generation failed: ${(e as Error).message}` };
      }
      job.rendered = true;
      this.settle(job);
    });
    this.pumpRenders();
  }

  private pumpRenders(): void {
    while (!this.closed && this.rendering < RENDER_CONCURRENCY && this.renderQueue.length > 0) {
      const next = this.renderQueue.shift() as () => Promise<void>;
      this.rendering += 1;
      const p = next().finally(() => {
        this.rendering -= 1;
        this.renders.delete(p);
        this.pumpRenders();
      });
      this.renders.add(p);
    }
  }

  private armTimer(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    const remaining = Math.max(0, job.startedAt + this.ms - Date.now());
    job.timer = setTimeout(() => {
      job.timer = undefined;
      job.timeUp = true;
      this.settle(job);
    }, remaining);
  }

  /** Ends a job once its time is up and its render is done; bills it if it succeeded. */
  private settle(job: Job): void {
    if (this.closed || job.status !== 'processing' || !job.timeUp) return;
    if (job.forcedError || !job.media) {
      job.status = 'error';
      job.failure = job.forcedError;
      return;
    }
    if (!job.rendered) return;
    if (job.failure) {
      job.status = 'error';
      return;
    }
    const seconds = job.media?.seconds ?? 0;
    job.status = 'success';
    job.readyAt = Date.now();
    job.cost = retakeCostUSD(seconds);
    this.stats.billedSeconds += seconds;
    this.stats.billedUSD = Math.round((this.stats.billedUSD + job.cost) * 10000) / 10000;
  }
}
