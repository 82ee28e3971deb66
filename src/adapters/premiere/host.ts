/**
 * The HostPort on Premiere Pro: the only code that touches `premierepro`. It gets the API object
 * injected (the UXP entry passes `require('premierepro')`, tests pass the fake), and every failure
 * leaves as a RetakeError ('host' or 'cancelled') with a sentence the editor can act on.
 */
import type { Clock, FileStore, HostPort } from '../../app/ports';
import { DEFAULT_EXPORT_TIMEOUT_MS, exportWindow } from './exporter';
import { importTake } from './importer';
import { ASSUMED_BEHAVIOUR, HostBehaviour } from './hostBehaviour';
import { MarkHolds } from './markHold';
import type { HostPlatform } from './nativePath';
import { readRangedMarkers } from './markers';
import { LastRead } from './marksProbe';
import { watchHostChanges } from './events';
import { findPlacedTake, placeTake, revealTake } from './placer';
import { openForReview, readClipsOver } from './review';
import { deleteTakeItems } from './takeDelete';
import { readActiveTake, removeTake, setActiveTake } from './takeSwitch';
import { asHost, hostError, requireProject } from './projectAccess';
import { readActiveSequence } from './sequenceReader';
import type { PremiereSubset } from './subset';
import { ThumbnailFolder, exportTakeThumbnail } from './thumbnail';

export interface PremiereHostDeps {
  files: FileStore;
  clock: Clock;
  /** Native path of the plugin's H.264 export preset (.epr), or a function resolving it (UXP knows the plugin folder only asynchronously). */
  exportPresetPath: string | (() => Promise<string>);
  /** The editor's chosen takes folder, or null to use the folder beside the project. */
  takesFolderOverride?: () => Promise<string | null>;
  /**
   * The plugin's own .epr, scaled from for sequences larger than 1080p and for an export too large
   * to upload (none: every export at the sequence's size, with the preset as resolved).
   */
  scaledPresetSource?: string | (() => Promise<string>);
  /** The largest export the upload takes (default: RETAKE_LIMITS.maxUploadBytes). */
  maxExportBytes?: number;
  /** Hard limit on one export, ms (default 10 minutes). */
  exportTimeoutMs?: number;
  /** The form of the paths handed to Premiere (default: '/' separators). */
  platform?: HostPlatform;
  /**
   * What this Premiere does where the docs are silent, read at every call: the measurements of a
   * stored "Check this Premiere" once there is one (default: ASSUMED_BEHAVIOUR).
   */
  behaviour?: () => HostBehaviour;
  /** Where take thumbnails are written (the plugin's data folder); none: no thumbnails. */
  thumbnailFolder?: () => Promise<ThumbnailFolder>;
}

/** Takes live in this folder beside the project file unless the editor chose another. */
export const TAKES_FOLDER_NAME = 'LTX Retakes';

export function createPremiereHost(ppro: PremiereSubset, deps: PremiereHostDeps): HostPort {
  const holds = new MarkHolds();
  const lastRead = new LastRead();
  const watches = new Set<ReturnType<typeof watchHostChanges>>();
  const platform = deps.platform ?? 'mac';
  const behaviour = deps.behaviour ?? (() => ASSUMED_BEHAVIOUR);
  const exportDeps = {
    files: deps.files,
    clock: deps.clock,
    exportPresetPath: deps.exportPresetPath,
    exportTimeoutMs: deps.exportTimeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS,
    holds,
    platform,
    scaledPresetSource: deps.scaledPresetSource,
    maxExportBytes: deps.maxExportBytes,
  };
  return {
    readSequence: () =>
      asHost('Premiere could not report the active sequence. Click the sequence in the timeline, then retry.', async () => {
        lastRead.forget();
        const snapshot = await readActiveSequence(ppro, holds, behaviour(), (sequence, read) => lastRead.remember(sequence, read));
        if (snapshot) for (const w of watches) w.tracksSeen(snapshot.id, snapshot.videoTrackCount, snapshot.audioTrackCount);
        return snapshot;
      }),
    watchChanges: (onChange) => {
      const watch = watchHostChanges(ppro, onChange);
      watches.add(watch);
      return () => {
        watches.delete(watch);
        watch.stop();
      };
    },
    probeMarks: (o) => asHost('Premiere could not report the in and out points. Retry.', () => lastRead.probe(ppro, holds, behaviour(), o)),
    readRangedMarkers: (sequenceId) =>
      asHost('Premiere could not list the sequence markers. Retry; if it persists, reopen the sequence.', () => readRangedMarkers(ppro, sequenceId, behaviour())),
    takesFolder: () => asHost('The takes folder could not be prepared. Choose a takes folder in the panel settings.', () => takesFolder(ppro, deps)),
    exportWindow: (sequenceId, window, outPath, cancel) =>
      asHost('Premiere could not export the context window. Check the disk space and that the sequence plays, then retry.', () =>
        exportWindow(ppro, exportDeps, sequenceId, window, outPath, cancel, behaviour()),
      ),
    importTake: (takePath) =>
      asHost(`Premiere could not import the take (${takePath}). Check that the file plays, then retry.`, () => importTake(ppro, deps.files, takePath, platform)),
    placeTake: (take, placement) =>
      asHost('Premiere could not place the take on the timeline. Check that the sequence is not locked, then retry.', () =>
        placeTake(ppro, take, placement, behaviour()),
      ),
    findPlacedTake: (sequenceId, jobId) =>
      asHost('Premiere could not read the timeline to look for the placed take. Retry.', () => findPlacedTake(ppro, sequenceId, jobId, behaviour())),
    revealTake: (placed) => asHost('Premiere could not select the take. Find it on the take track by its name.', () => revealTake(ppro, placed, behaviour())),
    readActiveTake: (sequenceId, range) =>
      asHost('Premiere could not read which take is playing. Retry.', () => readActiveTake(ppro, sequenceId, range, behaviour())),
    setActiveTake: (sequenceId, range, jobId) =>
      asHost('Premiere could not switch the take. Check that the take tracks are not locked, then retry.', () => setActiveTake(ppro, sequenceId, range, jobId, behaviour())),
    removeTake: (sequenceId, jobId) =>
      asHost('Premiere could not take the take off the timeline. Check that the take track is not locked, then retry.', () => removeTake(ppro, sequenceId, jobId)),
    deleteTakeItems: (takePath) => asHost('Premiere could not remove the take from the project. Remove it from the “LTX Retakes” bin by hand.', () => deleteTakeItems(ppro, takePath)),
    openForReview: (takePath, at) =>
      asHost(`Premiere could not open the take in the Source Monitor (${takePath}). Open it from the “LTX Retakes” folder by hand.`, () => openForReview(ppro, takePath, at, platform)),
    readClipsOver: (sequenceId, window) => asHost('Premiere could not read the clips under the range.', () => readClipsOver(ppro, sequenceId, window, behaviour())),
    ...(deps.thumbnailFolder ? { takeThumbnail: thumbnails(ppro, deps, deps.thumbnailFolder, behaviour, platform) } : {}),
  };
}

/** The take thumbnails, into the folder the deps name (read at each call: UXP knows the data folder only asynchronously). */
function thumbnails(
  ppro: PremiereSubset,
  deps: PremiereHostDeps,
  folder: () => Promise<ThumbnailFolder>,
  behaviour: () => HostBehaviour,
  platform: HostPlatform,
): NonNullable<HostPort['takeThumbnail']> {
  return (sequenceId, at, jobId) =>
    asHost('Premiere could not export a thumbnail of the take.', async () =>
      exportTakeThumbnail(ppro, deps.files, await folder(), sequenceId, at, jobId, behaviour(), platform),
    );
}

async function takesFolder(ppro: PremiereSubset, deps: PremiereHostDeps): Promise<string> {
  const chosen = deps.takesFolderOverride ? await deps.takesFolderOverride() : null;
  let folder: string;
  if (chosen && chosen.trim() !== '') {
    folder = chosen;
  } else {
    const project = await requireProject(ppro);
    if (!project.path) {
      throw hostError('Save the project first: takes are kept in a folder beside the project file. Or choose a takes folder in the panel settings.');
    }
    folder = deps.files.join(parentFolder(project.path), TAKES_FOLDER_NAME);
  }
  await deps.files.ensureFolder(folder);
  return folder;
}

/** The folder holding a file, for either separator (UXP gives native paths). */
export function parentFolder(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '.';
  if (cut === 0) return path.slice(0, 1);
  return path.slice(0, cut);
}
