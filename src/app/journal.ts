import { RetakeError, asRetakeError } from '../domain/errors';
import type { JobRecord } from '../domain/job';
import { jobShapeProblem } from './journalShape';
import type { FileStore } from './ports';

interface JournalFile {
  version: 1;
  jobs: JobRecord[];
}

/**
 * Where the plugin's FileStore writes a file's next version before renaming it over the file (its
 * data folder is the plugin's own): on load, a journal found only there is the newest complete
 * one. The Node store never writes a guessable name beside a file (another local process could
 * plant a link there); its rename replaces the file in one step, so it needs no recovery.
 */
export function pendingPathOf(path: string): string {
  return `${path}.tmp`;
}

/**
 * Every job, written to disk at each step (in the plugin's data folder, or beside the CLI's
 * output), so a reload or a crash never loses a job that was paid for.
 */
export class Journal {
  private jobs = new Map<string, JobRecord>();
  private writing: Promise<void> = Promise.resolve();
  private listeners = new Set<(job: JobRecord) => void>();
  /** Sentences about what the last load() recovered or set aside; empty when the file was clean. */
  notices: string[] = [];

  constructor(
    private readonly files: FileStore,
    readonly path: string,
  ) {}

  /**
   * Reads the journal. Nothing read is ever deleted: a file that is not a journal is copied aside
   * whole and a fresh one started; a single malformed job is copied aside and the others kept.
   */
  async load(): Promise<JobRecord[]> {
    this.jobs.clear();
    this.notices = [];
    let text = await this.files.readText(this.path);
    if (text === null) {
      // A crash between writing the next version and renaming it over the journal.
      text = await this.files.readText(pendingPathOf(this.path));
      if (text === null) return [];
      this.notices.push(`The job journal ${this.path} was recovered from its last complete write.`);
    }
    const stamp = Date.now();
    let parsed: Partial<JournalFile> | null = null;
    try {
      parsed = JSON.parse(text) as Partial<JournalFile>;
    } catch {
      parsed = null;
    }
    if (!parsed || typeof parsed !== 'object' || parsed.version !== 1 || !Array.isArray(parsed.jobs)) {
      const aside = `${this.path}.unreadable-${stamp}`;
      await this.files.writeText(aside, text);
      this.notices.push(`The job journal ${this.path} could not be read; it was kept as ${aside} and a new one started.`);
      return [];
    }
    const setAside: unknown[] = [];
    parsed.jobs.forEach((job: unknown, index) => {
      const problem = jobShapeProblem(job);
      if (problem === null) {
        this.jobs.set((job as JobRecord).id, job as JobRecord);
        return;
      }
      setAside.push(job);
      const id = typeof (job as { id?: unknown })?.id === 'string' ? `Job ${(job as { id: string }).id}` : `Entry ${index + 1}`;
      this.notices.push(`${id} in the job journal could not be read (${problem}); it was set aside in ${this.path}.set-aside-${stamp}.`);
    });
    if (setAside.length) await this.files.writeText(`${this.path}.set-aside-${stamp}`, JSON.stringify(setAside, null, 1));
    return this.all();
  }

  all(): JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /**
   * Records the job and waits until it is on disk. A failed write rejects with a sentence that
   * names the job's taskUUID when Runware holds it, so a paid job is never lost silently.
   */
  async save(job: JobRecord): Promise<void> {
    this.jobs.set(job.id, job);
    for (const l of this.listeners) l(job);
    await this.persist(job);
  }

  async remove(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    for (const l of this.listeners) l(job);
    await this.persist(job);
  }

  private async persist(job: JobRecord): Promise<void> {
    const snapshot: JournalFile = { version: 1, jobs: this.all() };
    // Writes are chained so an older snapshot can never land after a newer one.
    const write = this.writing.catch(() => undefined).then(() => this.files.writeText(this.path, JSON.stringify(snapshot, null, 1)));
    this.writing = write;
    try {
      await write;
    } catch (e) {
      const paid = job.acknowledged && job.taskUUID ? ` Task ${job.taskUUID} is paid for on Runware; keep its id to fetch the result.` : '';
      throw new RetakeError('host', `Could not write the job journal ${this.path} (${asRetakeError(e).message}).${paid}`, { cause: e });
    }
  }

  /** Called with each job saved or removed. */
  subscribe(listener: (job: JobRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
