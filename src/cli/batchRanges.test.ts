import { FRAME_RATES, framesToTicks, ticksToFrames } from '../domain/time';
import { BatchContext, planBatchRows } from './batchPlan';
import { parseRanges } from './batchRanges';

/** Premiere's marker export as it writes it: UTF-16 LE with a byte-order mark, tabs, a trailing tab per line, CRLF. */
function premiereExport(lines: string[][]): Buffer {
  const text = lines.map((cells) => `${cells.join('\t')}\t`).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

const HEADER = ['Marker Name', 'Description', 'In', 'Out', 'Duration', 'Marker Type'];

describe('reading the ranges file', () => {
  test("Premiere's own export: UTF-16, tabs, timecode, Duration = Out - In", () => {
    const file = premiereExport([
      HEADER,
      ['Car [V]', 'a red car, "vintage"', '00:00:04:00', '00:00:06:12', '00:00:02:12', 'Comment'],
      ['', 'rain', '00;00;10;00', '00;00;12;00', '00;00;02;00', 'Comment'],
    ]);
    const { rows, problems } = parseRanges(file, 'markers.csv');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { where: 'line 2', name: 'Car [V]', description: 'a red car, "vintage"', mode: null, in: { kind: 'timecode', text: '00:00:04:00', dropFrame: false }, out: { kind: 'timecode', text: '00:00:06:12', dropFrame: false }, duration: { kind: 'timecode', text: '00:00:02:12', dropFrame: false } },
      { where: 'line 3', name: '', description: 'rain', mode: null, in: { kind: 'timecode', text: '00:00:10:00', dropFrame: true }, out: { kind: 'timecode', text: '00:00:12:00', dropFrame: true }, duration: { kind: 'timecode', text: '00:00:02:00', dropFrame: true } },
    ]);
  });

  test("Premiere's export in another language is read by its column order", () => {
    const file = premiereExport([['Имя маркера', 'Описание', 'Вход', 'Выход', 'Длительность', 'Тип маркера'], ['Дождь', 'rain', '00:00:01:00', '00:00:03:00', '00:00:02:00', 'Комментарий']]);
    const { rows, problems } = parseRanges(file, 'markers.csv');
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ name: 'Дождь', description: 'rain', in: { text: '00:00:01:00' } });
  });

  test('a CSV written by hand: commas, quotes, seconds, a mode column, UTF-8', () => {
    const file = Buffer.from('name,description,in,out,mode\n"Shot 1","a dog, running",4,6.5,audio\n\n', 'utf8');
    const { rows, problems } = parseRanges(file, 'ranges.csv');
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ where: 'line 2', name: 'Shot 1', description: 'a dog, running', mode: 'audio', in: { kind: 'seconds', seconds: 4 }, out: { kind: 'seconds', seconds: 6.5 }, duration: null }]);
  });

  test('JSON: a list, or an object with "ranges"; seconds or timecode', () => {
    const json = Buffer.from(JSON.stringify({ ranges: [{ name: 'a', prompt: 'fog', in: 1, out: '00:00:03:00', mode: 'replace_audio' }] }));
    expect(parseRanges(json, 'ranges.json')).toEqual({
      rows: [{ where: 'entry 1', name: 'a', description: 'fog', mode: 'replace_audio', in: { kind: 'seconds', seconds: 1 }, out: { kind: 'timecode', text: '00:00:03:00', dropFrame: false }, duration: null }],
      problems: [],
    });
  });

  test.each([
    ['an unreadable time', Buffer.from('name,description,in,out\na,b,soon,6\n'), /Line 2: the in time "soon" is neither seconds nor a timecode/],
    ['a missing out', Buffer.from('name,description,in,out\na,b,4,\n'), /Line 2 has no out time/],
    ['no header', Buffer.from('a,b\n'), /first line must name its columns/],
    ['bad JSON', Buffer.from('[{"in": 1,'), /is not valid JSON/],
    ['a JSON entry without out', Buffer.from('[{"in": 1, "prompt": "x"}]'), /Entry 1 has no "out"/],
    ['an empty file', Buffer.from(''), /is empty/],
  ])('%s is a sentence naming the row', (_name, bytes, message) => {
    const { problems } = parseRanges(bytes, 'ranges.csv');
    expect(problems.join(' ')).toMatch(message);
  });
});

describe('planning the rows', () => {
  const rate = { ...FRAME_RATES['25'] };
  const timing = { frameRate: rate, end: framesToTicks(20 * 25, rate), zeroPoint: 0n };
  const ctx: BatchContext = { timing, startTimecode: null, defaults: { mode: 'replace_video', handles: 1, extra: 'after' } };
  const plan = (csv: string, over: Partial<BatchContext> = {}) => planBatchRows(parseRanges(Buffer.from(csv), 'r.csv').rows, { ...ctx, ...over });
  const frames = (t: bigint) => ticksToFrames(t, rate);

  test("timecode counts from the input's start timecode; Out is the frame after the range (Premiere: Duration = Out - In)", () => {
    const { rows, problems } = plan('name,description,in,out,duration\na,fog,01:00:04:00,01:00:06:12,00:00:02:12\n', { startTimecode: '01:00:00:00' });
    expect(problems).toEqual([]);
    expect([frames(rows[0].plan.marked.start), frames(rows[0].plan.marked.end)]).toEqual([100, 162]);
  });

  test('a Duration one frame longer than Out - In means Out is the last frame of the range', () => {
    const { rows } = plan('name,description,in,out,duration\na,fog,00:00:04:00,00:00:06:11,00:00:02:12\n');
    expect(frames(rows[0].plan.marked.end)).toBe(162);
  });

  test('drop-frame timecode at 29.97', () => {
    const df = { ...FRAME_RATES['29.97'] };
    const t = { frameRate: df, end: framesToTicks(30 * 60 * 2, df), zeroPoint: 0n };
    const { rows, problems } = plan('name,description,in,out\na,fog,00;01;00;02,00;01;03;02\n', { timing: t });
    expect(problems).toEqual([]);
    // Minute one has no frames 00;01;00;00 and 00;01;00;01: 00;01;00;02 is frame 1800, not 1802.
    expect(ticksToFrames(rows[0].plan.marked.start, df)).toBe(1800);
  });

  test('mode: a column, else a tag in the name, else --mode; prompt: the description, else the name', () => {
    const { rows } = plan('name,description,in,out,mode\nA,,1,3,both\nsea [A],,5,7,\nC,wind,9,11,\n');
    expect(rows.map((r) => [r.mode, r.prompt])).toEqual([['replace_audio_and_video', 'A'], ['replace_audio', 'sea'], ['replace_video', 'wind']]);
  });

  test.each([
    ['overlapping ranges', 'name,description,in,out\na,x,4,6.5\nb,y,6.8,9\n', /Line 2 \("a"\) and line 3 \("b"\) overlap: they would replace 4\.00-7\.00 s and 6\.80-9\.80 s/],
    ['a range past the end', 'name,description,in,out\na,x,18,21\n', /Line 2 \("a"\): it ends at 21\.000 s, past the end of the input \(20\.000 s\)/],
    ['a range too short', 'name,description,in,out\na,x,4,5\n', /Line 2 \("a"\): the range is 1 s; LTX-2 Retake regenerates at least 2 s/],
    ['a range too long', 'name,description,in,out\na,x,1,18\n', /Line 2 \("a"\): the range is 17 s; LTX-2 Retake regenerates at most 16 s/],
    ['an empty prompt', 'name,description,in,out\n,,4,7\n', /Line 2: it has no prompt/],
    ['out before in', 'name,description,in,out\na,x,7,4\n', /Line 2 \("a"\): the out point is not after the in point/],
    ['a bad mode', 'name,description,in,out,mode\na,x,4,7,colour\n', /the mode "colour" is not one of/],
    ['drop-frame at 25 fps', 'name,description,in,out\na,x,00;00;04;00,00;00;07;00\n', /drop-frame timecode, but the input runs at 25 fps/],
    ['a timecode before the start timecode', 'name,description,in,out\na,x,00:00:04:00,00:00:07:00\n', /before the input's start timecode 01:00:00:00/],
  ])('%s: one sentence naming the row, nothing planned', (name, csv, message) => {
    const result = plan(csv, name.includes('start timecode') ? { startTimecode: '01:00:00:00' } : {});
    expect(result.rows).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(message);
  });
});
