import type { JobRecord } from './job';
import { MODE_LABELS } from './limits';

/** One fact about a take, as the clip marker's comment and the Project panel's metadata show it. */
export interface TakeField {
  /** Stable key: the metadata property is named after it. */
  key: 'prompt' | 'mode' | 'cost' | 'job' | 'task' | 'date';
  label: string;
  value: string;
}

export interface TakeLabel {
  name: string;
  comments: string;
  fields: TakeField[];
}

/** What a take is and what it cost, field by field (the Runware task only once it is known). */
export function takeFields(job: JobRecord): TakeField[] {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const cost = job.costUsd !== undefined ? `${usd(job.costUsd)} charged` : `${usd(job.plan.estimatedCostUsd)} estimated`;
  return [
    { key: 'prompt', label: 'Prompt', value: job.plan.prompt },
    { key: 'mode', label: 'Mode', value: MODE_LABELS[job.plan.mode] },
    { key: 'cost', label: 'Cost', value: cost },
    { key: 'job', label: 'Job', value: job.id },
    ...(job.taskUUID ? [{ key: 'task' as const, label: 'Runware task', value: job.taskUUID }] : []),
    { key: 'date', label: 'Date', value: job.createdAt },
  ];
}

/**
 * The marker a placed take carries on its clip: named after the job, its comment saying what the
 * take is and what it cost, so a clip in the project stays traceable to its Runware task. The same
 * fields go into the take's project metadata.
 */
export function takeLabel(job: JobRecord): TakeLabel {
  const fields = takeFields(job);
  return { name: `LTX Retake [${job.id}]`, comments: fields.map((f) => `${f.label}: ${f.value}`).join('\n'), fields };
}
