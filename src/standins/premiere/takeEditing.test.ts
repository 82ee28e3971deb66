import type { Action, PProject, PremiereSubset } from '../../adapters/premiere/subset';
import { TICKS_PER_SECOND } from '../../domain/time';
import { createFakePremiere } from './fakePremiere';
import { probeOnlyMedia } from './probeOnlyMedia';

const SEC = TICKS_PER_SECOND;
const media = probeOnlyMedia;

async function setup() {
  const { ppro, control } = createFakePremiere({ media });
  control.createProject({ name: 'P', path: '/p/P.prproj' });
  const a = await control.addMedia('/m/a.mp4');
  await control.addMedia('/m/b.mp4');
  const info = control.createSequence({ name: 'S', frameRate: '25', frameSize: { width: 320, height: 180 }, videoTracks: 2, audioTracks: 1 });
  control.addClip(info.guid, { item: a.id, start: 0n, duration: 8n * SEC });
  const project = await ppro.Project.getActiveProject();
  const seq = await project.getActiveSequence();
  const items = await (await project.getRootItem()).getItems();
  const itemB = items.find((i) => i.name.includes('b'))!;
  return { ppro, control, project, seq, guid: info.guid, itemB };
}

function commit(project: PProject, make: () => Action[]): boolean {
  let ok = false;
  project.lockedAccess(() => {
    ok = project.executeTransaction((c) => make().forEach((a) => c.addAction(a)), 'test');
  });
  return ok;
}

const clip = async (ppro: PremiereSubset, project: PProject, track = 0) => (await (await project.getActiveSequence()).getVideoTrack(track)).getTrackItems(ppro.Constants.TrackItemType.CLIP, false)[0];

describe('fake Premiere: take editing', () => {
  test('disabled state, track names and overwrite are actions: outside lockedAccess they throw', async () => {
    const { ppro, project, seq, itemB } = await setup();
    const item = await clip(ppro, project);
    const track = await seq.getVideoTrack(0);
    expect(() => item.createSetDisabledAction(true)).toThrow(/Premiere rule: .*lockedAccess/);
    expect(() => track.createSetNameAction('x')).toThrow(/Premiere rule: .*lockedAccess/);
    expect(() => ppro.SequenceEditor.getEditor(seq).createOverwriteItemAction(itemB, ppro.TickTime.createWithTicks('0'), 0, 0)).toThrow(/Premiere rule: .*lockedAccess/);
  });

  test('a disabled clip stays where it is and reads back as disabled; undo restores it', async () => {
    const { ppro, control, project, guid } = await setup();
    const item = await clip(ppro, project);
    expect(commit(project, () => [item.createSetDisabledAction(true)])).toBe(true);
    expect(await item.isDisabled()).toBe(true);
    expect(control.clips(guid, 'video')[0]).toMatchObject({ start: 0n, end: 8n * SEC, disabled: true });
    control.undo();
    expect(await item.isDisabled()).toBe(false);
  });

  test('overwrite replaces what lies under it without moving anything; past the last track it places nothing', async () => {
    const { ppro, control, project, seq, guid, itemB } = await setup();
    const editor = ppro.SequenceEditor.getEditor(seq);
    expect(commit(project, () => [editor.createOverwriteItemAction(itemB, ppro.TickTime.createWithTicks(String(2n * SEC)), 0, 5)])).toBe(true);
    const v1 = control.clips(guid, 'video').filter((c) => c.trackIndex === 0).map((c) => [c.itemName, c.start, c.end]);
    expect(v1).toEqual([
      ['a.mp4', 0n, 2n * SEC],
      ['b.mp4', 2n * SEC, 12n * SEC],
    ]);
    expect(control.clips(guid, 'audio').filter((c) => c.itemName === 'b.mp4')).toEqual([]); // audio index 5 does not exist
    expect(control.sequence(guid).audio).toHaveLength(1);
  });

  test("an empty selection is the plugin's own: the sequence's selection is untouched", async () => {
    const { ppro, control, project, seq, guid } = await setup();
    const item = await clip(ppro, project);
    const editorSelection = await seq.getSelection();
    editorSelection.addItem(item, true);
    seq.setSelection(editorSelection);
    let made: Awaited<ReturnType<typeof seq.getSelection>> | null = null;
    expect(ppro.TrackItemSelection.createEmptySelection((s) => (made = s))).toBe(true);
    expect(made).not.toBeNull();
    expect(await made!.getTrackItems()).toEqual([]);
    expect(control.sequence(guid).selection).toHaveLength(1);
  });
});
