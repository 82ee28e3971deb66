/**
 * Blend at cuts on the fake Premiere: cross-dissolves at both edges of the placed take's picture,
 * of the length asked, in their own undo step right after the placement; none at 0 or for a sound
 * take; switching takes keeps each take's dissolves; a Premiere without a cross-dissolve places the
 * take with hard cuts and says so.
 */
import { copyFileSync } from 'fs';
import { join } from 'path';
import { systemClock } from '../../app/clock';
import type { PlacedTake } from '../../app/ports';
import { takeName } from '../../domain/job';
import type { RetakeMode } from '../../domain/limits';
import { planRetake } from '../../domain/plan';
import { createFakePremiere } from '../../standins/premiere/fakePremiere';
import { nodeMedia } from '../../standins/premiere/nodeMedia';
import { BLEND_UNDO_LABEL, CROSS_DISSOLVE_MATCH_NAME, crossDissolveMatchName } from './blend';
import { createPremiereHost } from './host';
import { PLACE_UNDO_LABEL } from './placer';
import type { PremiereSubset } from './subset';
import { RATE, blueShotRedTake, f } from './takeTestKit';

jest.setTimeout(60_000);

const { work, files, shot: shotFile, take: takeFile } = blueShotRedTake('premiere-blend-', { shotSeconds: 20, width: 64, height: 36 });

/** A sequence with one 20 s shot, and a way to place a take of frames 100-160 with a blend. */
async function scene(wrap: (ppro: PremiereSubset) => PremiereSubset = (p) => p) {
  const { ppro, control } = createFakePremiere({ media: nodeMedia });
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Seq', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 64, height: 36 }, videoTracks: 1, audioTracks: 1 });
  const item = await control.addMedia(await shotFile(), { name: 'shot' });
  control.addClip(seq.guid, { item: item.id, start: 0n, duration: f(500), name: 'shot' });
  const host = createPremiereHost(wrap(ppro), { files, clock: systemClock, exportPresetPath: join(work, 'none.epr'), takesFolderOverride: async () => work });
  const plan = (mode: RetakeMode) => {
    const planned = planRetake({ start: f(100), end: f(160) }, { frameRate: RATE, end: f(500), zeroPoint: seq.zeroPoint }, { mode, prompt: 'rain', handleSeconds: 1, extraPlacement: 'after' });
    if (!planned.ok) throw new Error(planned.reason);
    return planned.plan;
  };
  const place = async (jobId: string, blendFrames: number | undefined, mode: RetakeMode = 'replace_audio_and_video'): Promise<PlacedTake> => {
    const takePath = join(work, `take-${jobId}.mp4`);
    copyFileSync(await takeFile(), takePath);
    const ref = await host.importTake(takePath);
    const p = plan(mode);
    return host.placeTake(ref, { sequenceId: seq.guid, mode, at: p.replaced.start, source: p.takeSource, name: takeName(mode, 'rain', jobId), jobId, blendFrames });
  };
  const take = (jobId: string, media: 'video' | 'audio' = 'video') => control.clips(seq.guid, media).find((c) => c.name.endsWith(`[${jobId}]`));
  return { control, host, guid: seq.guid, place, take, range: plan('replace_audio_and_video').replaced };
}

test('a 4-frame blend puts a single-sided cross-dissolve of 4 frames on both edges of the picture, none on the sound', async () => {
  const s = await scene();
  const placed = await s.place('b1', 4);
  expect(placed.blendProblem).toBeUndefined();
  const dissolve = { matchName: CROSS_DISSOLVE_MATCH_NAME, duration: f(4), singleSided: true, alignment: expect.any(Number) };
  expect(s.take('b1')?.transitions).toEqual({ start: dissolve, end: dissolve });
  expect(s.take('b1', 'audio')?.transitions).toEqual({});
  // Its own undo step, after the placement's.
  const labels = s.control.undoLabels();
  expect(labels.indexOf(BLEND_UNDO_LABEL)).toBeGreaterThan(labels.indexOf(PLACE_UNDO_LABEL));
  expect(labels.filter((l) => l === BLEND_UNDO_LABEL)).toHaveLength(1);
});

test('blend 0 (or none given) adds no transition and no undo step', async () => {
  const s = await scene();
  await s.place('z0', 0);
  await s.place('z1', undefined);
  expect(s.take('z0')?.transitions).toEqual({});
  expect(s.take('z1')?.transitions).toEqual({});
  expect(s.control.undoLabels()).not.toContain(BLEND_UNDO_LABEL);
});

test('a sound-only take has no picture to blend: nothing is added', async () => {
  const s = await scene();
  const placed = await s.place('a1', 6, 'replace_audio');
  expect(placed.blendProblem).toBeUndefined();
  expect(s.take('a1', 'audio')?.transitions).toEqual({});
  expect(s.control.undoLabels()).not.toContain(BLEND_UNDO_LABEL);
});

test('undo takes the dissolves off first, then the placement takes the take (and them) away', async () => {
  const s = await scene();
  await s.place('u1', 5);
  let label: string | null;
  do label = s.control.undo();
  while (label !== null && label !== BLEND_UNDO_LABEL);
  expect(label).toBe(BLEND_UNDO_LABEL);
  expect(s.take('u1')?.transitions).toEqual({});
  do label = s.control.undo();
  while (label !== null && label !== PLACE_UNDO_LABEL);
  expect(s.take('u1')).toBeUndefined();
});

test("switching takes keeps each take's dissolves", async () => {
  const s = await scene();
  await s.place('s1', 3);
  await s.place('s2', 8);
  const range = s.range;
  await s.host.setActiveTake!(s.guid, range, 's1');
  expect([s.take('s1')?.disabled, s.take('s2')?.disabled]).toEqual([false, true]);
  expect(s.take('s1')?.transitions.start?.duration).toBe(f(3));
  expect(s.take('s2')?.transitions.end?.duration).toBe(f(8));
  await s.host.setActiveTake!(s.guid, range, null);
  await s.host.setActiveTake!(s.guid, range, 's2');
  expect(s.take('s1')?.transitions.end?.duration).toBe(f(3));
  expect(s.take('s2')?.transitions.start?.duration).toBe(f(8));
});

test('a Premiere that lists no cross-dissolve places the take with hard cuts and says so', async () => {
  const s = await scene((ppro) => ({ ...ppro, TransitionFactory: { ...ppro.TransitionFactory, getVideoTransitionMatchNames: async () => ['AE.ADBE Dip To Black'] } }));
  const placed = await s.place('n1', 4);
  expect(placed.blendProblem).toMatch(/^This Premiere lists no cross-dissolve transition\. The take is placed with hard cuts: add 4-frame cross-dissolves/);
  expect(s.take('n1')?.transitions).toEqual({});
  expect(s.take('n1')?.disabled).toBe(false);
});

test('a Premiere that refuses the dissolves leaves the take placed, with hard cuts, and says so', async () => {
  const s = await scene((ppro) => ({
    ...ppro,
    TransitionFactory: {
      ...ppro.TransitionFactory,
      createVideoTransition: () => {
        throw new Error('no transitions today');
      },
    },
  }));
  const placed = await s.place('r1', 4);
  expect(placed.blendProblem).toBe('Premiere refused the cross-dissolves. The take is placed with hard cuts: add 4-frame cross-dissolves at its edges by hand if you want them.');
  expect(s.take('r1')?.transitions).toEqual({});
  expect(s.take('r1')?.disabled).toBe(false);
  expect(s.control.undoLabels()).not.toContain(BLEND_UNDO_LABEL);
});

test('the cross-dissolve is the known match name, else another listed "Cross Dissolve", else none', () => {
  expect(crossDissolveMatchName(['AE.ADBE Dip To Black', 'Cross Dissolve (Legacy)', CROSS_DISSOLVE_MATCH_NAME])).toBe(CROSS_DISSOLVE_MATCH_NAME);
  expect(crossDissolveMatchName(['AE.ADBE Dip To Black', 'ADBE Cross Dissolve'])).toBe('ADBE Cross Dissolve');
  expect(crossDissolveMatchName(['AE.ADBE Dip To Black', 'ADBE Additive Dissolve'])).toBeNull();
});
