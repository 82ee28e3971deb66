/**
 * A Premiere project as an editor leaves it while thinking: one 25 fps sequence with two clips,
 * in/out marked and three ranged markers, on the fake Premiere behind a host-call counter, with
 * the real adapter and controller. No media is read (the clips are described, not probed) and no
 * export runs, so it costs milliseconds: for the host-call benchmark and the live refresh tests.
 */
import { createSimulatedClock } from '../app/clock';
import { RetakeController } from '../app/retakeController';
import { createPremiereHost } from '../adapters/premiere/host';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { createFakePremiere } from '../standins/premiere/fakePremiere';
import type { MediaHost } from '../standins/premiere/types';
import { countHostCalls } from './hostCallCounter';
import { createMemoryFileStore } from './memoryFileStore';

const rate = FRAME_RATES['25'];
export const frames = (n: number) => framesToTicks(n, rate);

/** Every .mp4 asked about is a 20 s 1080p25 clip with sound. */
const describedMedia: MediaHost = {
  exists: async (path) => path.endsWith('.mp4'),
  probe: async () => ({ seconds: 20, width: 1920, height: 1080, frameRate: { num: 25, den: 1 }, hasVideo: true, hasAudio: true, frames: 500 }),
};

export async function idleSuite(o: { markers?: number } = {}) {
  const { ppro, control } = createFakePremiere({ media: describedMedia });
  control.createProject({ name: 'Show', path: '/work/Show.prproj' });
  const seq = control.createSequence({ name: 'Edit', frameRate: '25', zeroPoint: '01:00:00:00', videoTracks: 3, audioTracks: 3 });
  const a = await control.addMedia('/media/a.mp4');
  const b = await control.addMedia('/media/b.mp4');
  control.addClip(seq.guid, { item: a.id, start: 0n, duration: frames(250) });
  control.addClip(seq.guid, { item: b.id, start: frames(250), duration: frames(250) });
  control.setInOut(seq.guid, frames(100), frames(165));
  for (let i = 0; i < (o.markers ?? 3); i++) {
    control.addMarker(seq.guid, { name: `shot ${i + 1}`, start: frames(20 + 120 * i), duration: frames(50), comments: `a red car ${i + 1}` });
  }
  const counter = countHostCalls(ppro);
  const files = createMemoryFileStore();
  const clock = createSimulatedClock(Date.UTC(2026, 0, 1));
  const host = createPremiereHost(counter.api, { files, clock, exportPresetPath: '/presets/h264.epr' });
  let key: string | null = null;
  const controller = new RetakeController({
    host,
    files,
    secrets: { getApiKey: async () => key, setApiKey: async (k) => void (key = k), clearApiKey: async () => void (key = null) },
    clock,
    newUUID: () => crypto.randomUUID(),
    makeInference: () => {
      throw new Error('The idle suite generates nothing.');
    },
    journalPath: '/data/journal.json',
    preferencesPath: '/data/preferences.json',
  });
  return { ppro, control, counter, controller, sequence: seq.guid };
}
