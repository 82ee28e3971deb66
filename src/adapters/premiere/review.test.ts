/**
 * Review before placing and the cut/gap read, on the fake Premiere: the Source Monitor shows the
 * take at its regenerated part and the sequence is untouched; the clips under a window are read
 * from the track items (disabled clips and takes left out).
 */
import type { FileStore } from '../../app/ports';
import { takeName } from '../../domain/job';
import { FRAME_RATES, TICKS_PER_SECOND, framesToTicks } from '../../domain/time';
import { createFakePremiere } from '../../standins/premiere/fakePremiere';
import type { MediaHost } from '../../standins/premiere/fakePremiere';
import { createPremiereHost } from './host';

const RATE = FRAME_RATES['25'];
const f = (frames: number) => framesToTicks(frames, RATE);
const probe = { seconds: 20, width: 160, height: 90, frameRate: { num: 25, den: 1 }, hasVideo: true, hasAudio: true };
const existing = new Set(['/media/a.mp4', '/media/b.mp4', '/media/take.mp4']);
const media: MediaHost = { exists: async (p) => existing.has(p), probe: async () => probe };
const files = { join: (...p: string[]) => p.join('/') } as unknown as FileStore;

function scene() {
  const { ppro, control } = createFakePremiere({ media });
  control.createProject({ name: 'Show', path: '/work/Show.prproj' });
  const seq = control.createSequence({ name: 'Seq', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 160, height: 90 }, videoTracks: 2, audioTracks: 2 });
  const host = createPremiereHost(ppro, { files, clock: { now: () => 0, sleep: async () => undefined }, exportPresetPath: '/none.epr' });
  return { ppro, control, host, guid: seq.guid };
}

describe('Premiere host: review before placing', () => {
  test('opens the take in the Source Monitor at the regenerated part; the sequence is not touched', async () => {
    const s = scene();
    const before = JSON.stringify(s.control.clips(s.guid), (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    await s.host.openForReview!('/media/take.mp4', TICKS_PER_SECOND);
    expect(s.control.sourceMonitor()).toMatchObject({ path: '/media/take.mp4', position: TICKS_PER_SECOND });
    expect(JSON.stringify(s.control.clips(s.guid), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(before);
    expect(s.control.undoLabels()).toEqual([]);
    expect(s.control.items().some((i) => i.mediaPath === '/media/take.mp4')).toBe(false);
  });

  test('a take file that is gone is a sentence naming it', async () => {
    const s = scene();
    await expect(s.host.openForReview!('/media/missing.mp4', 0n)).rejects.toThrow('/media/missing.mp4');
    expect(s.control.sourceMonitor().path).toBeNull();
  });

  test('the fake refuses the Source Monitor inside lockedAccess (async calls are not allowed there)', async () => {
    const s = scene();
    const project = await s.ppro.Project.getActiveProject();
    let call: Promise<boolean> | undefined;
    project.lockedAccess(() => {
      call = s.ppro.SourceMonitor.openFilePath('/media/take.mp4');
    });
    await expect(call).rejects.toThrow('Premiere rule: SourceMonitor.openFilePath');
  });
});

describe('Premiere host: clips under the export window', () => {
  test('lists the enabled clips overlapping the window on every track, without takes or disabled clips', async () => {
    const s = scene();
    const a = await s.control.addMedia('/media/a.mp4', { name: 'A' });
    const b = await s.control.addMedia('/media/b.mp4', { name: 'B' });
    s.control.addClip(s.guid, { item: a.id, start: 0n, duration: f(125), name: 'A' });
    s.control.addClip(s.guid, { item: b.id, start: f(125), duration: f(200), name: 'B' });
    const take = await s.control.addMedia('/media/take.mp4', { name: 'take' });
    s.control.addClip(s.guid, { item: take.id, start: f(100), duration: f(50), videoTrack: 1, media: 'video', name: takeName('replace_video', 'rain', 'j1') });
    const off = s.control.addClip(s.guid, { item: b.id, start: f(160), duration: f(20), videoTrack: 1, media: 'video', name: 'Off' });
    s.control.setClipDisabled(s.guid, off[0].id, true);
    const clips = await s.host.readClipsOver!(s.guid, { start: f(100), end: f(175) });
    const seen = clips.map((c) => `${c.kind}${c.trackIndex} ${c.name} ${c.range.start / f(1)}-${c.range.end / f(1)}`).sort();
    expect(seen).toEqual(['audio0 A 0-125', 'audio0 B 125-325', 'video0 A 0-125', 'video0 B 125-325']);
  });
});
