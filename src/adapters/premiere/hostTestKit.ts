import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { systemClock } from '../../app/clock';
import type { HostPort, TakePlacement } from '../../app/ports';
import { takeName } from '../../domain/job';
import type { RetakeMode } from '../../domain/limits';
import { RetakePlan, planRetake } from '../../domain/plan';
import { FRAME_RATES, FrameRate, framesToTicks } from '../../domain/time';
import { createNodeFileStore } from '../node/fileStore';
import { makeTestClip } from '../../testing/media';
import { createFfmpegRenderer } from '../../standins/premiere/ffmpegRenderer';
import { FakeControl, SequenceInfo, createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { createPremiereHost } from './host';
import type { PremiereSubset } from './subset';
import { editorCut } from '../../testing/editorCut';

/** The Premiere host's test scenes: the fake Premiere with three coloured, toned clips on V1/A1, and the host over it. */

export type RateKey = keyof typeof FRAME_RATES;
export const work = mkdtempSync(join(tmpdir(), 'premiere-host-'));
/** The preset the plugin ships (the fake only checks that it exists; Premiere would read it). */
export const PRESET = join(__dirname, '..', '..', '..', 'assets', 'presets', 'h264-retake.epr');
export const files = createNodeFileStore(work);

/** Three solid colours in a row on V1, each with its own tone on A1. */
export const SEGMENTS = [
  { name: 'red', colour: '0xff0000', channel: 0, toneHz: 300, seconds: 4 },
  { name: 'green', colour: '0x00ff00', channel: 1, toneHz: 600, seconds: 5 },
  { name: 'blue', colour: '0x0000ff', channel: 2, toneHz: 900, seconds: 5 },
] as const;

const mediaCache = new Map<string, Promise<string>>();
export function media(fps: string, colour: string, toneHz: number, width = 320, height = 180): Promise<string> {
  const key = `${fps}-${colour}-${toneHz}-${width}`;
  if (!mediaCache.has(key)) {
    const file = join(work, `src-${key.replace(/[^0-9a-z]+/gi, '_')}.mp4`);
    mediaCache.set(key, makeTestClip(file, { seconds: 6, fps, width, height, pattern: `color=c=${colour}`, toneHz }));
  }
  return mediaCache.get(key)!;
}

function fpsExpr(rate: FrameRate): string {
  return rate.den === 1 ? String(rate.num) : `${rate.num}/${rate.den}`;
}

export interface Scene {
  ppro: PremiereSubset;
  control: FakeControl;
  host: HostPort;
  seq: SequenceInfo;
  rate: FrameRate;
  nominal: number;
  /** Sequence frame where each colour starts. */
  starts: number[];
}

export async function scene(rateKey: RateKey, zeroPoint = '00:00:00:00', o: { timeoutMs?: number; clock?: typeof systemClock; projectPath?: string } = {}): Promise<Scene> {
  const rate = { ...FRAME_RATES[rateKey] };
  const nominal = Math.round(rate.num / rate.den);
  const { ppro, control } = createFakePremiere({ media: nodeMedia, renderer: createFfmpegRenderer() });
  control.createProject({ name: 'Show', path: o.projectPath ?? join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: `Seq ${rateKey}`, frameRate: rateKey, zeroPoint, frameSize: { width: 320, height: 180 }, videoTracks: 1, audioTracks: 1 });
  const starts: number[] = [];
  let frame = 0;
  for (const s of SEGMENTS) {
    const item = await control.addMedia(await media(fpsExpr(rate), s.colour, s.toneHz), { name: s.name });
    control.addClip(seq.guid, { item: item.id, start: framesToTicks(frame, rate), duration: framesToTicks(s.seconds * nominal, rate), name: s.name });
    starts.push(frame);
    frame += s.seconds * nominal;
  }
  const host = createPremiereHost(ppro, {
    files,
    clock: o.clock ?? systemClock,
    exportPresetPath: PRESET,
    exportTimeoutMs: o.timeoutMs ?? 30_000,
    takesFolderOverride: async () => join(work, 'takes'),
  });
  return { ppro, control, host, seq: control.sequence(seq.guid), rate, nominal, starts };
}

export function plan(s: Scene, mode: RetakeMode, inFrame: number, outFrame: number): RetakePlan {
  const range = { start: framesToTicks(inFrame, s.rate), end: framesToTicks(outFrame, s.rate) };
  const timing = { frameRate: s.rate, end: s.seq.end, zeroPoint: s.seq.zeroPoint };
  const result = planRetake(range, timing, { mode, prompt: 'make it rain', handleSeconds: 1, extraPlacement: 'after' });
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

export function placement(s: Scene, p: RetakePlan, jobId: string): TakePlacement {
  return { sequenceId: s.seq.guid, mode: p.mode, at: p.replaced.start, source: p.takeSource, name: takeName(p.mode, 'make it rain', jobId), jobId };
}

export function dominant(rgb: [number, number, number]): number {
  return rgb.indexOf(Math.max(...rgb));
}

/** The original tracks' clips, to check that nothing on them moved (the sound as the editor cut it: a sound take splits it). */
export function originals(s: Scene) {
  const info = s.control.sequence(s.seq.guid);
  return { video: info.video[0].clips, audio: editorCut(info.audio[0].clips) };
}
