/**
 * SourceMonitor: a file opened for preview and the monitor's position in it. Adobe's reference
 * (ppro-reference/classes/sourcemonitor.md) gives only the signatures: openFilePath resolves to a
 * boolean (here: false for a file that does not exist), setPosition to a boolean (here: false with
 * nothing open; a position past the end stops at the last frame, as the monitor's own playhead
 * does). Neither is documented to add the file to the project or to touch a sequence, so neither
 * does here. getPosition reads the position back (ticks from the file's start); closeClip closes
 * the open file (false when none is). Both are async, so the 26.3 rule (no await inside lockedAccess) refuses them there.
 */
import type { PSourceMonitorStatic } from '../../adapters/premiere/subset';
import type { Ticks } from '../../domain/time';
import { TICKS_PER_SECOND } from '../../domain/time';
import type { Ctx } from './context';
import { tickTicks, tickTime } from './time';
import { PremiereRuleError } from './transactions';

export interface SourceMonitorState {
  /** The file open in the Source Monitor, as it was passed to openFilePath; null when none is. */
  path: string | null;
  /** Ticks from the file's start. */
  position: Ticks;
  /** Length of the open file, ticks. */
  duration: Ticks;
}

export const CLOSED_SOURCE_MONITOR: SourceMonitorState = { path: null, position: 0n, duration: 0n };

export function sourceMonitorView(ctx: Ctx): PSourceMonitorStatic {
  const unlocked = (what: string) => {
    if (ctx.gate.locked) throw new PremiereRuleError(`SourceMonitor.${what} is async and cannot run inside lockedAccess.`);
  };
  return {
    openFilePath: async (filePath) => {
      unlocked('openFilePath');
      if (typeof filePath !== 'string' || filePath === '' || !(await ctx.options.media.exists(filePath))) return false;
      const probe = await ctx.options.media.probe(filePath);
      ctx.sourceMonitor = { path: filePath, position: 0n, duration: BigInt(Math.round(probe.seconds * Number(TICKS_PER_SECOND))) };
      ctx.notify();
      return true;
    },
    setPosition: async (position) => {
      unlocked('setPosition');
      const ticks = tickTicks(position);
      const open = ctx.sourceMonitor;
      if (!open.path) return false;
      const last = open.duration > 0n ? open.duration : 0n;
      ctx.sourceMonitor = { ...open, position: ticks < 0n ? 0n : ticks > last ? last : ticks };
      ctx.notify();
      return true;
    },
    getPosition: async () => {
      unlocked('getPosition');
      return tickTime(ctx.sourceMonitor.position);
    },
    closeClip: async () => {
      unlocked('closeClip');
      if (!ctx.sourceMonitor.path) return false;
      ctx.sourceMonitor = CLOSED_SOURCE_MONITOR;
      ctx.notify();
      return true;
    },
  };
}
