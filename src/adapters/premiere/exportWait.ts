/**
 * Starts an IMMEDIATELY export and waits until the file is a complete MP4 of the window's length.
 *
 * Signals, none trusted alone: the returned promise (seen to stay pending on 26.3.2), the global
 * EXPORT_MEDIA_COMPLETE event (global: any export's completion arrives, and it carries only a
 * state, no path), and the file itself. The promise and the event only say "look now"; the file
 * decides. A failure is the promise saying so, a file of the wrong length, or the time limit: an
 * event about some other export can never fail this one.
 */
import type { CancelToken } from '../../app/cancel';
import type { Clock, FileStore } from '../../app/ports';
import { RetakeError } from '../../domain/errors';
import type { FrameRate, Ticks } from '../../domain/time';
import { checkExportedFile } from './exportCheck';
import { HostPlatform, premierePath } from './nativePath';
import { hostError } from './projectAccess';
import type { PSequence, PremiereSubset } from './subset';

/** How often the output file is checked while waiting, ms. */
export const EXPORT_POLL_MS = 500;

/**
 * Unconfirmed: exportSequence(..., exportFull=false) exports the sequence in/out range (reported,
 * not documented). The window is set as the in/out just before, so true would export everything.
 * The file-length check catches the other behaviour; "Check this Premiere" measures which value
 * exports the in/out, and the host then passes that (HostBehaviour.exportFullForInOut).
 */
export const EXPORT_FULL = false;

export interface ExportJob {
  sequence: PSequence;
  /** As the FileStore names it; handed to Premiere in the platform's form. */
  outPath: string;
  presetPath: string;
  platform: HostPlatform;
  windowTicks: Ticks;
  rate: FrameRate;
  timeoutMs: number;
  /** The exportFull argument that exports the in/out range on this Premiere. */
  exportFull: boolean;
}

export async function exportAndWait(ppro: PremiereSubset, files: FileStore, clock: Clock, job: ExportJob, cancel: CancelToken): Promise<void> {
  const deadline = clock.now() + job.timeoutMs;
  let lookNow = false;
  let failure: RetakeError | null = null;
  let settled = false;

  const eventName = ppro.Constants.OperationCompleteEvent.EXPORT_MEDIA_COMPLETE;
  // Whatever its state (Constants.OperationCompleteState or OperationCompleteEvent.OPERATION_STATE_*),
  // it may be another export's: only the file can say this one is done.
  const onComplete = () => {
    if (!settled) lookNow = true;
  };
  ppro.EventManager.addGlobalEventListener(eventName, onComplete);
  try {
    let started: Promise<boolean>;
    try {
      started = Promise.resolve(
        ppro.EncoderManager.getManager().exportSequence(job.sequence, ppro.Constants.ExportType.IMMEDIATELY, premierePath(job.outPath, job.platform), premierePath(job.presetPath, job.platform), job.exportFull),
      );
    } catch (e) {
      throw hostError('Premiere refused to start the export. Check that the sequence is not empty, then retry.', e);
    }
    started.then(
      (ok) => {
        if (settled) return;
        if (ok) lookNow = true;
        else failure ??= hostError('Premiere could not export the context window. Check the disk space and that the sequence plays, then retry.');
      },
      (e: unknown) => {
        if (settled) return;
        failure ??= hostError('Premiere failed while exporting the context window. Check the disk space and that the sequence plays, then retry.', e);
      },
    );

    let lastSize: number | null = null;
    let checkedSize: number | null = null;
    for (;;) {
      if (failure) throw failure;
      const size = await files.size(job.outPath);
      const worthChecking = size !== null && size > 0 && size !== checkedSize && (lookNow || size === lastSize);
      if (worthChecking) {
        lookNow = false;
        checkedSize = size;
        const check = await checkExportedFile(files, job.outPath, job.windowTicks, job.rate);
        if (check.kind === 'complete') return;
        if (check.kind === 'wrongLength') {
          throw hostError(
            `Premiere exported ${check.seconds.toFixed(2)} s instead of the ${check.expectedSeconds.toFixed(2)} s context window, so nothing was uploaded. ` +
              'Retry; if it happens again, run "Check this Premiere" from the plugin menu and send the report.',
          );
        }
      }
      lastSize = size;
      if (clock.now() >= deadline) {
        const state = size && size > 0 ? 'the file it wrote is not a complete MP4' : 'no file was written';
        throw new RetakeError(
          'host',
          `Premiere did not finish exporting the context window within ${Math.round(job.timeoutMs / 1000)} s (${state}). Check Premiere for a stuck export or an error, then retry.`,
          { code: 'exportTimeout' },
        );
      }
      await clock.sleep(EXPORT_POLL_MS, cancel);
    }
  } finally {
    settled = true;
    ppro.EventManager.removeGlobalEventListener(eventName, onComplete);
  }
}
