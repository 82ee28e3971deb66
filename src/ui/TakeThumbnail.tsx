import type { JobRecord } from '../domain/job';

/**
 * The panel shows images from its own data folder only: a thumbnail URL read from the journal
 * that points anywhere else (file:, http:, a path climbing out with ..) is not shown.
 */
export function thumbnailSrc(job: JobRecord): string | null {
  const url = job.thumbnail;
  if (!url || !url.startsWith('plugin-data:/') || /(^|[\\/])\.\.([\\/]|$)/.test(url)) return null;
  return url;
}

/** A frame of the take once it is placed; for a take waiting for review, where to look at it instead. */
export function TakeThumbnail({ job }: { job: JobRecord }) {
  const src = thumbnailSrc(job);
  if (src && job.placed) {
    return <img className="ltx-take-thumbnail" data-testid="job-thumbnail" src={src} alt={`A frame of the take “${job.plan.prompt}”`} width={160} />;
  }
  if (job.stage === 'review' || job.stage === 'discarded') {
    return (
      <p className="ltx-hint" data-testid="job-thumbnail-later">
        A thumbnail comes once the take is placed: Premiere exports frames of sequences only.
      </p>
    );
  }
  return null;
}

const MISSING_TEXT: Record<'marker' | 'metadata', string> = {
  marker: 'its clip marker and colour label',
  metadata: 'its LTX fields in the Project panel metadata',
};

/** What Premiere did not take of a placed take's labels; the take itself is placed and paid for either way. */
export function LabelsNotWritten({ job }: { job: JobRecord }) {
  const missing = job.placed?.notLabelled ?? [];
  if (missing.length === 0) return null;
  return (
    <p className="ltx-warning-text" data-testid="job-not-labelled">
      The take is placed, but Premiere did not write {missing.map((m) => MISSING_TEXT[m]).join(' or ')}. Its prompt, cost and ids are in Details.
    </p>
  );
}
