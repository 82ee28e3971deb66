import type { ErrorCategory } from './errors';
import type { RetakeMode } from './limits';
import type { RetakePlan } from './plan';
import type { FrameRate, TickRange } from './time';

/**
 * A retake job as the journal keeps it. Progress is recorded as facts (mediaUUID, taskUUID,
 * acknowledged, videoURL, takePath, placed), each written once, so resuming is "do the first step
 * whose fact is missing" and nothing paid for is ever done twice.
 */
export type JobStage =
  | 'queued'
  | 'exporting'
  | 'uploading'
  | 'submitting'
  | 'generating'
  | 'downloading'
  | 'importing'
  | 'placing'
  | 'review' // the take is in, waiting for the editor's Place or Discard (review before placing)
  | 'discarded' // the editor discarded the take: kept in the history, it can still be placed
  | 'done'
  | 'failed'
  | 'cancelled' // stopped before submit: nothing billed
  | 'stopped'; // stopped following after submit: still running and billed on Runware, resumable

export const STAGE_LABELS: Record<JobStage, string> = {
  queued: 'Queued',
  exporting: 'Exporting the range',
  uploading: 'Uploading',
  submitting: 'Submitting',
  generating: 'Generating',
  downloading: 'Downloading the take',
  importing: 'Importing',
  placing: 'Placing on the timeline',
  review: 'Ready to place',
  discarded: 'Discarded',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  stopped: 'Stopped following',
};

/** A plan with ticks as decimal strings, so it survives JSON. */
export type StoredRange = { start: string; end: string };
export interface StoredPlan extends Omit<RetakePlan, 'zeroPoint' | 'marked' | 'replaced' | 'window' | 'takeSource'> {
  zeroPoint: string;
  marked: StoredRange;
  replaced: StoredRange;
  window: StoredRange;
  takeSource: StoredRange;
}

/**
 * Review before placing: `pending` holds the finished take off the timeline until the editor
 * places it (`approved`) or discards it (`discarded`, placeable later). Absent: placed on arrival.
 */
export type ReviewState = 'pending' | 'approved' | 'discarded';
export const REVIEW_STATES: readonly ReviewState[] = ['pending', 'approved', 'discarded'];

export type JobOrigin = { kind: 'marks' } | { kind: 'marker'; markerId: string; markerName: string };

export interface JobError {
  category: ErrorCategory;
  message: string;
  retryable: boolean;
  /** The stage the job was in when it failed. */
  stage: JobStage;
}

export interface JobRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  sequenceId: string;
  sequenceName: string;
  origin: JobOrigin;
  plan: StoredPlan;
  stage: JobStage;
  mediaUUID?: string;
  taskUUID?: string;
  /** Runware acknowledged the submit: from here on the job is billed whatever happens. */
  acknowledged?: boolean;
  submittedAt?: number;
  /** When Runware reported the take ready (epoch ms): how long generation took, to pace later polls. */
  generatedAt?: number;
  progress?: number;
  videoURL?: string;
  costUsd?: number;
  takePath?: string;
  /** The export preset the context window was rendered with (absent in journals written before it was kept). */
  exportPreset?: string;
  placed?: {
    name: string;
    videoTrackIndex: number | null;
    audioTrackIndex: number | null;
    at: string;
    /** What Premiere did not take of the take's labels: its clip marker (and colour label), its project metadata. */
    notLabelled?: Array<'marker' | 'metadata'>;
    /** Why the take has hard cuts although a blend at cuts was asked for (Premiere refused the dissolves). */
    blendProblem?: string;
    /** Why the original sound still plays under the take's (Premiere refused to split or silence it). */
    soundProblem?: string;
  };
  /** Blend at cuts as it was set when the job started: cross-dissolve frames at each edge of the picture (absent = 0). */
  blendFrames?: number;
  /** A frame of the placed take, where the panel may read it (plugin-data:/ in Premiere). */
  thumbnail?: string;
  /** Set when the job was started with review before placing on, or when its take was held (heldBecause). */
  review?: ReviewState;
  /** The clips under the export window when it was exported (timelineUnder.ts), compared before placing. */
  clipsUnder?: string[];
  /** Why the take waits for review although review was not asked for (the timeline changed under it). */
  heldBecause?: string;
  /** The editor deleted the take (file and project items) from the panel. */
  takeDeleted?: boolean;
  error?: JobError;
}

const storeRange = (r: TickRange): StoredRange => ({ start: r.start.toString(), end: r.end.toString() });
const loadRange = (r: StoredRange): TickRange => ({ start: BigInt(r.start), end: BigInt(r.end) });

export function storePlan(plan: RetakePlan): StoredPlan {
  return {
    ...plan,
    frameRate: { ...plan.frameRate },
    zeroPoint: plan.zeroPoint.toString(),
    marked: storeRange(plan.marked),
    replaced: storeRange(plan.replaced),
    window: storeRange(plan.window),
    takeSource: storeRange(plan.takeSource),
  };
}

export function loadPlan(plan: StoredPlan): RetakePlan {
  return {
    ...plan,
    frameRate: { ...plan.frameRate } as FrameRate,
    zeroPoint: BigInt(plan.zeroPoint),
    marked: loadRange(plan.marked),
    replaced: loadRange(plan.replaced),
    window: loadRange(plan.window),
    takeSource: loadRange(plan.takeSource),
  };
}

export function isActive(job: JobRecord): boolean {
  return !['done', 'failed', 'cancelled', 'stopped', 'review', 'discarded'].includes(job.stage);
}

/** The take is in and held for the editor's decision: nothing on the timeline until Place. */
export function holdsForReview(job: JobRecord): boolean {
  return !job.placed && (job.review === 'pending' || job.review === 'discarded');
}

/** A paid take that is in but not on the timeline: Place lays it down (no new charge). */
export function canPlace(job: JobRecord): boolean {
  return !!job.takePath && !job.placed && (job.stage === 'review' || job.stage === 'discarded' || job.stage === 'done');
}

/** Whether Runware holds a billed task for this job (so it must never be lost or re-submitted silently). */
export function isPaidFor(job: JobRecord): boolean {
  return job.acknowledged === true;
}

/**
 * Whether Runware may hold a task for this job although it never acknowledged one: a submit was
 * sent (or was about to be) and its answer never came. Running the job again asks Runware first.
 */
export function mayBeHeld(job: JobRecord): boolean {
  return job.taskUUID !== undefined && !isPaidFor(job);
}

/**
 * Whether running the job again continues it without a new charge: it was paid for and its
 * result may still be fetched and placed. A generation failure, and a job or take Runware no
 * longer has, cannot be continued, only resubmitted.
 */
export function canContinueWithoutCharge(job: JobRecord): boolean {
  if (job.stage === 'done' || job.stage === 'review' || job.stage === 'discarded') return false; // Place is their action
  if (!isPaidFor(job)) return true; // nothing billed yet: continuing costs only what it would have
  const failure = job.error?.category;
  if (failure === 'notFound' && !job.error?.retryable) return false;
  return failure !== 'provider' && failure !== 'safety';
}

/**
 * A paid job that failed for a passing reason (the network, Runware's servers, a time limit) before
 * its take was in: continued when the panel loads, at no charge, so a walk-away batch whose network
 * dropped fetches its paid takes without a press of Resume. After the take is in, placing waits
 * for the editor (a failed placement may be a locked or changing sequence).
 */
export function resumesOnLoad(job: JobRecord): boolean {
  return job.stage === 'failed' && isPaidFor(job) && !job.takePath && job.error?.retryable === true && canContinueWithoutCharge(job);
}

/** A short, traceable clip name: mode, prompt excerpt and job id. */
export function takeName(mode: RetakeMode, prompt: string, jobId: string): string {
  const modeShort = mode === 'replace_video' ? 'V' : mode === 'replace_audio' ? 'A' : 'AV';
  const excerpt = prompt.length > 32 ? `${prompt.slice(0, 31).trimEnd()}…` : prompt;
  return `LTX ${modeShort} "${excerpt}" [${jobId}]`;
}

/** Whether a clip name is one takeName made (so a take is recognised on the timeline). */
export function isTakeName(name: string): boolean {
  return /^LTX (V|A|AV) ".*" \[[^\]]+\]$/s.test(name);
}

/** The job id a take name carries, or null. */
export function jobIdOfTakeName(name: string): string | null {
  return isTakeName(name) ? (/\[([^\]]+)\]$/.exec(name)?.[1] ?? null) : null;
}

/** The take's file name: no characters that any file system refuses. */
export function takeFileName(sequenceName: string, jobId: string): string {
  const safe = sequenceName.replace(/[^A-Za-z0-9._ -]+/g, '_').trim().slice(0, 40) || 'sequence';
  return `${safe} retake ${jobId}.mp4`;
}

/** A new job for a plan, not yet started. */
export function newJob(args: { id: string; now: Date; sequenceId: string; sequenceName: string; origin: JobOrigin; plan: RetakePlan; review?: boolean; blendFrames?: number }): JobRecord {
  const at = args.now.toISOString();
  return {
    id: args.id,
    createdAt: at,
    updatedAt: at,
    sequenceId: args.sequenceId,
    sequenceName: args.sequenceName,
    origin: args.origin,
    plan: storePlan(args.plan),
    stage: 'queued',
    ...(args.review ? { review: 'pending' as const } : {}),
    ...(args.blendFrames ? { blendFrames: args.blendFrames } : {}),
  };
}
