/**
 * The fake fires Premiere's events from its own state changes, on the targets Adobe's sample
 * listens on, and nothing for what no event reports (in/out, markers).
 */
import { idleSuite, frames } from '../../testing/idleSuite';
import { settle } from '../../testing/manualTimers';
import { fakeConstants as C } from './constants';
import { targetListenerKey } from './hostEvents';

async function suiteWithLog() {
  const suite = await idleSuite({ markers: 1 });
  const { ppro } = suite;
  const log: Array<[string, object | undefined]> = [];
  const on = (label: string) => (event?: object) => log.push([label, event]);
  const globals: Array<[unknown, string]> = [
    [C.ProjectEvent.OPENED, 'project opened'],
    [C.ProjectEvent.CLOSED, 'project closed'],
    [C.ProjectEvent.ACTIVATED, 'project activated'],
    [C.ProjectEvent.DIRTY, 'project dirty'],
    [C.SequenceEvent.ACTIVATED, 'sequence activated'],
    [C.SequenceEvent.SELECTION_CHANGED, 'selection changed'],
  ];
  for (const [name, label] of globals) ppro.EventManager.addGlobalEventListener(name as string, on(label));
  const project = await ppro.Project.getActiveProject();
  const sequence = await project.getActiveSequence();
  const videoTrack = await sequence.getVideoTrack(1);
  ppro.EventManager.addEventListener(sequence, C.SequenceEvent.CLOSED, on('sequence closed'));
  ppro.EventManager.addEventListener(videoTrack, C.VideoTrackEvent.TRACK_CHANGED as unknown as string, on('video 2 changed'));
  await settle();
  log.length = 0;
  return { ...suite, log, ppro, sequenceObject: sequence, videoTrack, on };
}

test('in/out points and markers change without any event', async () => {
  const { control, sequence, log } = await suiteWithLog();
  control.setInOut(sequence, frames(10), frames(40));
  control.addMarker(sequence, { name: 'later', start: frames(300), duration: frames(25) });
  await settle();
  expect(log).toEqual([]);
});

test('switching and closing sequences fire SequenceEvent ACTIVATED (global) and CLOSED (on the sequence), after the change', async () => {
  const { control, sequence, log } = await suiteWithLog();
  const other = control.createSequence({ name: 'Alt', frameRate: '25', activate: false });
  await settle();
  log.length = 0;
  control.setActiveSequence(other.guid);
  expect(log).toEqual([]); // dispatched later, never inside the caller's stack
  await settle();
  expect(log).toEqual([['sequence activated', { id: other.guid, name: 'Alt' }]]);
  log.length = 0;
  control.setActiveSequence(sequence);
  control.setActiveSequence(null);
  await settle();
  expect(log.map(([label]) => label)).toEqual(['sequence activated', 'sequence closed']);
  expect(log[1][1]).toEqual({ id: sequence, name: 'Edit' });
});

test("a clip added to a track fires that track's TRACK_CHANGED and the project's DIRTY; a removed listener hears nothing", async () => {
  const { control, sequence, log, ppro, videoTrack, on } = await suiteWithLog();
  const item = control.items().find((i) => i.kind === 'clip')!;
  control.addClip(sequence, { item: item.id, start: frames(0), duration: frames(50), videoTrack: 1, media: 'video' });
  await settle();
  expect(log.map(([label]) => label).sort()).toEqual(['project dirty', 'video 2 changed']);
  log.length = 0;
  const handler = on('second');
  ppro.EventManager.addEventListener(videoTrack, C.VideoTrackEvent.TRACK_CHANGED as unknown as string, handler);
  ppro.EventManager.removeEventListener(videoTrack, C.VideoTrackEvent.TRACK_CHANGED as unknown as string, handler);
  control.addClip(sequence, { item: item.id, start: frames(100), duration: frames(50), videoTrack: 2, media: 'video' });
  await settle();
  expect(log.map(([label]) => label)).toEqual(['project dirty']); // another track changed
});

test('a selection change fires SELECTION_CHANGED; opening and closing projects fire ProjectEvent', async () => {
  const { control, log, ppro, sequence, sequenceObject } = await suiteWithLog();
  const [clip] = (await sequenceObject.getVideoTrack(0)).getTrackItems(C.TrackItemType.CLIP, false);
  ppro.TrackItemSelection.createEmptySelection((selection) => {
    selection.addItem(clip);
    sequenceObject.setSelection(selection);
  });
  await settle();
  expect(log).toEqual([['selection changed', { id: sequence, name: 'Edit' }]]);
  log.length = 0;
  control.closeProject();
  control.createProject({ name: 'Next', path: '/work/Next.prproj' });
  await settle();
  // Its active sequence closes with the project.
  expect(log.map(([label]) => label)).toEqual(['project closed', 'sequence closed', 'project opened', 'project activated']);
  expect(log[2][1]).toMatchObject({ name: 'Next', path: '/work/Next.prproj' });
});

test('listeners are kept per target and event', async () => {
  const { control, sequence } = await suiteWithLog();
  const trackId = control.sequence(sequence).video[1].id;
  expect(control.listenerCount(targetListenerKey(`track:${sequence}:video:${trackId}`, C.VideoTrackEvent.TRACK_CHANGED))).toBe(1);
  expect(control.listenerCount(targetListenerKey(`sequence:${sequence}`, C.SequenceEvent.CLOSED))).toBe(1);
});
