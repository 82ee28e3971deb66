import { JobRecord, JobStage, STAGE_LABELS, isActive } from '../domain/job';

/**
 * The job's progress on stderr. On a terminal: one line redrawn in place, with the stage, the
 * time elapsed and, while generating, a bar against the time past jobs of this length took
 * (domain/polling estimateGenerationMs) or Runware's own progress when it reports one. Otherwise
 * (a pipe, a log file): a plain line per stage and a "still generating" line every 15 s.
 */
export interface ProgressOptions {
  tty: boolean;
  write: (text: string) => void;
  now: () => number;
  /** Expected generation time from past jobs, or null when there are none. */
  expectedGenerationMs: number | null;
}

export interface Progress {
  /** A new state of the job. */
  update(job: JobRecord): void;
  /** Called on a timer: redraws the bar, or says the job is still generating. */
  tick(): void;
  /** Ends the progress display (the terminal line is finished). */
  finish(): void;
}

const BAR_WIDTH = 24;
export const PLAIN_REMINDER_MS = 15_000;

export function createProgress(o: ProgressOptions): Progress {
  const started = o.now();
  let job: JobRecord | null = null;
  let stage: JobStage | null = null;
  let lastPlain = started;
  let drawn = false;

  const line = (): string => {
    if (!job || !stage) return '';
    const elapsed = clock(o.now() - started);
    if (stage !== 'generating') return `  ${STAGE_LABELS[stage]}… ${elapsed}`;
    const generating = job.submittedAt ? o.now() - job.submittedAt : 0;
    const fraction = job.progress !== undefined && job.progress > 0
      ? job.progress / 100
      : o.expectedGenerationMs ? Math.min(0.99, generating / o.expectedGenerationMs) : null;
    const expected = o.expectedGenerationMs ? `, about ${clock(o.expectedGenerationMs)} expected` : '';
    const bar = fraction === null ? '' : ` [${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] ${Math.round(fraction * 100)}%`;
    return `  Generating${bar} ${clock(generating)}${expected} (task ${job.taskUUID ?? '?'}), ${elapsed} in all`;
  };
  const draw = () => {
    o.write(`\r\x1b[2K${line()}`);
    drawn = true;
  };

  return {
    update(next) {
      job = next;
      if (!isActive(next)) return;
      const changed = next.stage !== stage;
      stage = next.stage;
      if (o.tty) draw();
      else if (changed) {
        lastPlain = o.now();
        o.write(`  ${STAGE_LABELS[next.stage]}${next.stage === 'generating' && next.taskUUID ? ` (task ${next.taskUUID})` : ''}…\n`);
      }
    },
    tick() {
      if (!job || !stage) return;
      if (o.tty) return draw();
      if (stage === 'generating' && job.submittedAt && o.now() - lastPlain >= PLAIN_REMINDER_MS) {
        lastPlain = o.now();
        const expected = o.expectedGenerationMs ? ` of about ${Math.round(o.expectedGenerationMs / 1000)} s expected` : '';
        o.write(`  still generating (${Math.round((o.now() - job.submittedAt) / 1000)} s${expected})…\n`);
      }
    },
    finish() {
      if (o.tty && drawn) o.write('\n');
    },
  };
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
