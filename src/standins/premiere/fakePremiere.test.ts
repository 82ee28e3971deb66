import type { PProject, PSequence, PremiereSubset } from '../../adapters/premiere/subset';
import { FRAME_RATES, TICKS_PER_SECOND, framesToTicks } from '../../domain/time';
import { FakeControl, NO_MARK_TICKS, createFakePremiere } from './fakePremiere';
import type { MediaHost, MediaProbe } from './types';

const SEC = TICKS_PER_SECOND;

/** Media that exists only in memory: the rules need no real files. */
function memoryMedia(files: Record<string, Partial<MediaProbe>>): MediaHost {
  return {
    exists: async (path) => path in files,
    probe: async (path) => {
      if (!(path in files)) throw new Error(`no ${path}`);
      return { seconds: 10, width: 320, height: 180, frameRate: { num: 25, den: 1 }, hasVideo: true, hasAudio: true, ...files[path] };
    },
  };
}

async function setup(): Promise<{ ppro: PremiereSubset; control: FakeControl; project: PProject; seq: PSequence; guid: string }> {
  const { ppro, control } = createFakePremiere({ media: memoryMedia({ '/m/a.mp4': {}, '/m/b.mp4': { seconds: 4 } }) });
  control.createProject({ name: 'P', path: '/p/P.prproj' });
  const a = await control.addMedia('/m/a.mp4');
  const info = control.createSequence({ name: 'S', frameRate: '25', frameSize: { width: 320, height: 180 }, videoTracks: 1, audioTracks: 1 });
  control.addClip(info.guid, { item: a.id, start: 0n, duration: 8n * SEC });
  const project = await ppro.Project.getActiveProject();
  const seq = await project.getActiveSequence();
  return { ppro, control, project, seq, guid: info.guid };
}

describe('fake Premiere rules', () => {
  test('an action created outside lockedAccess throws, naming the rule', async () => {
    const { ppro, seq } = await setup();
    expect(() => seq.createSetInPointAction(ppro.TickTime.createWithSeconds(1))).toThrow(/lockedAccess/);
  });

  test('addAction outside executeTransaction throws', async () => {
    const { ppro, project, seq } = await setup();
    let leaked: { addAction(a: object): boolean } | null = null;
    project.lockedAccess(() => {
      project.executeTransaction((compound) => {
        leaked = compound;
      }, 'nothing');
      const action = seq.createSetInPointAction(ppro.TickTime.createWithSeconds(1));
      expect(() => leaked!.addAction(action)).toThrow(/inside the executeTransaction callback/);
    });
  });

  test('an async transaction callback is refused and nothing changes', async () => {
    const { ppro, control, project, seq, guid } = await setup();
    project.lockedAccess(() => {
      expect(() =>
        project.executeTransaction(async (compound) => {
          compound.addAction(seq.createSetInPointAction(ppro.TickTime.createWithSeconds(2)));
          await Promise.resolve();
        }, 'async'),
      ).toThrow(/synchronous/);
    });
    expect(control.sequence(guid).inPoint).toBeNull();
    expect(control.undoLabels()).toEqual([]);
    expect(() => project.lockedAccess((async () => undefined) as unknown as () => void)).toThrow(/synchronous/);
  });

  test('a transaction is all or nothing: one failing action leaves everything as it was', async () => {
    const { ppro, control, project, seq, guid } = await setup();
    const root = await project.getRootItem();
    const [clipItem] = await root.getItems();
    const clip = ppro.ClipProjectItem.cast(clipItem);
    let ok = true;
    project.lockedAccess(() => {
      ok = project.executeTransaction((compound) => {
        compound.addAction(seq.createSetInPointAction(ppro.TickTime.createWithSeconds(1)));
        compound.addAction(root.createBinAction('New bin', false));
        // Past the end of the 10 s media: fails when the transaction commits.
        compound.addAction(clip.createSetInOutPointsAction(ppro.TickTime.createWithSeconds(2), ppro.TickTime.createWithSeconds(30)));
      }, 'three things');
    });
    expect(ok).toBe(false);
    expect(control.lastTransactionFailure()).toMatch(/createSetInOutPointsAction failed/);
    expect(control.sequence(guid).inPoint).toBeNull();
    expect(control.items().map((i) => i.name)).toEqual(['a.mp4']);
    expect(control.undoLabels()).toEqual([]);
  });

  test('a callback that throws returns false and changes nothing', async () => {
    const { ppro, control, project, seq, guid } = await setup();
    let ok = true;
    project.lockedAccess(() => {
      ok = project.executeTransaction((compound) => {
        compound.addAction(seq.createSetInPointAction(ppro.TickTime.createWithSeconds(1)));
        throw new Error('changed my mind');
      }, 'thrown');
    });
    expect(ok).toBe(false);
    expect(control.sequence(guid).inPoint).toBeNull();
  });

  test('actions run only at commit, and each committed transaction logs its undo label', async () => {
    const { ppro, control, project, seq, guid } = await setup();
    project.lockedAccess(() => {
      project.executeTransaction((compound) => {
        compound.addAction(seq.createSetInPointAction(ppro.TickTime.createWithSeconds(1)));
        expect(control.sequence(guid).inPoint).toBeNull();
        compound.addAction(seq.createSetOutPointAction(ppro.TickTime.createWithSeconds(3)));
      }, 'Mark range');
      project.executeTransaction((compound) => {
        compound.addAction(seq.createSetOutPointAction(ppro.TickTime.createWithSeconds(4)));
      }, 'Move out');
    });
    expect(control.sequence(guid)).toMatchObject({ inPoint: SEC, outPoint: 4n * SEC });
    expect(control.undoLabels()).toEqual(['Mark range', 'Move out']);
    expect(control.undo()).toBe('Move out');
    expect(control.sequence(guid).outPoint).toBe(3n * SEC);
  });

  test('importFiles refuses an undefined bin, returns false for a missing file, true otherwise', async () => {
    const { ppro, control, project } = await setup();
    await expect(project.importFiles(['/m/b.mp4'], true, undefined, false)).rejects.toThrow(/null/);
    await expect(project.importFiles(['/m/missing.mp4'], true, null as never, false)).resolves.toBe(false);
    const root = await project.getRootItem();
    await expect(project.importFiles(['/m/b.mp4'], true, ppro.ProjectItem.cast(root), false)).resolves.toBe(true);
    expect(control.items().map((i) => i.name)).toEqual(['a.mp4', 'b.mp4']);
    control.setFaults({ importFails: true });
    await expect(project.importFiles(['/m/b.mp4'], true, null as never, false)).resolves.toBe(false);
  });

  test('with nothing marked, getInPoint is a large negative time', async () => {
    const { seq } = await setup();
    expect(BigInt((await seq.getInPoint()).ticks)).toBe(NO_MARK_TICKS);
    expect((await seq.getInPoint()).seconds).toBeLessThan(-1e6);
  });

  test('TickTime arithmetic is exact in ticks', async () => {
    const { ppro } = await setup();
    const rate = ppro.FrameRate.createWithValue(23.976);
    expect(BigInt(rate.ticksPerFrame)).toBe(framesToTicks(1, FRAME_RATES['23.976']));
    const t = ppro.TickTime.createWithFrameAndFrameRate(1001, rate);
    expect(t.ticks).toBe(framesToTicks(1001, FRAME_RATES['23.976']).toString());
    expect(t.add(ppro.TickTime.createWithSeconds(1)).subtract(ppro.TickTime.createWithSeconds(1)).equals(t)).toBe(true);
    expect(ppro.TickTime.createWithTicks('100').alignToNearestFrame(ppro.FrameRate.createWithValue(25)).ticks).toBe('0');
    expect(() => ppro.TickTime.createWithTicks('1.5')).toThrow(/decimal string/);
  });

  test('insert past the last track adds a track; limitShift false ripples the other tracks', async () => {
    const { ppro, control, project, seq, guid } = await setup();
    const root = await project.getRootItem();
    await project.importFiles(['/m/b.mp4'], true, ppro.ProjectItem.cast(root), false);
    const b = (await root.getItems())[1];
    const editor = ppro.SequenceEditor.getEditor(seq);
    const at = ppro.TickTime.createWithSeconds(2);
    project.lockedAccess(() => {
      project.executeTransaction((c) => c.addAction(editor.createInsertProjectItemAction(b, at, 1, 1, true)), 'Insert limited');
    });
    let info = control.sequence(guid);
    expect(info.video).toHaveLength(2);
    expect(info.video[0].clips.map((c) => [c.start, c.end])).toEqual([[0n, 8n * SEC]]);
    expect(info.video[1].clips.map((c) => [c.start, c.end, c.name])).toEqual([[2n * SEC, 6n * SEC, 'b.mp4']]);
    project.lockedAccess(() => {
      project.executeTransaction((c) => c.addAction(editor.createInsertProjectItemAction(b, at, 2, 2, false)), 'Insert rippling');
    });
    info = control.sequence(guid);
    // V1's clip is cut at 2 s and its tail pushed 4 s later.
    expect(info.video[0].clips.map((c) => [c.start, c.end])).toEqual([
      [0n, 2n * SEC],
      [6n * SEC, 12n * SEC],
    ]);
  });

  test('the fake follows the API shape: casts, markers, selection', async () => {
    const { ppro, control, seq, guid } = await setup();
    control.addMarker(guid, { name: 'm', start: SEC, duration: 2n * SEC, comments: 'c', colorIndex: 3 });
    const markers = (await ppro.Markers.getMarkers(seq)).getMarkers();
    expect(markers.map((m) => [m.getName(), m.getComments(), m.getColorIndex(), m.getStart().ticks, m.getDuration().ticks])).toEqual([
      ['m', 'c', 3, SEC.toString(), (2n * SEC).toString()],
    ]);
    const track = await seq.getVideoTrack(0);
    const [item] = track.getTrackItems(ppro.Constants.TrackItemType.CLIP, false);
    const sel = await seq.getSelection();
    sel.addItem(item);
    expect(control.sequence(guid).selection).toHaveLength(0);
    seq.setSelection(sel);
    expect(control.sequence(guid).selection).toHaveLength(1);
    await expect(seq.getVideoTrack(5)).rejects.toThrow(/no video track 5/);
  });
});
