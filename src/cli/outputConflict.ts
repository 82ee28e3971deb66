import type { JobRecord } from '../domain/job';

/**
 * What the command says about a file at the output it may not replace (no --overwrite). The
 * journal is kept per output, so "another --output" is offered only while nothing is paid for:
 * with another name the paid takes would not be found, and the retake would be paid again.
 */

/** Refused before anything is uploaded: a file is at the output. `paid` are this request's paid jobs in the journal. */
export function outputExistsSentence(output: string, paid: JobRecord[]): string {
  if (!paid.length) return `${output} already exists; pass --overwrite to replace it (or choose another --output). Nothing was uploaded.`;
  return `${output} already exists; pass --overwrite to replace it, or move it away and run the same command again: ${paidWords(paid)}, and finishing costs nothing more. Nothing was uploaded.`;
}

/** Refused at the end: a file appeared at the output while the retake ran. `jobs` are the paid jobs whose takes it was to hold. */
export function outputAppearedSentence(output: string, jobs: JobRecord[]): string {
  return `${output} appeared while the retake ran, so nothing was overwritten; ${paidWords(jobs)}: run the same command again with --overwrite to replace that file (or move it away first), and it is finished at no new charge.`;
}

/** The paid jobs and where their takes are, as the journal says. */
function paidWords(jobs: JobRecord[]): string {
  if (jobs.length > 1) return `tasks ${jobs.map((j) => j.taskUUID).join(', ')} are paid for and the journal beside the output keeps them`;
  const [job] = jobs;
  return `task ${job.taskUUID} is paid for and ${job.takePath ? `its take is kept at ${job.takePath}` : 'the journal beside the output keeps it'}`;
}

/**
 * Whether the file at the output may be this job's own: it got as far as writing the output, and
 * no run of it has since been refused or failed putting the output in place (a run killed right
 * after writing the output leaves this; one refused because a file appeared there leaves an error).
 */
export function mayHaveWrittenOutput(job: JobRecord): boolean {
  return job.takePath !== undefined && job.error?.stage !== 'placing';
}
