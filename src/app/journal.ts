import type { JobRecord } from '../domain/job';
import type { FileStore } from './ports';

interface JournalFile {
  version: 1;
  jobs: JobRecord[];
}

/**
 * Every job, written to disk at each step (in the plugin's data folder, or beside the CLI's
 * output), so a reload or a crash never loses a job that was paid for.
 */
export class Journal {
  private jobs = new Map<string, JobRecord>();
  private writing: Promise<void> = Promise.resolve();
  private listeners = new Set<(job: JobRecord) => void>();

  constructor(
    private readonly files: FileStore,
    readonly path: string,
  ) {}

  /** Reads the journal; an unreadable one is kept aside (never deleted) and a fresh one started. */
  async load(): Promise<JobRecord[]> {
    const text = await this.files.readText(this.path);
    this.jobs.clear();
    if (text === null) return [];
    try {
      const parsed = JSON.parse(text) as Partial<JournalFile>;
      if (parsed.version !== 1 || !Array.isArray(parsed.jobs)) throw new Error('not a journal');
      for (const job of parsed.jobs) if (job && typeof job.id === 'string' && job.plan) this.jobs.set(job.id, job);
    } catch {
      await this.files.writeText(`${this.path}.unreadable-${Date.now()}`, text);
    }
    return this.all();
  }

  all(): JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Records the job and waits until it is on disk. */
  async save(job: JobRecord): Promise<void> {
    this.jobs.set(job.id, job);
    for (const l of this.listeners) l(job);
    await this.persist();
  }

  async remove(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    for (const l of this.listeners) l(job);
    await this.persist();
  }

  private async persist(): Promise<void> {
    const snapshot: JournalFile = { version: 1, jobs: this.all() };
    // Writes are chained so an older snapshot can never land after a newer one.
    this.writing = this.writing.catch(() => undefined).then(() => this.files.writeText(this.path, JSON.stringify(snapshot, null, 1)));
    await this.writing;
  }

  /** Called with each job saved or removed. */
  subscribe(listener: (job: JobRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
