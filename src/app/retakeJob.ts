import { RetakeError, asRetakeError } from '../domain/errors';
import { JobRecord, holdsForReview, isPaidFor, loadPlan, takeFileName, takeName } from '../domain/job';
import { RETAKE_LIMITS } from '../domain/limits';
import { estimateGenerationMs } from '../domain/polling';
import { checkTakeTimeline } from '../domain/takeCheck';
import { clipsUnderSignature, timelineChangeHold } from '../domain/timelineUnder';
import { takeLabel } from '../domain/takeLabel';
import type { CancelToken } from './cancel';
import type { Journal } from './journal';
import { readMp4VideoInfo } from './mp4';
import { exportedWindowProblem } from './preflight';
import type { Clock, FileStore, HostPort, InferencePort, PlacedTake } from './ports';
import type { TickRange } from '../domain/time';

export interface PipelineDeps {
  host: HostPort;
  inference: InferencePort;
  files: FileStore;
  journal: Journal;
  clock: Clock;
  newUUID: () => string;
}

/**
 * Runs (or continues) one retake: export -> upload -> submit -> follow -> download -> import ->
 * place. Each step is skipped when the journal already holds its result, so the same function
 * starts a job, resumes one after a reload, and retries a failed step without paying twice.
 * Never throws: the outcome is in the returned record (stage done, failed, cancelled or stopped).
 */
export async function runRetakeJob(jobId: string, deps: PipelineDeps, cancel: CancelToken): Promise<JobRecord> {
  const { journal } = deps;
  let job = required(journal.get(jobId));
  /** Every write is awaited; one that fails becomes a sentence naming what Runware holds. */
  const update = async (patch: Partial<JobRecord>) => {
    job = { ...job, ...patch, updatedAt: new Date(deps.clock.now()).toISOString() };
    try {
      await journal.save(job);
    } catch (e) {
      throw journalWriteError(job, e);
    }
  };
  try {
    if (job.stage === 'done') return job;
    await update({ error: undefined });
    if (!isPaidFor(job)) await submitStep(job, deps, cancel, update, () => job);
    if (!job.takePath) await fetchResultStep(job, deps, cancel, update, () => job);
    if (!job.placed && job.review !== 'approved' && job.review !== 'discarded') {
      const held = timelineChangeHold(job.clipsUnder, deps.host.readClipsOver ? await deps.host.readClipsOver(job.sequenceId, loadPlan(job.plan).window).catch(() => null) : null);
      if (held) await update({ review: 'pending', heldBecause: held });
    }
    if (holdsForReview(job)) {
      await reviewStep(deps, update, () => job);
      return job;
    }
    if (!job.placed) await placeStep(deps, cancel, update, () => job);
    if (!job.thumbnail) await thumbnailStep(deps, update, () => job);
    await update({ stage: 'done' });
  } catch (e) {
    const error = asRetakeError(e);
    const ending: Partial<JobRecord> =
      error.category === 'cancelled'
        ? { stage: isPaidFor(job) ? 'stopped' : 'cancelled' }
        : {
            stage: 'failed',
            error: { category: error.category, message: error.message, retryable: error.retryable, stage: job.stage },
            // Only a submit Runware answered with a refusal holds nothing there: the next attempt
            // may take a fresh taskUUID. Any other failure keeps it (Runware may hold the task).
            ...(!isPaidFor(job) && error.submitRefused ? { taskUUID: undefined } : {}),
          };
    await update(ending).catch((writeError: unknown) => {
      // The journal cannot be written: the outcome stays in memory, with a sentence that says so.
      const why = asRetakeError(writeError);
      const message = error.code === JOURNAL_WRITE_CODE ? error.message : `${error.message} ${why.message}`;
      job = { ...job, ...ending, error: { category: why.category, message, retryable: false, stage: job.stage } };
    });
  }
  return job;
}

/** A journal write failed: say so, naming the Runware job and result the editor may have paid for. */
function journalWriteError(job: JobRecord, cause: unknown): RetakeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const held = job.taskUUID ? ` Runware job ${job.taskUUID}${isPaidFor(job) ? ' is paid for' : ' may be running'}${job.videoURL ? ` and its take is at ${job.videoURL}` : ''}: note it, free some space, then resume.` : ' Nothing was sent to Runware for it.';
  return new RetakeError('host', `The job journal could not be saved (${reason}).${held}`, { code: JOURNAL_WRITE_CODE, retryable: false, cause });
}

const JOURNAL_WRITE_CODE = 'journalWrite';

/** Clip length and generation time of past jobs that were followed from submit to result. */
export function generationHistory(jobs: JobRecord[]): Array<{ clipSeconds: number; generationMs: number }> {
  return jobs
    .filter((j) => j.submittedAt !== undefined && j.generatedAt !== undefined)
    .map((j) => ({ clipSeconds: j.plan.billedSeconds, generationMs: (j.generatedAt as number) - (j.submittedAt as number) }));
}

type Update = (patch: Partial<JobRecord>) => Promise<void>;
type Current = () => JobRecord;

async function submitStep(initial: JobRecord, deps: PipelineDeps, cancel: CancelToken, update: Update, current: Current): Promise<void> {
  const plan = loadPlan(initial.plan);
  // A recorded taskUUID may have reached Runware (a submit under way when the process stopped, or
  // one whose answer was lost): the client asks Runware about it before anything is sent.
  for (let uploads = 0; ; uploads++) {
    if (!current().mediaUUID) await exportAndUpload(initial, plan.window, deps, cancel, update);
    cancel.throwIfCancelled();
    const mayBeHeld = current().taskUUID !== undefined;
    // The taskUUID is on disk before the request leaves, so a crash mid-submit is resolved by polling
    // it; a submit Runware never received is sent again under the same taskUUID, never a new one.
    await update({ stage: 'submitting', taskUUID: current().taskUUID ?? deps.newUUID() });
    const job = current();
    try {
      await deps.inference.submit(
        { taskUUID: required(job.taskUUID), video: required(job.mediaUUID), prompt: plan.prompt, mode: plan.mode, startTime: plan.startTime, duration: plan.duration, mayBeHeld },
        cancel,
      );
    } catch (e) {
      const error = asRetakeError(e);
      // The upload expired or is unusable: a new one is free. Once, so a clip Runware keeps refusing cannot loop.
      if (!error.uploadGone || !error.submitRefused || uploads >= 1) throw error;
      await update({ mediaUUID: undefined, taskUUID: undefined });
      continue;
    }
    await update({ acknowledged: true, submittedAt: deps.clock.now(), stage: 'generating' });
    return;
  }
}

async function exportAndUpload(initial: JobRecord, window: TickRange, deps: PipelineDeps, cancel: CancelToken, update: Update): Promise<void> {
  cancel.throwIfCancelled();
  const scratch = await deps.files.scratchFolder();
  const clipPath = deps.files.join(scratch, `${initial.id}-window.mp4`);
  const under = deps.host.readClipsOver ? await deps.host.readClipsOver(initial.sequenceId, window).catch(() => null) : null;
  await update({ stage: 'exporting', ...(under ? { clipsUnder: clipsUnderSignature(under) } : {}) });
  const exported = await deps.host.exportWindow(initial.sequenceId, window, clipPath, cancel);
  try {
    const bytes = await deps.files.read(clipPath);
    const unfinished = exportedWindowProblem(bytes, loadPlan(initial.plan));
    if (unfinished) throw new RetakeError('host', unfinished);
    if (bytes.byteLength > RETAKE_LIMITS.maxUploadBytes) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      throw new RetakeError('invalidInput', `The exported clip is ${mb(bytes.byteLength)}, over the ${mb(RETAKE_LIMITS.maxUploadBytes)} upload limit. Nothing was uploaded or charged: mark a shorter range or lower the context handles.`);
    }
    cancel.throwIfCancelled();
    await update({ stage: 'uploading', ...(exported ? { exportPreset: exported.preset } : {}) });
    const media = await deps.inference.upload(bytes, cancel);
    await update({ mediaUUID: media.mediaUUID });
  } finally {
    await deps.files.remove(clipPath);
  }
}

async function fetchResultStep(initial: JobRecord, deps: PipelineDeps, cancel: CancelToken, update: Update, current: Current): Promise<void> {
  if (!initial.videoURL) {
    await update({ stage: 'generating' });
    // Progress writes are chained and awaited before the result is recorded; a failed one is not
    // fatal (the next write, of the result, reports the journal problem if it persists).
    let progressWrites: Promise<void> = Promise.resolve();
    const result = await deps.inference
      .follow(required(initial.taskUUID), {
        cancel,
        submittedAt: initial.submittedAt,
        expectedMs: estimateGenerationMs(generationHistory(deps.journal.all()), initial.plan.billedSeconds),
        onProgress: (p) => {
          const progress = p.progress;
          if (progress === undefined) return;
          progressWrites = progressWrites.then(() => (progress === current().progress ? undefined : update({ progress }))).catch(() => undefined);
        },
      })
      .finally(() => progressWrites);
    await update({ videoURL: result.videoURL, costUsd: result.costUsd, progress: 100, generatedAt: deps.clock.now() });
  }
  cancel.throwIfCancelled();
  await update({ stage: 'downloading' });
  const bytes = await deps.inference.download(required(current().videoURL), cancel, current().taskUUID);
  const folder = await deps.host.takesFolder();
  await deps.files.ensureFolder(folder);
  const takePath = deps.files.join(folder, takeFileName(initial.sequenceName, initial.id));
  await deps.files.write(takePath, bytes);
  await update({ takePath });
}

/**
 * Review before placing: the take waits off the timeline, shown in the host's source viewer. A
 * viewer that cannot open it does not fail the paid job: the take is in and Place still works.
 */
async function reviewStep(deps: PipelineDeps, update: Update, current: Current): Promise<void> {
  const job = current();
  if (job.review === 'discarded') {
    await update({ stage: 'discarded' });
    return;
  }
  await update({ stage: 'review' });
  await deps.host.openForReview?.(required(job.takePath), BigInt(job.plan.takeSource.start)).catch(() => undefined);
}

async function placeStep(deps: PipelineDeps, cancel: CancelToken, update: Update, current: Current): Promise<void> {
  const job = current();
  const plan = loadPlan(job.plan);
  const already = await deps.host.findPlacedTake(job.sequenceId, job.id);
  if (already) {
    await update({ placed: placedRecord(already) });
    return;
  }
  // The take must have the uploaded clip's timeline, or placing it would put the wrong frames on the marks.
  const info = readMp4VideoInfo(await deps.files.read(required(job.takePath)));
  const mismatch = checkTakeTimeline(info, plan.clipFrames, plan.frameRate);
  if (mismatch) throw new RetakeError('mismatch', `${mismatch} The take is kept at ${job.takePath}; nothing was placed.`, { retryable: false });
  cancel.throwIfCancelled();
  await update({ stage: 'importing' });
  const item = await deps.host.importTake(required(job.takePath));
  await update({ stage: 'placing' });
  const placed = await deps.host.placeTake(item, {
    sequenceId: job.sequenceId,
    mode: plan.mode,
    at: plan.replaced.start,
    source: plan.takeSource,
    name: takeName(plan.mode, plan.prompt, job.id),
    jobId: job.id,
    label: takeLabel(job),
    blendFrames: job.blendFrames ?? 0,
  });
  await update({ placed: placedRecord(placed) });
}

function placedRecord(placed: PlacedTake): NonNullable<JobRecord['placed']> {
  const { name, videoTrackIndex, audioTrackIndex, at, notLabelled, blendProblem, soundProblem } = placed;
  return {
    name,
    videoTrackIndex,
    audioTrackIndex,
    at,
    ...(notLabelled?.length ? { notLabelled } : {}),
    ...(blendProblem ? { blendProblem } : {}),
    ...(soundProblem ? { soundProblem } : {}),
  };
}

/** A frame from the middle of the placed take, for its card. Best effort: a placed take never fails for want of one. */
async function thumbnailStep(deps: PipelineDeps, update: Update, current: Current): Promise<void> {
  const job = current();
  if (!deps.host.takeThumbnail || !job.placed) return;
  const { replaced } = loadPlan(job.plan);
  const url = await deps.host.takeThumbnail(job.sequenceId, replaced.start + (replaced.end - replaced.start) / 2n, job.id).catch(() => null);
  if (url) await update({ thumbnail: url });
}

function required<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new RetakeError('host', 'The job record is incomplete; it cannot continue.');
  return value;
}
