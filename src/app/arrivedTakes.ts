import { RetakeError } from '../domain/errors';
import { canPlace, isActive } from '../domain/job';
import type { JobQueue } from './jobQueue';
import type { Journal } from './journal';
import type { FileStore, HostPort } from './ports';
import { TakeSwitcher, groupJobs } from './takeGroups';

export interface ArrivedTakesDeps {
  journal: Journal;
  queue: JobQueue;
  host: HostPort;
  /** The controller's turn on the timeline (exports and placements go one at a time). */
  hostTurn: <T>(work: () => Promise<T>) => Promise<T>;
  files: FileStore;
  takes: TakeSwitcher;
}

/**
 * What the editor does with a paid take once it is in: review it in the host's source viewer,
 * place it (no new charge), discard it (kept, placeable later), or delete it on request.
 */
export class ArrivedTakes {
  constructor(private readonly deps: ArrivedTakesDeps) {}

  /** Lays a reviewed (or discarded, or removed) take on the timeline: the normal placement, no new charge. */
  async place(jobId: string): Promise<void> {
    const job = this.deps.journal.get(jobId);
    if (!job || !canPlace(job) || this.deps.queue.isBusy(jobId)) throw new RetakeError('invalidInput', 'This take cannot be placed now: it is not in, or is being placed already.');
    await this.deps.journal.save({ ...job, stage: 'queued', ...(job.review ? { review: 'approved' as const } : {}), error: undefined });
    this.deps.queue.enqueue(jobId);
  }

  /** Leaves a take waiting for review off the timeline for good; it stays in the history and can be placed later. */
  async discard(jobId: string): Promise<void> {
    const job = this.deps.journal.get(jobId);
    if (!job || job.stage !== 'review') throw new RetakeError('invalidInput', 'Only a take waiting for review can be discarded.');
    await this.deps.journal.save({ ...job, stage: 'discarded', review: 'discarded' });
  }

  /** Whether the host can delete a take's project items (and so its file). */
  get canDeleteTakes(): boolean {
    return !!this.deps.host.deleteTakeItems;
  }

  /**
   * Deletes a take at the editor's request: off the timeline, out of the project, then the file.
   * The job stays in the history (with its ids and cost) without a take. Each step runs only once
   * the one before it held, so a refusal leaves the file where Premiere can still find it.
   */
  async deleteTake(jobId: string): Promise<void> {
    const job = this.deps.journal.get(jobId);
    const removeItems = this.deps.host.deleteTakeItems;
    if (!removeItems) throw new RetakeError('invalidInput', 'This host cannot delete takes; delete the file by hand.');
    if (!job?.takePath || isActive(job) || this.deps.queue.isBusy(jobId)) throw new RetakeError('invalidInput', 'This take cannot be deleted now: it is not in, or it is being placed.');
    const takePath = job.takePath;
    if (job.placed) {
      const group = groupJobs(this.deps.journal.all().reverse()).find((g) => g.takes.some((t) => t.id === jobId));
      if (group) await this.deps.takes.remove(group, jobId);
    }
    await this.deps.hostTurn(() => removeItems(takePath));
    await this.deps.files.remove(takePath);
    if (job.thumbnail) await this.deps.files.remove(job.thumbnail).catch(() => undefined);
    const latest = this.deps.journal.get(jobId) ?? job;
    await this.deps.journal.save({ ...latest, stage: 'done', placed: undefined, takePath: undefined, thumbnail: undefined, takeDeleted: true });
  }

  /** Whether the host can show a take for review (Premiere's Source Monitor; not a video file). */
  get canReview(): boolean {
    return !!this.deps.host.openForReview;
  }

  /** Opens a take that is in (not yet placed) in the Source Monitor again, at its regenerated part. */
  async showForReview(jobId: string): Promise<void> {
    const job = this.deps.journal.get(jobId);
    const open = this.deps.host.openForReview;
    if (!job?.takePath || !open) throw new RetakeError('invalidInput', 'This host has no source monitor to review the take in.');
    await open(job.takePath, BigInt(job.plan.takeSource.start));
  }
}
