/** The clips under the live plan's export window, read from the host for the cut/gap warning. */
import type { TickRange } from '../domain/time';
import type { WindowClip } from '../domain/crossings';
import type { HostPort } from './ports';

export interface WindowClips {
  /** Which window of which sequence they were read over (windowKey). */
  key: string;
  clips: WindowClip[];
}

export function windowKey(sequenceId: string, window: TickRange): string {
  return `${sequenceId}|${window.start}|${window.end}`;
}

export async function readWindowClips(read: NonNullable<HostPort['readClipsOver']>, sequenceId: string, window: TickRange): Promise<WindowClips> {
  return { key: windowKey(sequenceId, window), clips: await read(sequenceId, window) };
}
