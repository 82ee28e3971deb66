import { createContext, useContext, useEffect, useState } from 'react';
import type { JobRecord } from '../domain/job';

/**
 * Where a panel outside Premiere (the demo page) gets a thumbnail's picture from: the bytes of
 * the journal's path as an image URL the page made itself (a blob: URL), with the call that frees
 * it, or null when the path is not one of its thumbnails. In Premiere there is none: the panel
 * shows its own plugin-data:/ URLs as they are.
 */
export type ThumbnailFetcher = (path: string) => Promise<{ src: string; release: () => void } | null>;
export const ThumbnailFetcherContext = createContext<ThumbnailFetcher | null>(null);

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
/** The <img> source of the job's thumbnail: its plugin-data:/ URL in Premiere, the fetcher's picture where one is given. */
function useThumbnailSrc(job: JobRecord): string | null {
  const fetcher = useContext(ThumbnailFetcherContext);
  const [fetched, setFetched] = useState<string | null>(null);
  const path = job.placed ? job.thumbnail : undefined;
  useEffect(() => {
    setFetched(null);
    if (!fetcher || !path) return undefined;
    let release: (() => void) | null = null;
    let gone = false;
    fetcher(path).then(
      (picture) => {
        if (!picture) return;
        if (gone) return picture.release();
        release = picture.release;
        setFetched(picture.src);
      },
      () => undefined, // no picture is no failure of the take: the card shows none
    );
    return () => {
      gone = true;
      release?.();
    };
  }, [fetcher, path]);
  return fetcher ? fetched : thumbnailSrc(job);
}

export function TakeThumbnail({ job }: { job: JobRecord }) {
  const src = useThumbnailSrc(job);
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
