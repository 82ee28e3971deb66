/**
 * Blend at cuts in the panel over a real controller, journal and pipeline (in-memory host and
 * Runware: testing/fakes.ts): the setting is kept and validated, the plan and the confirmations
 * say what happens to the picture and the sound, and the job places its take with that blend.
 */
import { fireEvent, screen } from '@testing-library/react';
import { jobShapeProblem } from '../app/journalShape';
import { DEFAULT_PREFERENCES, loadPreferences } from '../app/preferences';
import { JobRecord, newJob } from '../domain/job';
import { planRetake } from '../domain/plan';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { ORIGINAL_SOUND_SPLIT } from './blendText';
import { JOURNAL_PATH, PREFS_PATH, createWorld, makeMarker, makeSequence } from './testing/fakes';
import { renderPanel, settle, startRetake } from './testing/renderPanel';
import { createMemoryFileStore } from '../testing/memoryFileStore';

const f = (frames: number) => framesToTicks(frames, FRAME_RATES['25']);
const example = () => makeSequence({ zeroFrames: 90000, marks: [250, 315] });
const journalJobs = (texts: Map<string, string>): JobRecord[] => (JSON.parse(texts.get(JOURNAL_PATH) as string) as { jobs: JobRecord[] }).jobs;

describe('Blend at cuts', () => {
  it('is off by default; set to 4 frames it is saved, shown in the plan, kept with the job and given to the placement', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'settings' });
    expect(screen.getByTestId('settings-blend').getAttribute('value')).toBe('0');
    await settle(() => fireEvent.change(screen.getByTestId('settings-blend'), { target: { value: '4' } }));
    expect(JSON.parse(world.files.texts.get(PREFS_PATH) as string)).toMatchObject({ blendFrames: 4 });

    fireEvent.click(screen.getByTestId('tab-retake'));
    await settle(() => world.controller.setDraft({ mode: 'replace_audio_and_video' }));
    expect(screen.getByTestId('plan-blend').textContent).toContain("4-frame cross-dissolve at both cuts; the sound is cut hard: Premiere's API has no audio transition.");
    await settle(() => world.controller.setDraft({ mode: 'replace_video' }));
    expect(screen.getByTestId('plan-blend').textContent).toContain('4-frame cross-dissolve at both cuts; the original sound plays on, uncut.');
    await settle(() => world.controller.setDraft({ mode: 'replace_audio' }));
    expect(screen.getByTestId('plan-blend').textContent).toContain('Nothing to blend on the picture: this mode replaces the sound only');

    await settle(() => world.controller.setDraft({ mode: 'replace_video' }));
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    expect(journalJobs(world.files.texts).find((j) => j.id === id)).toMatchObject({ blendFrames: 4 });
    expect(world.host.placements).toHaveLength(1);
    expect(world.host.placements[0].blendFrames).toBe(4);
  });

  it('off, the plan says hard cuts and the placement gets no blend', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'retake' });
    expect(screen.getByTestId('plan-blend').textContent).toContain('Hard cuts at both ends');
    await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    expect(world.host.placements[0].blendFrames).toBe(0);
  });

  it('the Retake x N confirmation says it too', async () => {
    const world = createWorld({ sequence: example(), preferences: { blendFrames: 6 } });
    await renderPanel(world, { initialTab: 'retake' });
    await settle(() => world.controller.setDraft({ prompt: 'rain', mode: 'replace_audio_and_video' }));
    await settle(() => world.controller.setVariations(2));
    await settle(() => fireEvent.click(screen.getByTestId('retake-button')));
    expect(screen.getByTestId('variations-confirm-step').textContent).toContain("6-frame cross-dissolve at both cuts; the sound is cut hard: Premiere's API has no audio transition.");
  });

  it('the batch confirmation says it when on, and nothing about it when off', async () => {
    const markers = [makeMarker('m-car', 'Car [AV]', [250, 315], { comments: 'a red car' })];
    for (const [blendFrames, said] of [[5, true], [0, false]] as const) {
      document.body.innerHTML = '';
      const world = createWorld({ sequence: makeSequence({ marks: null }), markers, preferences: { blendFrames } });
      await renderPanel(world, { initialTab: 'batch' });
      fireEvent.click(screen.getByTestId('batch-run'));
      const text = screen.getByTestId('batch-confirm-step').textContent ?? '';
      expect(text.includes("Each take gets a 5-frame cross-dissolve at both cuts on its picture; where a take replaces the sound, the sound is cut hard: Premiere's API has no audio transition.")).toBe(said);
      expect(text.includes('cross-dissolve')).toBe(said);
    }
  });

  it('before a sound mode spends anything, the plan and the batch confirmation say the original sound is split and silenced under the take', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'retake' });
    for (const [mode, said] of [['replace_audio', true], ['replace_audio_and_video', true], ['replace_video', false]] as const) {
      await settle(() => world.controller.setDraft({ mode }));
      expect([mode, screen.queryByTestId('plan-original-sound')?.textContent ?? null]).toEqual([mode, said ? ORIGINAL_SOUND_SPLIT : null]);
    }
    for (const [name, said] of [['Car [A]', true], ['Car [V]', false]] as const) {
      document.body.innerHTML = '';
      const batch = createWorld({ sequence: makeSequence({ marks: null }), markers: [makeMarker('m-car', name, [250, 315], { comments: 'a red car' })] });
      await renderPanel(batch, { initialTab: 'batch' });
      fireEvent.click(screen.getByTestId('batch-run'));
      expect([name, (screen.getByTestId('batch-confirm-step').textContent ?? '').includes(ORIGINAL_SOUND_SPLIT)]).toEqual([name, said]);
    }
  });

  it('when Premiere refused the dissolves, the placed take\'s card says it has hard cuts, and the journal keeps why', async () => {
    const refused = 'Premiere refused the cross-dissolves. The take is placed with hard cuts: add 4-frame cross-dissolves at its edges by hand if you want them.';
    const world = createWorld({
      sequence: example(),
      preferences: { blendFrames: 4 },
      hostExtras: { placeTake: async (_take, p) => ({ sequenceId: p.sequenceId, name: p.name, videoTrackIndex: 1, audioTrackIndex: null, at: p.at.toString(), blendProblem: refused }) },
    });
    await renderPanel(world, { initialTab: 'jobs' });
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    expect(journalJobs(world.files.texts).find((j) => j.id === id)).toMatchObject({ stage: 'done', placed: { blendProblem: refused } });
    expect(screen.getByTestId('job-placed')).toBeTruthy();
    expect(screen.getByTestId('job-blend-problem').textContent).toBe(refused);
  });

  it("when Premiere would not split the original sound, the placed take's card says its sound plays over it, and the journal keeps why", async () => {
    const refused = "Premiere would not split the original sound under this take, so the take's sound plays over it.";
    const world = createWorld({
      sequence: example(),
      hostExtras: { placeTake: async (_take, p) => ({ sequenceId: p.sequenceId, name: p.name, videoTrackIndex: null, audioTrackIndex: 1, at: p.at.toString(), soundProblem: refused }) },
    });
    await renderPanel(world, { initialTab: 'jobs' });
    await settle(() => world.controller.setDraft({ mode: 'replace_audio' }));
    const id = await startRetake(world);
    await settle(() => world.inference.finish(0.5));
    expect(journalJobs(world.files.texts).find((j) => j.id === id)).toMatchObject({ stage: 'done', placed: { soundProblem: refused } });
    expect(screen.getByTestId('job-sound-problem').textContent).toBe(refused);
  });

  it('a length outside 0-12 whole frames is refused with a sentence and nothing is saved', async () => {
    const world = createWorld({ sequence: example() });
    await renderPanel(world, { initialTab: 'settings' });
    const before = world.files.texts.get(PREFS_PATH);
    for (const bad of [13, -1, 2.5, Number.NaN]) {
      await expect(world.controller.setPreferences({ blendFrames: bad })).rejects.toThrow('Blend at cuts takes whole frames from 0 (hard cuts) to 12.');
    }
    expect(world.files.texts.get(PREFS_PATH)).toBe(before);
    expect(world.controller.store.getState().preferences.blendFrames).toBe(0);
  });
});

test('a preferences file with a bad blend loads as 0; a good one as it is', async () => {
  const files = createMemoryFileStore();
  for (const [stored, loaded] of [[12, 12], [0, 0], [13, 0], [-2, 0], [2.5, 0], ['4', 0], [null, 0]] as const) {
    await files.writeText('/p.json', JSON.stringify({ ...DEFAULT_PREFERENCES, blendFrames: stored }));
    expect((await loadPreferences(files, '/p.json')).blendFrames).toBe(loaded);
  }
});

test('a journal job with a blend outside 0-12 frames is set aside', () => {
  const planned = planRetake({ start: f(250), end: f(315) }, { frameRate: FRAME_RATES['25'], end: f(2000), zeroPoint: 0n }, { mode: 'replace_video', prompt: 'rain', handleSeconds: 1, extraPlacement: 'after' });
  if (!planned.ok) throw new Error(planned.reason);
  const job = newJob({ id: 'j1', now: new Date(0), sequenceId: 's', sequenceName: 'S', origin: { kind: 'marks' }, plan: planned.plan, blendFrames: 4 });
  expect(job.blendFrames).toBe(4);
  expect(jobShapeProblem(JSON.parse(JSON.stringify(job)))).toBeNull();
  expect(jobShapeProblem({ ...JSON.parse(JSON.stringify(job)), blendFrames: 13 })).toBe('its blend at cuts is not 0 to 12 frames');
  expect(newJob({ id: 'j2', now: new Date(0), sequenceId: 's', sequenceName: 'S', origin: { kind: 'marks' }, plan: planned.plan, blendFrames: 0 })).not.toHaveProperty('blendFrames');
});
