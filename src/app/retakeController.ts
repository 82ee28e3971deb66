import { BatchConsent, BatchItem, batchConsentProblem, batchCost, planBatch } from '../domain/batch';
import { RetakeError, asRetakeError } from '../domain/errors';
import { JobRecord, canContinueWithoutCharge, isActive, loadPlan, newJob, resumesOnLoad } from '../domain/job';
import { VARIATIONS_MAX } from '../domain/limits';
import { RetakeSettings, planRetake } from '../domain/plan';
import type { CancelToken } from './cancel';
import { JobQueue, createMutex } from './jobQueue';
import { Journal } from './journal';
import type { Clock, FileStore, HostPort, InferencePort, SecretStore, SequenceSnapshot } from './ports';
import { DEFAULT_PREFERENCES, Preferences, loadPreferences, savePreferences, withPatch } from './preferences';
import { runRetakeJob } from './retakeJob';
import { Store, createStore } from './store';
import { ArrivedTakes } from './arrivedTakes';
import { TakeSwitcher } from './takeGroups';
import { sameMarkers, sameRange } from './liveRefresh';
import type { BatchState, PanelState } from './panelState';

export type { BatchState, PanelState } from './panelState';

/** How often the live refresh re-reads the sequence's clips for the cut/gap warning when nothing else changed. */
export const CLIP_READ_INTERVAL_MS = 5000;

export interface ControllerDeps {
  host: HostPort;
  files: FileStore;
  secrets: SecretStore;
  clock: Clock;
  newUUID: () => string;
  /** Builds the Runware client for a key (the key is read from secure storage for each job, never kept in state). */
  makeInference: (apiKey: string) => InferencePort;
  journalPath: string;
  preferencesPath: string;
}

/**
 * The panel's behaviour, with no React in it: reads the host, keeps the live plan, runs jobs
 * through the queue and journal, resumes unfinished jobs on load. The panel, the commands and
 * the shortcut all call this one object.
 */
export class RetakeController {
  readonly store: Store<PanelState>;
  private readonly journal: Journal;
  private readonly queue: JobQueue;
  private readonly hostTurn: <T>(work: () => Promise<T>) => Promise<T>;
  /** Exports and placements holding (or waiting for) the timeline. */
  private turnsHeld = 0;
  private readonly serialHost: HostPort;
  /** Switching between the takes of a range (the panel's take switcher). */
  readonly takes: TakeSwitcher;
  /** Takes that are in but not (or no longer) placed: review, Place, Discard, Delete. */
  readonly arrived: ArrivedTakes;
  private lastClipRead: { key: string; at: number } | null = null;

  constructor(private readonly deps: ControllerDeps) {
    this.journal = new Journal(deps.files, deps.journalPath);
    this.queue = new JobQueue((id, cancel) => this.runJob(id, cancel), (id) => this.markCancelled(id), 3);
    const h = deps.host;
    const thumbnail = h.takeThumbnail;
    const mutex = createMutex();
    this.hostTurn = (work) => {
      this.turnsHeld++;
      return mutex(work).finally(() => this.turnsHeld--);
    };
    // Exports and placements take turns on the one timeline; generation runs in parallel.
    this.serialHost = {
      ...h,
      exportWindow: (...a) => this.hostTurn(() => h.exportWindow(...a)),
      importTake: (...a) => this.hostTurn(() => h.importTake(...a)),
      placeTake: (...a) => this.hostTurn(() => h.placeTake(...a)),
      // A thumbnail is a frame export: it waits its turn like the others.
      ...(thumbnail ? { takeThumbnail: (...a: Parameters<typeof thumbnail>) => this.hostTurn(() => thumbnail(...a)) } : {}),
    };
    this.store = createStore<PanelState>({
      ready: false,
      hasApiKey: false,
      sequence: null,
      hostProblem: null,
      draft: { prompt: '', mode: 'replace_video', handleSeconds: 1, extraPlacement: 'after' },
      plan: null,
      preferences: { ...DEFAULT_PREFERENCES },
      markers: [],
      batch: { items: [], excluded: [], filterText: '', filterColor: null },
      jobs: [],
      notice: null,
      variations: 1,
      sequenceClips: null,
    });
    this.journal.subscribe(() => this.store.setState({ jobs: this.journal.all().reverse() }));
    this.takes = new TakeSwitcher({
      host: h,
      hostTurn: this.hostTurn,
      unplaced: async (jobId) => {
        const job = this.journal.get(jobId);
        if (job) await this.journal.save({ ...job, placed: undefined });
      },
    });
    this.arrived = new ArrivedTakes({ journal: this.journal, queue: this.queue, host: h, hostTurn: this.hostTurn, files: deps.files, takes: this.takes });
  }

  /** Loads preferences and the journal, reads the host, and resumes jobs that were under way or paid and failed for a passing reason. */
  async init(): Promise<void> {
    const preferences = await loadPreferences(this.deps.files, this.deps.preferencesPath);
    this.queue.concurrency = preferences.concurrency;
    const jobs = await this.journal.load();
    const hasApiKey = !!(await this.deps.secrets.getApiKey().catch(() => null));
    this.store.setState(() => ({
      preferences,
      hasApiKey,
      jobs: [...jobs].reverse(),
      draft: { prompt: preferences.lastPrompt, mode: preferences.mode, handleSeconds: preferences.handleSeconds, extraPlacement: preferences.extraPlacement },
    }));
    await this.refresh();
    this.store.setState({ ready: true });
    for (const job of jobs) if (isActive(job) || resumesOnLoad(job)) this.queue.enqueue(job.id);
  }

  /** Re-reads the sequence, marks and markers, and re-plans. Cheap: call it on a timer and on focus. */
  async refresh(): Promise<void> {
    try {
      const sequence = await this.deps.host.readSequence();
      const markers = sequence ? await this.deps.host.readRangedMarkers(sequence.id) : [];
      const sequenceClips = sequence ? await this.readSequenceClips(sequence) : null;
      this.store.setState({ sequence, markers, sequenceClips, hostProblem: sequence ? null : 'Open a sequence in the Timeline to retake part of it.' });
    } catch (e) {
      this.store.setState({ sequence: null, markers: [], sequenceClips: null, hostProblem: asRetakeError(e).message });
    }
    this.replan();
  }

  /**
   * The poll: re-reads only what no host event reports (the in/out, and with `markers` the ranged
   * markers) and, when that differs from what the panel shows, everything. Skipped while an export
   * or placement holds the timeline.
   */
  async pollMarks(o: { markers: boolean }): Promise<void> {
    if (this.hostBusy()) return;
    if (!this.deps.host.probeMarks) return this.refresh();
    const seen = await this.deps.host.probeMarks(o).catch(() => null);
    const s = this.store.getState();
    const same =
      seen !== null &&
      s.sequence !== null &&
      seen.sequenceId === s.sequence.id &&
      sameRange(seen.marks, s.sequence.marks) &&
      (!seen.markers || sameMarkers(seen.markers, s.markers));
    if (!same) await this.refresh();
  }

  /** An export or placement holds the timeline (its in/out may be the export window). */
  hostBusy(): boolean {
    return this.turnsHeld > 0;
  }

  /** Calls `onChange` when the host reports a change (events); null when it has none to report. */
  watchHost(onChange: () => void): (() => void) | null {
    return this.deps.host.watchChanges ? this.deps.host.watchChanges(onChange) : null;
  }

  setDraft(patch: Partial<RetakeSettings>): void {
    this.store.setState((s) => ({ draft: { ...s.draft, ...patch } }));
    this.replan();
  }

  /** Retake x N (clamped to 1-4). */
  setVariations(count: number): void {
    this.store.setState({ variations: Math.min(VARIATIONS_MAX, Math.max(1, Math.round(count) || 1)) });
  }

  async setPreferences(patch: Partial<Preferences>): Promise<void> {
    const preferences = withPatch(this.store.getState().preferences, patch);
    this.queue.concurrency = preferences.concurrency;
    this.store.setState({ preferences });
    await savePreferences(this.deps.files, this.deps.preferencesPath, preferences);
  }

  /** Why Retake is disabled, as a sentence, or null when it can run. */
  retakeBlocker(): string | null {
    const s = this.store.getState();
    if (!s.ready) return 'Loading…';
    if (!s.hasApiKey) return 'Add your Runware API key in Settings to retake.';
    if (s.hostProblem) return s.hostProblem;
    if (!s.plan) return 'Reading the sequence…';
    if (!s.plan.ok) return s.plan.reason;
    const dup = this.activeJobFor(s.sequence?.id ?? '', s.plan.plan.replaced.start, s.plan.plan.replaced.end);
    if (dup) return `This range is already being retaken (job ${dup.id}).`;
    return null;
  }

  /** Retakes the marked range once with the current prompt and mode (the menu command and the tests). */
  async retakeMarked(): Promise<JobRecord> {
    return (await this.retakeVariations(1))[0];
  }

  /**
   * Retake x N: N takes of the same plan, one after the other into the same group. Each is its own
   * job with its own taskUUID (one request each), so each is journalled, billed, resumed and
   * placed alone. One request with numberResults=N is not used: the SDKs say the N results of a
   * task come back under its one taskUUID (runware-typescript src/client.ts executeRest) but
   * document no per-result index, cost or failure for video, and the stand-in follows the
   * model's published parameter list, which takes one result.
   */
  async retakeVariations(count: number): Promise<JobRecord[]> {
    if (!Number.isInteger(count) || count < 1 || count > VARIATIONS_MAX) throw new RetakeError('invalidInput', `Choose 1 to ${VARIATIONS_MAX} takes.`);
    await this.refresh();
    const blocker = this.retakeBlocker();
    const s = this.store.getState();
    if (blocker || !s.plan?.ok || !s.sequence) throw new RetakeError('invalidInput', blocker ?? 'Nothing to retake.');
    const started: JobRecord[] = [];
    for (let i = 0; i < count; i++) started.push(await this.startJob(s.sequence, { kind: 'marks' }, s.plan.plan));
    await this.setPreferences({ lastPrompt: s.draft.prompt });
    return started;
  }

  // ---- Batch over ranged markers ----

  setBatchFilter(patch: Partial<Pick<BatchState, 'filterText' | 'filterColor'>>): void {
    this.store.setState((s) => ({ batch: { ...s.batch, ...patch } }));
  }

  toggleBatchItem(markerId: string, included: boolean): void {
    this.store.setState((s) => {
      const excluded = s.batch.excluded.filter((id) => id !== markerId);
      return { batch: { ...s.batch, excluded: included ? excluded : [...excluded, markerId] } };
    });
  }

  /** The rows that pass the filter, and of those the ones ticked and valid. */
  batchSelection(): { visible: BatchItem[]; runnable: BatchItem[]; totalUsd: number; blocker: string | null } {
    const s = this.store.getState();
    const text = s.batch.filterText.trim().toLowerCase();
    const visible = s.batch.items.filter(
      (i) => (s.batch.filterColor === null || i.colorIndex === s.batch.filterColor) && (!text || i.markerName.toLowerCase().includes(text) || i.prompt.toLowerCase().includes(text)),
    );
    const runnable = visible.filter((i) => i.plan.ok && !s.batch.excluded.includes(i.markerId));
    const totalUsd = batchCost(runnable);
    const cap = s.preferences.spendingCapUsd;
    let blocker: string | null = null;
    if (!s.hasApiKey) blocker = 'Add your Runware API key in Settings to run a batch.';
    else if (s.markers.length === 0) blocker = 'No ranged markers on this sequence. Add markers with a duration over the parts to retake.';
    else if (runnable.length === 0) blocker = 'No valid marker is selected.';
    else if (cap !== null && totalUsd > cap) blocker = `The batch is estimated at $${totalUsd.toFixed(2)}, over your $${cap.toFixed(2)} cap. Untick some markers or raise the cap in Settings.`;
    return { visible, runnable, totalUsd, blocker };
  }

  /** Starts every runnable row, at the total the editor confirmed or within the cap (see BatchConsent). */
  async runBatch(consent: BatchConsent): Promise<JobRecord[]> {
    await this.refresh();
    const { runnable, blocker, totalUsd } = this.batchSelection();
    const { sequence, preferences } = this.store.getState();
    const refusal = blocker ?? batchConsentProblem(consent, totalUsd, preferences.spendingCapUsd, runnable.length);
    if (refusal || !sequence) throw new RetakeError('invalidInput', refusal ?? 'Open a sequence first.');
    const started: JobRecord[] = [];
    for (const item of runnable) {
      if (!item.plan.ok) continue;
      if (this.activeJobFor(sequence.id, item.plan.plan.replaced.start, item.plan.plan.replaced.end)) continue;
      started.push(await this.startJob(sequence, { kind: 'marker', markerId: item.markerId, markerName: item.markerName }, item.plan.plan));
    }
    return started;
  }

  // ---- Jobs ----

  async cancel(jobId: string): Promise<void> {
    await this.queue.cancel(jobId);
  }

  async cancelAll(): Promise<void> {
    await this.queue.cancelAll();
  }

  /** Continues a failed or stopped job from where it stopped, without a new charge. */
  retry(jobId: string): void {
    const job = this.journal.get(jobId);
    if (!job || !canContinueWithoutCharge(job)) throw new RetakeError('invalidInput', 'This job cannot be continued; run its prompt again instead (a new charge).');
    this.queue.enqueue(jobId);
  }

  /** Runs a past job's prompt and mode again on the same range: a new job and a new charge. */
  async rerun(jobId: string, prompt?: string): Promise<JobRecord> {
    const job = this.journal.get(jobId);
    const sequence = this.store.getState().sequence;
    if (!job) throw new RetakeError('invalidInput', 'That job is no longer in the history.');
    if (!sequence || sequence.id !== job.sequenceId) throw new RetakeError('invalidInput', `Open the sequence "${job.sequenceName}" to run this take again.`);
    const plan = loadPlan(job.plan);
    const replanned = planRetake(plan.marked, sequence.timing, { mode: plan.mode, prompt: prompt ?? plan.prompt, handleSeconds: this.store.getState().draft.handleSeconds, extraPlacement: this.store.getState().draft.extraPlacement });
    if (!replanned.ok) throw new RetakeError('invalidInput', replanned.reason);
    return this.startJob(sequence, job.origin, replanned.plan);
  }

  async reveal(jobId: string): Promise<void> {
    const job = this.journal.get(jobId);
    if (!job?.placed) return;
    await this.deps.host.revealTake({ sequenceId: job.sequenceId, ...job.placed }).catch((e: unknown) => this.notify('error', asRetakeError(e).message));
  }

  /** Removes a finished job from the history (its take stays on disk and on the timeline). */
  async forget(jobId: string): Promise<void> {
    const job = this.journal.get(jobId);
    if (job && !isActive(job) && !this.queue.isBusy(jobId)) await this.journal.remove(jobId);
  }

  whenIdle(): Promise<void> {
    return this.queue.onIdle();
  }

  // ---- API key ----

  async setApiKey(key: string): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) return this.notify('error', 'Paste a Runware API key first.');
    await this.deps.secrets.setApiKey(trimmed);
    this.store.setState({ hasApiKey: true });
    this.notify('info', 'API key saved in secure storage.');
    this.replan();
  }

  async clearApiKey(): Promise<void> {
    await this.deps.secrets.clearApiKey();
    this.store.setState({ hasApiKey: false });
    this.notify('info', 'API key removed.');
  }

  dismissNotice(): void {
    this.store.setState({ notice: null });
  }

  // ---- internals ----

  /** Shows a sentence in the panel's notice banner. */
  notify(kind: 'error' | 'info', text: string): void {
    this.store.setState({ notice: { kind, text } });
  }

  private replan(): void {
    const s = this.store.getState();
    const plan = s.sequence ? planRetake(s.sequence.marks, s.sequence.timing, s.draft) : null;
    const items = s.sequence ? planBatch(s.markers, s.sequence.timing, s.draft) : [];
    this.store.setState({ plan, batch: { ...s.batch, items } });
  }

  /**
   * The whole sequence's clips, read with the marks: every window (the plan's, each batch row's)
   * is checked against them for cuts and gaps. A failed read only loses the warning.
   */
  private async readSequenceClips(sequence: SequenceSnapshot): Promise<PanelState['sequenceClips']> {
    const read = this.deps.host.readClipsOver;
    if (!read) return null;
    // Reading every track item is the dearest read of a refresh: again at once when the sequence,
    // its length or the marks change, else at most every CLIP_READ_INTERVAL_MS.
    const key = `${sequence.id}|${sequence.timing.end}|${sequence.marks?.start}|${sequence.marks?.end}`;
    const now = this.deps.clock.now();
    const cached = this.store.getState().sequenceClips;
    if (cached && this.lastClipRead?.key === key && now - this.lastClipRead.at < CLIP_READ_INTERVAL_MS) return cached;
    const clips = await read(sequence.id, { start: 0n, end: sequence.timing.end }).catch(() => null);
    this.lastClipRead = { key, at: now };
    return clips ? { sequenceId: sequence.id, clips } : null;
  }

  private activeJobFor(sequenceId: string, start: bigint, end: bigint): JobRecord | undefined {
    return this.journal
      .all()
      .find((j) => isActive(j) && j.sequenceId === sequenceId && BigInt(j.plan.replaced.start) < end && BigInt(j.plan.replaced.end) > start);
  }

  private async startJob(sequence: SequenceSnapshot, origin: JobRecord['origin'], plan: Parameters<typeof newJob>[0]['plan']): Promise<JobRecord> {
    // Where the take will be kept is settled before anything is spent (an unsaved project has no folder).
    await this.deps.host.takesFolder();
    const { reviewBeforePlacing: review, blendFrames } = this.store.getState().preferences;
    const job = newJob({ id: this.deps.newUUID().slice(0, 8), now: new Date(this.deps.clock.now()), sequenceId: sequence.id, sequenceName: sequence.name, origin, plan, review, blendFrames });
    await this.journal.save(job);
    this.queue.enqueue(job.id);
    return job;
  }

  private async runJob(jobId: string, cancel: CancelToken): Promise<JobRecord> {
    const apiKey = await this.deps.secrets.getApiKey().catch(() => null);
    if (!apiKey) {
      const job = this.journal.get(jobId) as JobRecord;
      const failed: JobRecord = { ...job, stage: 'failed', error: { category: 'auth', message: 'No Runware API key: add it in Settings, then retry this job.', retryable: true, stage: job.stage } };
      await this.journal.save(failed);
      this.store.setState({ hasApiKey: false });
      return failed;
    }
    return runRetakeJob(
      jobId,
      { host: this.serialHost, inference: this.deps.makeInference(apiKey), files: this.deps.files, journal: this.journal, clock: this.deps.clock, newUUID: this.deps.newUUID },
      cancel,
    );
  }

  private async markCancelled(jobId: string): Promise<void> {
    const job = this.journal.get(jobId);
    if (job && isActive(job)) await this.journal.save({ ...job, stage: job.acknowledged ? 'stopped' : 'cancelled' });
  }
}
