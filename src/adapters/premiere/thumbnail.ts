/**
 * A thumbnail of a placed take: one frame of the sequence where the take plays, written by
 * Premiere (Exporter.exportSequenceFrame) into the plugin's data folder, where the panel's <img>
 * reads it (UXP's `plugin-data:/` scheme needs no permission beyond the plugin's own). A take under
 * review has no thumbnail: Premiere exports frames of sequences only, and the take is in none.
 */
import type { FileStore } from '../../app/ports';
import type { Ticks } from '../../domain/time';
import type { HostBehaviour } from './hostBehaviour';
import { HostPlatform, premierePath } from './nativePath';
import { requireProject, requireSequence } from './projectAccess';
import type { PremiereSubset } from './subset';
import { timelineToPremiere, ticksOf } from './timeConvention';

/** The folder thumbnails go to, as Premiere is given it (native) and as the panel reads it (a plugin-data:/ URL). */
export interface ThumbnailFolder {
  native: string;
  url: string;
}

export const THUMBNAIL_WIDTH = 320;

/**
 * Unconfirmed: the file exportSequenceFrame writes. Adobe's sample says "output.png" becomes
 * "output.png.png"; the reference's example gives a plain name. Both are looked for, in that order.
 */
export function frameFileCandidates(fileName: string): string[] {
  const ext = fileName.slice(fileName.lastIndexOf('.'));
  return [`${fileName}${ext}`, fileName];
}

/** The directory as exportSequenceFrame takes it: with a trailing separator, as Adobe's reference gives it ('C:/temp/'). */
export function frameDirectory(nativeFolder: string, platform: HostPlatform): string {
  return premierePath(`${nativeFolder.replace(/[\\/]+$/, '')}/`, platform);
}

/** The frame at `at` (ticks from the timeline start) as a PNG named after the job; its URL, or null when Premiere wrote none. */
export async function exportTakeThumbnail(
  ppro: PremiereSubset,
  files: FileStore,
  folder: ThumbnailFolder,
  sequenceId: string,
  at: Ticks,
  jobId: string,
  behaviour: HostBehaviour,
  platform: HostPlatform,
): Promise<string | null> {
  if (!/^[\w-]+$/.test(jobId)) return null; // the name goes into a path
  const sequence = await requireSequence(await requireProject(ppro), sequenceId);
  const size = await sequence.getFrameSize();
  const height = Math.max(1, Math.round((THUMBNAIL_WIDTH * size.height) / Math.max(1, size.width)));
  const fileName = `take-${jobId}.png`;
  await files.ensureFolder(folder.url);
  const candidates = frameFileCandidates(fileName).map((name) => files.join(folder.url, name));
  for (const c of candidates) await files.remove(c); // never show the frame of an earlier attempt
  const time = ppro.TickTime.createWithTicks(timelineToPremiere(at, ticksOf(await sequence.getZeroPoint()), behaviour.timesIncludeZeroPoint).toString());
  const written = await ppro.Exporter.exportSequenceFrame(sequence, time, fileName, frameDirectory(folder.native, platform), THUMBNAIL_WIDTH, height);
  if (!written) return null;
  for (const c of candidates) if (await files.exists(c)) return c;
  return null;
}
