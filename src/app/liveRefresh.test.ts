/**
 * The panel's refresh policy on the real controller and Premiere adapter over the fake (which
 * fires Adobe's events from its own changes), on manual timers: events are read at once, the
 * marks within one poll, nothing while the panel is unused or the timeline is held.
 */
import { MarkHolds } from '../adapters/premiere/markHold';
import { LastRead } from '../adapters/premiere/marksProbe';
import { readActiveSequence } from '../adapters/premiere/sequenceReader';
import { fakeConstants as C } from '../standins/premiere/constants';
import { targetListenerKey } from '../standins/premiere/hostEvents';
import { frames, idleSuite } from '../testing/idleSuite';
import { ManualTimers, settle } from '../testing/manualTimers';
import { EVERY_SECOND, FOLLOW_EVENTS, LiveRefresh, RefreshPolicy, RefreshTarget } from './liveRefresh';
import { ASSUMED_BEHAVIOUR } from '../adapters/premiere/hostBehaviour';

const POLL = 2500;
const PRESENCE = 5 * 60_000;

async function livePanel(policy: RefreshPolicy = FOLLOW_EVENTS) {
  const suite = await idleSuite();
  await suite.controller.init();
  const timers = new ManualTimers();
  const live = new LiveRefresh(suite.controller, policy, timers);
  live.start();
  await settle();
  suite.counter.reset();
  const state = () => suite.controller.store.getState();
  return { ...suite, timers, live, state };
}

test('FOLLOW_EVENTS is the shipped policy: in/out every 2.5 s, markers every 10 s, 5 minutes after use', () => {
  expect(FOLLOW_EVENTS).toEqual({ kind: 'events', marksPollMs: POLL, markersEvery: 4, presenceMs: PRESENCE });
});

test('new in/out points show within one poll (no event exists for them), not before', async () => {
  const { control, sequence, timers, state } = await livePanel();
  control.setInOut(sequence, frames(200), frames(260));
  await timers.advance(POLL - 1);
  expect(state().sequence?.marks).toEqual({ start: frames(100), end: frames(165) });
  await timers.advance(1);
  expect(state().sequence?.marks).toEqual({ start: frames(200), end: frames(260) });
});

test('a new ranged marker shows within the markers poll', async () => {
  const { control, sequence, timers, state } = await livePanel();
  await timers.advance(POLL); // the first poll reads the markers too
  control.addMarker(sequence, { name: 'late', start: frames(400), duration: frames(30), comments: 'rain' });
  await timers.advance(4 * POLL);
  expect(state().markers.map((m) => m.name)).toContain('late');
});

test('a switched sequence shows at once, with no timer, and its tracks are listened to', async () => {
  const { control, timers, state, counter } = await livePanel();
  const other = control.createSequence({ name: 'Alt', frameRate: '25', activate: false, videoTracks: 2, audioTracks: 2 });
  await settle(); // a new sequence is an edit (DIRTY): read before the switch
  expect(state().sequence?.name).toBe('Edit');
  control.setActiveSequence(other.guid);
  await settle();
  expect(timers.now()).toBe(0);
  expect(state().sequence?.name).toBe('Alt');
  expect(counter.calls()).toBeGreaterThan(0);
  const track = control.sequence(other.guid).video[1].id;
  expect(control.listenerCount(targetListenerKey(`track:${other.guid}:video:${track}`, C.VideoTrackEvent.TRACK_CHANGED))).toBe(1);
  expect(control.listenerCount(targetListenerKey(`sequence:${other.guid}`, C.SequenceEvent.CLOSED))).toBe(1);
});

test('an idle panel only polls the marks, and stops once unused; using it again re-reads at once', async () => {
  const { timers, counter, live, control, sequence, state } = await livePanel();
  await timers.advance(PRESENCE);
  const perPoll = [...counter.byMethod().keys()];
  expect(perPoll.every((m) => /getInPoint|getOutPoint|getMarkers|getStart|getDuration|getName|getComments|getColorIndex|toString/.test(m))).toBe(true);
  counter.reset();
  await timers.advance(10 * 60_000);
  expect(counter.calls()).toBe(0);
  control.setInOut(sequence, frames(300), frames(340));
  live.used();
  await settle();
  expect(state().sequence?.marks).toEqual({ start: frames(300), end: frames(340) });
  counter.reset();
  await timers.advance(POLL);
  expect(counter.calls()).toBeGreaterThan(0); // polling again
});

test('a page reported hidden stops the poll until focus', async () => {
  const { timers, counter, live } = await livePanel();
  live.hide();
  await timers.advance(60_000);
  expect(counter.calls()).toBe(0);
  live.focused();
  await settle();
  expect(counter.calls()).toBeGreaterThan(0);
});

test('stopping removes every host listener', async () => {
  const { live, control, sequence } = await livePanel();
  live.stop();
  for (const name of [C.ProjectEvent.DIRTY, C.ProjectEvent.ACTIVATED, C.SequenceEvent.ACTIVATED, C.SequenceEvent.SELECTION_CHANGED]) expect(control.listenerCount(name)).toBe(0);
  const track = control.sequence(sequence).video[0].id;
  expect(control.listenerCount(targetListenerKey(`track:${sequence}:video:${track}`, C.VideoTrackEvent.TRACK_CHANGED))).toBe(0);
});

test('the baseline policy re-reads everything every second', async () => {
  const { timers, counter, control, sequence, state } = await livePanel(EVERY_SECOND);
  control.setInOut(sequence, frames(10), frames(20));
  await timers.advance(1000);
  expect(state().sequence?.marks).toEqual({ start: frames(10), end: frames(20) });
  expect(counter.byMethod().get('Project.getActiveProject')).toBe(3); // sequence, markers and the clips under the marks
});

/** A target whose timeline can be held, recording what the policy asked of it. */
function heldTarget() {
  const asked: string[] = [];
  let change: () => void = () => undefined;
  const target: RefreshTarget & { busy: boolean } = {
    busy: false,
    refresh: async () => void asked.push('full'),
    pollMarks: async (o) => void asked.push(o.markers ? 'marks+markers' : 'marks'),
    hostBusy: () => target.busy,
    watchHost: (onChange) => {
      change = onChange;
      return () => undefined;
    },
  };
  return { target, asked, fireChange: () => change() };
}

test('while an export or placement holds the timeline nothing is read; a change reported meanwhile is read once it is free', async () => {
  const { target, asked, fireChange } = heldTarget();
  const timers = new ManualTimers();
  const live = new LiveRefresh(target, FOLLOW_EVENTS, timers);
  live.start();
  target.busy = true;
  fireChange();
  live.focused();
  await timers.advance(3 * POLL);
  // pollMarks is asked, and itself skips while the timeline is held (the controller's hostBusy).
  expect(asked.filter((a) => a === 'full')).toEqual([]);
  target.busy = false;
  asked.length = 0;
  await timers.advance(POLL);
  expect(asked).toEqual(['full']);
});

test('the controller skips the poll while the timeline is held', async () => {
  const { controller, counter } = await livePanel();
  (controller as unknown as { turnsHeld: number }).turnsHeld = 1;
  await controller.pollMarks({ markers: true });
  expect(counter.calls()).toBe(0);
});

test("during an export's hold the marks probe answers the editor's marks, never the export window", async () => {
  const { ppro, control, sequence } = await idleSuite();
  const holds = new MarkHolds();
  const last = new LastRead();
  await readActiveSequence(ppro, holds, ASSUMED_BEHAVIOUR, (s, snapshot) => last.remember(s, snapshot));
  const editor = control.sequence(sequence);
  holds.hold(sequence, { in: editor.inPoint!, out: editor.outPoint! });
  control.setInOut(sequence, frames(50), frames(300)); // the export window
  expect((await last.probe(ppro, holds, ASSUMED_BEHAVIOUR, { markers: false }))?.marks).toEqual({ start: frames(100), end: frames(165) });
  holds.release(sequence);
  expect((await last.probe(ppro, holds, ASSUMED_BEHAVIOUR, { markers: false }))?.marks).toEqual({ start: frames(50), end: frames(300) });
});
