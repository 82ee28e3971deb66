/**
 * The self-check as the panel and the menu command use it (the app's SelfCheckPort), plus what
 * the host needs from it: the behaviour to use now, and a guard so no retake exports while the
 * check has the timeline (the scratch sequence is the active one meanwhile, and a retake planned
 * from it would be paid for). Placing needs no guard: it targets the job's own sequence by id.
 */
import type { HostPort } from '../../../app/ports';
import type { SelfCheckPort, SelfCheckReport } from '../../../app/selfCheck';
import { RetakeError, isRetakeError } from '../../../domain/errors';
import type { HostBehaviour } from '../hostBehaviour';
import { hostError } from '../projectAccess';
import type { PremiereSubset } from '../subset';
import { behaviourFrom, loadReport, saveReport } from './measured';
import { SelfCheckDeps, runSelfCheck } from './run';

export const SELF_CHECK_PATH = 'plugin-data:/self-check.json';

export interface SelfCheckService extends SelfCheckPort {
  /** What the host uses now: the measurements of the kept report for this Premiere version, else the assumptions. */
  behaviour(): HostBehaviour;
  /** Reads the kept report; call once at start (the assumptions hold until it has). */
  load(): Promise<void>;
  running(): boolean;
}

export interface SelfCheckServiceDeps extends SelfCheckDeps {
  storePath?: string;
  /** A sentence when the check must not start now (a retake is running), else null. */
  busy?: () => string | null;
}

export function createSelfCheck(ppro: PremiereSubset, deps: SelfCheckServiceDeps): SelfCheckService {
  const path = deps.storePath ?? SELF_CHECK_PATH;
  let kept: SelfCheckReport | null = null;
  let loaded: Promise<void> = Promise.resolve();
  let active = false;
  return {
    behaviour: () => behaviourFrom(kept, deps.hostVersion),
    running: () => active,
    load: () => {
      loaded = loadReport(deps.files, path).then((report) => {
        kept = report;
      });
      return loaded;
    },
    // A panel opened while the kept report is still being read waits for it.
    last: async () => {
      await loaded;
      return kept;
    },
    run: async () => {
      if (active) throw hostError('Check this Premiere is already running.');
      const busy = deps.busy?.();
      if (busy) throw hostError(busy);
      active = true;
      try {
        const report = await runSelfCheck(ppro, deps);
        kept = report;
        await saveReport(deps.files, path, report).catch((e: unknown) => {
          throw hostError('Check this Premiere ran, but its report could not be kept in the plugin data folder. Copy it from Settings before closing the panel.', e);
        });
        return report;
      } catch (e) {
        if (isRetakeError(e)) throw e;
        throw new RetakeError('host', `Check this Premiere could not run: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      } finally {
        active = false;
      }
    },
  };
}

/** The host, refusing to export while the check has the timeline: before any upload, so nothing is paid. */
export function guardedBySelfCheck(host: HostPort, check: Pick<SelfCheckService, 'running'>): HostPort {
  const refuse = () => {
    if (check.running()) throw hostError('"Check this Premiere" is using the timeline. Wait for it to finish (a few seconds), then retry.');
  };
  return {
    ...host,
    exportWindow: async (...a) => {
      refuse();
      return host.exportWindow(...a);
    },
  };
}
