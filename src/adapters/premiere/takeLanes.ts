/**
 * Take lanes: the tracks that hold takes, and the takes of one range (a group) on them.
 *
 * A track holds one clip at a time, so the takes of one range sit on as many take tracks as
 * there are takes; a take of another range goes onto any take track that is free there. A new
 * track is made only when no take track is free over the range.
 */
import { isTakeName } from '../../domain/job';
import type { TickRange, Ticks } from '../../domain/time';
import type { PAudioClipTrackItem, PSequence, PVideoClipTrackItem, PremiereSubset } from './subset';
import { ticksOf } from './timeConvention';

/** What take tracks are called, so the editor sees what they hold. */
export const TAKE_TRACK_NAME = 'LTX takes';

export type Kind = 'video' | 'audio';
export type TrackItem = PVideoClipTrackItem | PAudioClipTrackItem;

export interface ClipOnTrack {
  item: TrackItem;
  name: string;
  /** Premiere sequence times. */
  start: Ticks;
  end: Ticks;
  disabled: boolean;
}

export interface TrackScan {
  kind: Kind;
  index: number;
  name: string;
  clips: ClipOnTrack[];
}

export async function trackCount(sequence: PSequence, kind: Kind): Promise<number> {
  return kind === 'video' ? sequence.getVideoTrackCount() : sequence.getAudioTrackCount();
}

export async function trackAt(sequence: PSequence, kind: Kind, index: number) {
  return kind === 'video' ? sequence.getVideoTrack(index) : sequence.getAudioTrack(index);
}

/** Every track of one kind with its clips (all awaits happen here, before any transaction). */
export async function scanTracks(ppro: PremiereSubset, sequence: PSequence, kind: Kind): Promise<TrackScan[]> {
  const out: TrackScan[] = [];
  const count = await trackCount(sequence, kind);
  for (let index = 0; index < count; index++) {
    const track = await trackAt(sequence, kind, index);
    const clips: ClipOnTrack[] = [];
    for (const item of track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false)) {
      clips.push({
        item,
        name: await item.getName(),
        start: ticksOf(await item.getStartTime()),
        end: ticksOf(await item.getEndTime()),
        disabled: await item.isDisabled(),
      });
    }
    out.push({ kind, index, name: track.name, clips });
  }
  return out;
}

/** A take track is named as one, or (if Premiere kept its own name) holds nothing but takes. */
export function isTakeTrack(track: TrackScan): boolean {
  if (track.name.startsWith(TAKE_TRACK_NAME)) return true;
  return track.clips.length > 0 && track.clips.every((c) => isTakeName(c.name));
}

export function isFreeOver(track: TrackScan, range: TickRange): boolean {
  return track.clips.every((c) => c.end <= range.start || c.start >= range.end);
}

/** The lowest take track free over `range`, or null when a new track is needed. */
export function freeTakeLane(tracks: TrackScan[], range: TickRange): number | null {
  return tracks.find((t) => isTakeTrack(t) && isFreeOver(t, range))?.index ?? null;
}

/**
 * The takes of one range on the take tracks: same start, same end within one frame (a take
 * placed with a frame of tolerance still belongs to its range).
 */
export function groupClips(tracks: TrackScan[], range: TickRange, ticksPerFrame: Ticks): Array<ClipOnTrack & { kind: Kind; trackIndex: number }> {
  const out: Array<ClipOnTrack & { kind: Kind; trackIndex: number }> = [];
  for (const track of tracks) {
    if (!isTakeTrack(track)) continue;
    for (const clip of track.clips) {
      const endDiff = clip.end - range.end;
      if (clip.start === range.start && endDiff <= ticksPerFrame && -endDiff <= ticksPerFrame && isTakeName(clip.name)) {
        out.push({ ...clip, kind: track.kind, trackIndex: track.index });
      }
    }
  }
  return out;
}
