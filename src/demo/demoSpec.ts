/**
 * What the demo server tells the page (GET /api/config), and how the page builds the demo project
 * on the fake Premiere from it. Browser-safe: no Node module here.
 */
import type { JobRecord } from '../domain/job';
import { modeTouchesAudio, modeTouchesVideo } from '../domain/limits';
import type { FakeControl } from '../standins/premiere/fakePremiere';

export interface DemoPaths {
  dataDir: string;
  mediaDir: string;
  projectPath: string;
  presetPath: string;
  scratchDir: string;
  stateDir: string;
  journalPath: string;
  preferencesPath: string;
  takesDir: string;
  /** Where the fake's frame exports (the takes' thumbnails) are written, the only place they may be. */
  thumbnailsDir: string;
}

/** Ticks are decimal strings (JSON has no bigint). */
export interface DemoProjectSpec {
  project: { name: string; path: string };
  sequence: { name: string; frameRate: '25'; zeroPoint: string; frameSize: { width: number; height: number } };
  clips: Array<{ path: string; name: string; startTicks: string; durationTicks: string }>;
  marks: { inTicks: string; outTicks: string };
  markers: Array<{ name: string; comments: string; colorIndex: number; startTicks: string; durationTicks: string }>;
}

/** The query parameter a media URL carries the media key in (guard.ts checks it). */
export const MEDIA_KEY_PARAM = 'mediaKey';

export interface DemoConfig {
  paths: DemoPaths;
  /** This start's secret for media URLs (a <video> cannot send the token header): see mediaUrls in browserMedia.ts. */
  mediaKey: string;
  project: DemoProjectSpec;
  runware: {
    /** Same-origin path of the Runware endpoint (the demo server relays it). */
    apiPath: string;
    /** True when the server relays to the real Runware with its RUNWARE_API_KEY. */
    real: boolean;
    /** One line for the page header. */
    label: string;
    /** True when the page's Simulate menu can arm the stand-in's faults. */
    canSimulate: boolean;
  };
}

/** Builds the demo edit on a fresh fake: project, media, sequence, clips, marks and markers. */
export async function buildDemoProject(control: FakeControl, spec: DemoProjectSpec): Promise<string> {
  control.createProject({ name: spec.project.name, path: spec.project.path });
  const items: string[] = [];
  for (const clip of spec.clips) items.push((await control.addMedia(clip.path, { name: clip.name })).id);
  const seq = control.createSequence({ ...spec.sequence, videoTracks: 1, audioTracks: 1 });
  spec.clips.forEach((clip, i) => control.addClip(seq.guid, { item: items[i], start: BigInt(clip.startTicks), duration: BigInt(clip.durationTicks) }));
  for (const m of spec.markers) {
    control.addMarker(seq.guid, { name: m.name, comments: m.comments, colorIndex: m.colorIndex, start: BigInt(m.startTicks), duration: BigInt(m.durationTicks) });
  }
  control.setInOut(seq.guid, BigInt(spec.marks.inTicks), BigInt(spec.marks.outTicks));
  return seq.guid;
}

/**
 * The page rebuilds the project on every load; the takes of finished jobs come back from the
 * journal onto the tracks they were placed on, as a saved Premiere project would keep them.
 * (Jobs still under way resume through the controller and place themselves.)
 */
export async function relayFinishedTakes(control: FakeControl, sequenceGuid: string, jobs: JobRecord[]): Promise<number> {
  let laid = 0;
  for (const job of jobs) {
    if (job.stage !== 'done' || !job.placed || !job.takePath || job.sequenceId !== sequenceGuid) continue;
    try {
      const item = control.items().find((i) => i.kind === 'clip' && i.mediaPath === job.takePath && !i.subclip) ?? (await control.addMedia(job.takePath));
      const source = { start: BigInt(job.plan.takeSource.start), end: BigInt(job.plan.takeSource.end) };
      const video = modeTouchesVideo(job.plan.mode) && job.placed.videoTrackIndex !== null;
      const audio = modeTouchesAudio(job.plan.mode) && job.placed.audioTrackIndex !== null;
      if (!video && !audio) continue;
      control.addClip(sequenceGuid, {
        item: item.id,
        start: BigInt(job.placed.at),
        sourceIn: source.start,
        duration: source.end - source.start,
        videoTrack: job.placed.videoTrackIndex ?? undefined,
        audioTrack: job.placed.audioTrackIndex ?? undefined,
        media: video && audio ? 'both' : video ? 'video' : 'audio',
        name: job.placed.name,
      });
      laid++;
    } catch {
      // A take file deleted by hand, or a track taken since: the job row still tells where it was.
    }
  }
  return laid;
}
