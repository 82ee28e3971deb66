/**
 * The fake's video transitions: made by TransitionFactory, set up by AddTransitionOptions, added
 * and removed as actions under Premiere's lock and transaction rules, listed by the track, and
 * undone with their transaction.
 */
import type { Action, PProject, PVideoClipTrackItem } from '../../adapters/premiere/subset';
import { TICKS_PER_SECOND } from '../../domain/time';
import { createFakePremiere } from './fakePremiere';
import { PremiereRuleError } from './transactions';
import { probeOnlyMedia } from './probeOnlyMedia';

const SEC = TICKS_PER_SECOND;
const FRAME = SEC / 25n;
const DISSOLVE = 'AE.ADBE Cross Dissolve New';
const media = probeOnlyMedia;

async function setup() {
  const { ppro, control } = createFakePremiere({ media });
  control.createProject({ name: 'P', path: '/p/P.prproj' });
  const a = await control.addMedia('/m/a.mp4');
  const info = control.createSequence({ name: 'S', frameRate: '25', frameSize: { width: 320, height: 180 }, videoTracks: 1, audioTracks: 1 });
  control.addClip(info.guid, { item: a.id, start: SEC, duration: 2n * SEC });
  const project = await ppro.Project.getActiveProject();
  const seq = await project.getActiveSequence();
  const [video] = (await seq.getVideoTrack(0)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
  const [audio] = (await seq.getAudioTrack(0)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
  const options = (applyToStart: boolean, frames: number) =>
    ppro.AddTransitionOptions().setApplyToStart(applyToStart).setForceSingleSided(true).setDuration(ppro.TickTime.createWithTicks(String(BigInt(frames) * FRAME)));
  const transitionsOf = () => control.clips(info.guid, 'video')[0].transitions;
  return { ppro, control, project, seq, video, audio, options, transitionsOf };
}

function commit(project: PProject, make: () => Action[]): boolean {
  let ok = false;
  project.lockedAccess(() => {
    ok = project.executeTransaction((c) => make().forEach((a) => c.addAction(a)), 'transitions');
  });
  return ok;
}

test('the factory lists match names, makes a transition for a listed one and refuses any other', async () => {
  const { ppro } = await setup();
  expect(await ppro.TransitionFactory.getVideoTransitionMatchNames()).toContain(DISSOLVE);
  expect(ppro.TransitionFactory.createVideoTransition(DISSOLVE)).toEqual({});
  expect(() => ppro.TransitionFactory.createVideoTransition('Star Wipe')).toThrow('There is no video transition "Star Wipe".');
});

test('options: setters return the options; without options a transition goes on the end (Adobe’s sample)', async () => {
  const { ppro, project, video, options, transitionsOf } = await setup();
  const o = options(true, 5).setTransitionAlignment(0.5);
  expect([o.applyToStart, o.forceSingleSided, o.transitionAlignment, o.duration.ticks]).toEqual([true, true, 0.5, String(5n * FRAME)]);
  const transition = ppro.TransitionFactory.createVideoTransition(DISSOLVE);
  expect(commit(project, () => [video.createAddVideoTransitionAction(transition)])).toBe(true);
  expect(Object.keys(transitionsOf())).toEqual(['end']);
});

test('adding is an action: outside lockedAccess it throws; in a transaction it lands at commit, and undo takes it off', async () => {
  const { ppro, control, project, video, options, transitionsOf } = await setup();
  const transition = ppro.TransitionFactory.createVideoTransition(DISSOLVE);
  expect(() => video.createAddVideoTransitionAction(transition, options(true, 4))).toThrow(PremiereRuleError);
  expect(commit(project, () => [video.createAddVideoTransitionAction(transition, options(true, 4)), video.createAddVideoTransitionAction(transition, options(false, 6))])).toBe(true);
  expect(transitionsOf()).toEqual({
    start: { matchName: DISSOLVE, duration: 4n * FRAME, alignment: 0, singleSided: true },
    end: { matchName: DISSOLVE, duration: 6n * FRAME, alignment: 0, singleSided: true },
  });
  expect(control.undo()).toBe('transitions');
  expect(transitionsOf()).toEqual({});
});

test('the track lists each transition where it lies, on the clip’s own frames', async () => {
  const { ppro, project, seq, video, options } = await setup();
  const transition = ppro.TransitionFactory.createVideoTransition(DISSOLVE);
  commit(project, () => [video.createAddVideoTransitionAction(transition, options(true, 4)), video.createAddVideoTransitionAction(transition, options(false, 6))]);
  const listed = (await seq.getVideoTrack(0)).getTrackItems(ppro.Constants.TrackItemType.TRANSITION, false);
  const extents = await Promise.all(listed.map(async (t) => [(await t.getStartTime()).ticks, (await t.getEndTime()).ticks, await t.getType()]));
  const T = ppro.Constants.TrackItemType.TRANSITION;
  expect(extents).toEqual([
    [String(SEC), String(SEC + 4n * FRAME), T],
    [String(3n * SEC - 6n * FRAME), String(3n * SEC), T],
  ]);
  expect((await seq.getAudioTrack(0)).getTrackItems(ppro.Constants.TrackItemType.TRANSITION, false)).toEqual([]);
});

test('refused, changing nothing: a sound clip, a transition longer than the clip, a transition or options not made by the API', async () => {
  const { ppro, control, project, video, audio, options, transitionsOf } = await setup();
  const transition = ppro.TransitionFactory.createVideoTransition(DISSOLVE);
  // Adobe's types give a sound clip no such action; untyped code could still call the fake's.
  const soundAsVideo = audio as unknown as PVideoClipTrackItem;
  expect(commit(project, () => [video.createAddVideoTransitionAction(transition, options(true, 4)), soundAsVideo.createAddVideoTransitionAction(transition, options(true, 4))])).toBe(false);
  expect(control.lastTransactionFailure()).toMatch(/an audio clip takes no video transition/);
  expect(commit(project, () => [video.createAddVideoTransitionAction(transition, options(true, 51))])).toBe(false);
  expect(transitionsOf()).toEqual({});
  expect(commit(project, () => [video.createAddVideoTransitionAction({}, options(true, 4))])).toBe(false);
  expect(commit(project, () => [video.createAddVideoTransitionAction(transition, { ...options(true, 4) })])).toBe(false);
});

test('removing takes the transition at that position off, as an action', async () => {
  const { ppro, project, video, options, transitionsOf } = await setup();
  const transition = ppro.TransitionFactory.createVideoTransition(DISSOLVE);
  commit(project, () => [video.createAddVideoTransitionAction(transition, options(true, 4)), video.createAddVideoTransitionAction(transition, options(false, 4))]);
  expect(commit(project, () => [video.createRemoveVideoTransitionAction(ppro.Constants.TransitionPosition.START)])).toBe(true);
  expect(Object.keys(transitionsOf())).toEqual(['end']);
  expect(commit(project, () => [video.createRemoveVideoTransitionAction(ppro.Constants.TransitionPosition.END)])).toBe(true);
  expect(transitionsOf()).toEqual({});
});
