import { render, screen } from '@testing-library/react';
import { deserialize, serialize } from 'v8';
import { commit } from '../adapters/premiere/projectAccess';
import { writeTakeMetadata } from '../adapters/premiere/takeMetadata';
import { createFakePremiere } from '../standins/premiere/fakePremiere';
import { ClipMetadata } from './ClipMetadata';

// jsdom's window lacks structuredClone (browsers and Node have it); the fake's transactions snapshot with it.
globalThis.structuredClone ??= ((value: unknown) => deserialize(serialize(value))) as typeof structuredClone;

const MEDIA = { seconds: 4, width: 64, height: 36, frameRate: { num: 25, den: 1 }, hasVideo: true, hasAudio: false };

test("a selected take shows the LTX fields its project item carries, labelled as the schema names them; another clip shows nothing", async () => {
  const { ppro, control } = createFakePremiere({ media: { exists: async () => true, probe: async () => MEDIA } });
  control.createProject({ name: 'Show', path: '/work/Show.prproj' });
  const take = await control.addMedia('/work/take.mp4', { name: 'LTX take' });
  const shot = await control.addMedia('/work/shot.mp4', { name: 'shot' });
  const seq = control.createSequence({ name: 'Cut', frameRate: '25', zeroPoint: '00:00:00:00', frameSize: { width: 64, height: 36 }, videoTracks: 2, audioTracks: 0 });
  control.addClip(seq.guid, { item: shot.id, start: 0n });
  control.addClip(seq.guid, { item: take.id, start: 0n, videoTrack: 1 });
  const project = await ppro.Project.getActiveProject();
  const item = (await (await project.getRootItem()).getItems()).find((i) => i.name === 'LTX take')!;
  const fields = [
    { key: 'prompt' as const, label: 'Prompt', value: 'rain' },
    { key: 'cost' as const, label: 'Cost', value: '$0.50 charged' },
  ];
  expect(await writeTakeMetadata(ppro, (build) => commit(project, 'meta', build), [item], fields)).toMatchObject({ ok: true });

  const [shotClip, takeClip] = control.clips(seq.guid, 'video');
  const { rerender } = render(<ClipMetadata control={control} clip={takeClip} />);
  expect(screen.getAllByTestId('demo-metadata-field').map((f) => f.textContent)).toEqual(['LTX Promptrain', 'LTX Cost$0.50 charged']);
  rerender(<ClipMetadata control={control} clip={shotClip} />);
  expect(screen.queryByTestId('demo-clip-metadata')).toBeNull();
});
