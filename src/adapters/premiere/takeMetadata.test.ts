/**
 * A placed take's project metadata (the Project panel's LTX fields) and its thumbnail, through the
 * real adapter on the fake Premiere: written in their own undo step, read back, and never a reason
 * for a placed take to fail.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { inflateSync } from 'zlib';
import { systemClock } from '../../app/clock';
import type { HostPort, TakePlacement } from '../../app/ports';
import { takeName } from '../../domain/job';
import { planRetake } from '../../domain/plan';
import type { TakeField } from '../../domain/takeLabel';
import { FakeControl, FakePremiereOptions } from '../../standins/premiere/fakePremiere';
import { createNodeFakePremiere } from '../../standins/premiere/node';
import { projectValues } from '../../standins/premiere/metadataApi';
import { createPremiereHost } from './host';
import { LABEL_UNDO_LABEL } from './labels';
import type { PremiereSubset } from './subset';
import { METADATA_UNDO_LABEL, metadataProperty, readProjectProperties, withProjectProperties } from './takeMetadata';

import { RATE, blueShotRedTake, f } from './takeTestKit';

jest.setTimeout(60_000);

const { work, files, shot: shotFile, take: takeFile } = blueShotRedTake('premiere-meta-', { shotSeconds: 8, width: 160, height: 90 });
const thumbs = join(work, 'data', 'thumbnails');
mkdirSync(thumbs, { recursive: true });

const FIELDS: TakeField[] = [
  { key: 'prompt', label: 'Prompt', value: 'rain & "thunder" <at night>' },
  { key: 'mode', label: 'Mode', value: 'Replace video' },
  { key: 'cost', label: 'Cost', value: '$0.50 charged' },
  { key: 'job', label: 'Job', value: 'm1' },
  { key: 'task', label: 'Runware task', value: 'task-1' },
  { key: 'date', label: 'Date', value: '2026-12-01T10:00:00.000Z' },
];
const LABEL: TakePlacement['label'] = { name: 'LTX Retake [m1]', comments: 'Prompt: rain', fields: FIELDS };

interface Scene {
  control: FakeControl;
  host: HostPort;
  guid: string;
  place(jobId: string): ReturnType<HostPort['placeTake']>;
}

async function scene(o: { wrap?: (ppro: PremiereSubset) => PremiereSubset; fake?: Partial<FakePremiereOptions> } = {}): Promise<Scene> {
  const { ppro, control } = createNodeFakePremiere(o.fake);
  control.createProject({ name: 'Show', path: join(work, 'Show.prproj') });
  const seq = control.createSequence({ name: 'Seq', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: 160, height: 90 }, videoTracks: 1, audioTracks: 1 });
  const item = await control.addMedia(await shotFile(), { name: 'shot' });
  control.addClip(seq.guid, { item: item.id, start: 0n, duration: f(8 * 25), name: 'shot' });
  const host = createPremiereHost(o.wrap ? o.wrap(ppro) : ppro, {
    files,
    clock: systemClock,
    exportPresetPath: join(work, 'none.epr'),
    takesFolderOverride: async () => work,
    thumbnailFolder: async () => ({ native: thumbs, url: thumbs }),
  });
  const place = async (jobId: string) => {
    const planned = planRetake({ start: f(50), end: f(110) }, { frameRate: RATE, end: f(8 * 25), zeroPoint: seq.zeroPoint }, { mode: 'replace_video', prompt: 'rain', handleSeconds: 1, extraPlacement: 'after' });
    if (!planned.ok) throw new Error(planned.reason);
    const takePath = join(work, `take-${jobId}.mp4`);
    copyFileSync(await takeFile(), takePath);
    const ref = await host.importTake(takePath);
    const p = planned.plan;
    return host.placeTake(ref, { sequenceId: seq.guid, mode: 'replace_video', at: p.replaced.start, source: p.takeSource, name: takeName('replace_video', 'rain', jobId), jobId, label: LABEL });
  };
  return { control, host, guid: seq.guid, place };
}

/** The top-left pixel of a PNG: whatever the row's filter, the first pixel of the first row is stored as it is. */
function firstPixel(png: Buffer): number[] {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3]];
}

const takeItems = (s: Scene, jobId: string) => s.control.items().filter((i) => i.mediaPath?.endsWith(`take-${jobId}.mp4`));
const expected = Object.fromEntries(FIELDS.map((field) => [metadataProperty(field).name, field.value]));

describe('project metadata of a placed take', () => {
  test("the take's clip and its placed part carry every field, in an undo step of their own that undo takes away", async () => {
    const s = await scene();
    const placed = await s.place('m1');
    expect(placed.notLabelled).toBeUndefined();
    const items = takeItems(s, 'm1');
    expect(items).toHaveLength(2);
    for (const item of items) expect(item.projectMetadata).toEqual(expected);
    expect(s.control.undoLabels().slice(-2)).toEqual([LABEL_UNDO_LABEL, METADATA_UNDO_LABEL]);
    s.control.undo();
    for (const item of takeItems(s, 'm1')) expect(item.projectMetadata).toEqual({});
    expect(takeItems(s, 'm1')[0].markers).toHaveLength(1); // the marker step stays
  });

  test('when Premiere refuses the metadata, the take is still placed and marked, and the placement says what is missing', async () => {
    const s = await scene({
      wrap: (ppro) => ({
        ...ppro,
        Metadata: {
          ...ppro.Metadata,
          createSetProjectMetadataAction: () => {
            throw new Error('refused');
          },
        },
      }),
    });
    const placed = await s.place('m2');
    expect(placed.notLabelled).toEqual(['metadata']);
    expect(s.control.clips(s.guid).some((c) => c.name.includes('m2') && !c.disabled)).toBe(true);
    expect(takeItems(s, 'm2').find((i) => !i.subclip)!.markers).toHaveLength(1);
  });

  test('a Premiere that accepts the write but keeps nothing is reported too (the fields are read back)', async () => {
    const s = await scene({ wrap: (ppro) => ({ ...ppro, Metadata: { ...ppro.Metadata, addPropertyToProjectMetadataSchema: async () => false } }) });
    // Without the schema properties the fake stores nothing (a field outside the schema is not kept).
    expect((await s.place('m3')).notLabelled).toEqual(['metadata']);
  });
});

describe('the XMP packet', () => {
  const props = [{ name: 'LTXRetakePrompt', value: 'a < b & "c"' }];

  test("the fields go into the Description of Premiere's project namespace, replacing their old values and keeping the rest", () => {
    const packet =
      '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:ppm="http://ns.adobe.com/premierePrivateProjectMetaData/1.0/"><ppm:Column.Intrinsic.Name>shot</ppm:Column.Intrinsic.Name><ppm:LTXRetakePrompt>old</ppm:LTXRetakePrompt></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
    const out = withProjectProperties(packet, props);
    expect(projectValues(out)).toEqual({ 'Column.Intrinsic.Name': 'shot', LTXRetakePrompt: 'a < b & "c"' });
    expect(out.match(/LTXRetakePrompt>/g)).toHaveLength(2); // one element, open and close
  });

  test('a packet without the namespace gets a Description of its own; no packet at all, a whole packet', () => {
    const other = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>video/mp4</dc:format></rdf:Description></rdf:RDF></x:xmpmeta>';
    expect(projectValues(withProjectProperties(other, props))).toEqual({ LTXRetakePrompt: 'a < b & "c"' });
    expect(withProjectProperties(other, props)).toContain('<dc:format>video/mp4</dc:format>');
    expect(projectValues(withProjectProperties('', props))).toEqual({ LTXRetakePrompt: 'a < b & "c"' });
    const selfClosed = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:p="http://ns.adobe.com/premierePrivateProjectMetaData/1.0/"/></rdf:RDF></x:xmpmeta>';
    expect(readProjectProperties(withProjectProperties(selfClosed, props), ['LTXRetakePrompt'])).toEqual({ LTXRetakePrompt: 'a < b & "c"' });
    expect(projectValues(withProjectProperties(selfClosed, props))).toEqual({ LTXRetakePrompt: 'a < b & "c"' });
  });

  test('a field Premiere wrote in attribute form is read, and replaced by the new value rather than doubled', () => {
    const packet =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
      'xmlns:ppm="http://ns.adobe.com/premierePrivateProjectMetaData/1.0/" ppm:LTXRetakePrompt="old &amp; gone" ppm:Other="kept"></rdf:Description></rdf:RDF></x:xmpmeta>';
    expect(readProjectProperties(packet, ['LTXRetakePrompt'])).toEqual({ LTXRetakePrompt: 'old & gone' });
    const out = withProjectProperties(packet, props);
    expect(out).not.toContain('old &amp; gone');
    expect(out).toContain('ppm:Other="kept"');
    expect(readProjectProperties(out, ['LTXRetakePrompt'])).toEqual({ LTXRetakePrompt: 'a < b & "c"' });
  });

  test('the fake refuses a packet that is not well-formed', () => {
    expect(() => projectValues('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="r"><a></rdf:RDF></x:xmpmeta>')).toThrow('not well-formed');
    expect(() => projectValues('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="r"><a>')).toThrow('not an XMP packet');
    expect(() => projectValues('<rdf:RDF xmlns:rdf="r"><p:x>1</p:x></rdf:RDF>')).toThrow('undeclared prefix');
  });
});

describe('thumbnail of a placed take', () => {
  test('a PNG of the composited frame inside the take, at the thumbnail width, in the data folder', async () => {
    const s = await scene();
    await s.place('t1');
    const url = await s.host.takeThumbnail!(s.guid, f(80), 't1');
    expect(url).toBe(join(thumbs, 'take-t1.png.png')); // the fake adds the extension again, as Adobe's sample says Premiere does
    const png = readFileSync(url!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([320, 180]);
    const [r, , b] = firstPixel(png);
    expect(r).toBeGreaterThan(200); // the take (red) plays there, not the shot under it (blue)
    expect(b).toBeLessThan(60);
  });

  test("a Premiere that writes the name as given is followed; an export that writes nothing gives no thumbnail", async () => {
    const s = await scene({ fake: { behaviour: { frameExportAddsExtension: false } } });
    await s.place('t2');
    const url = await s.host.takeThumbnail!(s.guid, f(80), 't2');
    expect(url).toBe(join(thumbs, 'take-t2.png'));
    expect(existsSync(join(thumbs, 'take-t2.png.png'))).toBe(false);
    expect(await s.host.takeThumbnail!(s.guid, f(8 * 25 + 10), 't2')).toBeNull(); // past the sequence end
    expect(existsSync(join(thumbs, 'take-t2.png'))).toBe(false); // the earlier frame is not shown as this one
  });
});
