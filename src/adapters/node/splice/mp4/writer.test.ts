import { execFile } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FFPROBE_PATH, ffmpeg } from '../../ffmpeg';
import { frameHashes, makeSource } from '../../../../testing/sources';
import * as mux from '../mux';
import { Replacement, SplicedOutputResult, writeSplicedOutput } from '../index';
import * as writer from './writer';

jest.setTimeout(120_000);

/**
 * Our MP4 writer against ffmpeg's mux of the same splice (the oracle): the same decoded frames
 * (picture and sound), and the input's duration, frame count, start times, timecode track and
 * metadata, for the layouts and rates editors bring.
 */
const dir = mkdtempSync(join(tmpdir(), 'mp4-writer-'));
let red: string;

beforeAll(async () => {
  red = await makeSource(join(dir, 'red.mp4'), { seconds: 4, fps: '25', width: 640, height: 360, pattern: 'color=c=red', toneHz: 1000, audioRate: 48000 });
});

afterEach(() => jest.restoreAllMocks());

/** What ffprobe reports of the container and each stream (timecode track and tags included), bit rates aside. */
async function facts(file: string): Promise<unknown> {
  const entries = 'format=duration,start_time,nb_streams:format_tags:stream=index,codec_type,codec_name,codec_tag_string,profile,level,width,height,pix_fmt,r_frame_rate,time_base,start_pts,start_time,duration_ts,duration,nb_frames,sample_rate,channels:stream_tags';
  const out = await new Promise<string>((resolve, reject) =>
    execFile(FFPROBE_PATH, ['-v', 'error', '-show_entries', entries, '-of', 'json', file], (e, stdout) => (e ? reject(e) : resolve(stdout))),
  );
  return JSON.parse(out);
}

/** Writes the splice with our writer and, its writer declining, with ffmpeg's mux; both results and files. */
async function bothWays(name: string, input: string, replacements: Replacement[]): Promise<{ own: string; oracle: string; result: SplicedOutputResult }> {
  const ffmpegMux = jest.spyOn(mux, 'muxOutput');
  const own = join(dir, `${name}-own.mp4`);
  const result = await writeSplicedOutput({ input, output: own, replacements, audioFadeMs: 10 });
  expect(ffmpegMux).not.toHaveBeenCalled();
  jest.spyOn(writer, 'writeSplicedMp4').mockResolvedValue({ ok: false, reason: 'the oracle is muxed by ffmpeg' });
  const oracle = join(dir, `${name}-ffmpeg.mp4`);
  expect(await writeSplicedOutput({ input, output: oracle, replacements, audioFadeMs: 10 })).toEqual(result);
  expect(ffmpegMux).toHaveBeenCalledTimes(1);
  jest.restoreAllMocks();
  return { own, oracle, result };
}

/** Decoded frames equal to the oracle's everywhere and to the input's outside the re-encoded stretches; the input's length, times and tags. */
async function expectSameAsOracleAndInput(input: string, own: string, oracle: string, result: SplicedOutputResult, soundCopied: boolean) {
  const [mine, theirs, source] = await Promise.all([frameHashes(own), frameHashes(oracle), frameHashes(input)]);
  expect(mine).toEqual(theirs);
  expect(mine).toHaveLength(source.length);
  const reencoded = (i: number) => result.reencoded.some((s) => i >= s.from && i < s.to);
  expect(mine.filter((h, i) => !reencoded(i) && h !== source[i])).toEqual([]);
  if (result.reencoded.length) expect(mine.some((h, i) => h !== source[i])).toBe(true);
  const hasSound = ((await facts(input)) as { streams: Array<{ codec_type: string }> }).streams.some((s) => s.codec_type === 'audio');
  if (hasSound) {
    const [mySound, theirSound] = [await frameHashes(own, 'a:0'), await frameHashes(oracle, 'a:0')];
    expect(mySound).toEqual(theirSound);
    if (soundCopied) expect(mySound).toEqual(await frameHashes(input, 'a:0'));
    else expect(mySound).not.toEqual(await frameHashes(input, 'a:0'));
  }
  expect(await facts(own)).toEqual(await facts(input));
}

/** The top-level box types of a file, in order. */
async function topLevelBoxes(file: string): Promise<string[]> {
  const { readFile } = await import('fs/promises');
  const data = await readFile(file);
  const types: string[] = [];
  for (let at = 0; at < data.length; at += data.readUInt32BE(at)) types.push(data.toString('latin1', at + 4, at + 8));
  return types;
}

test('25 fps, moov after the media, picture replaced: the oracle\'s frames, the input\'s timecode track, title, length and layout', async () => {
  const input = await makeSource(join(dir, 'tc.mp4'), { seconds: 4, fps: '25', gop: 25, timecode: '10:00:00:00', title: 'Scene 4', audioRate: 48000 });
  const { own, oracle, result } = await bothWays('tc', input, [{ take: red, replaced: { from: 30, to: 45 }, takeFrom: 0, replaceVideo: true, replaceAudio: false }]);
  expect(result).toEqual({ method: 'splice', reencoded: [{ from: 25, to: 50 }] });
  await expectSameAsOracleAndInput(input, own, oracle, result, true);
  expect(await topLevelBoxes(input)).toEqual(['ftyp', 'free', 'mdat', 'moov']);
  expect(await topLevelBoxes(own)).toEqual(['ftyp', 'free', 'mdat', 'mdat', 'moov']);
});

test('23.976, picture and sound replaced', async () => {
  const input = await makeSource(join(dir, 'both.mp4'), { seconds: 5, fps: '24000/1001', gop: 24, audioRate: 44100, audioArgs: ['-aac_pns', '0'] });
  const { own, oracle, result } = await bothWays('both', input, [{ take: red, replaced: { from: 50, to: 70 }, takeFrom: 10, replaceVideo: true, replaceAudio: true }]);
  expect(result).toMatchObject({ method: 'splice', reencoded: [{ from: 48, to: 72 }], soundReencoded: [expect.anything()] });
  await expectSameAsOracleAndInput(input, own, oracle, result, false);
});

test('29.97 without sound, moov before the media (fast start): the moov stays first, the offsets follow it', async () => {
  const input = await makeSource(join(dir, 'fast.mp4'), { seconds: 4, fps: '30000/1001', gop: 30, audioRate: null, faststart: true });
  const { own, oracle, result } = await bothWays('fast', input, [{ take: red, replaced: { from: 40, to: 80 }, takeFrom: 0, replaceVideo: true, replaceAudio: false }]);
  expect(result).toEqual({ method: 'splice', reencoded: [{ from: 30, to: 90 }] });
  await expectSameAsOracleAndInput(input, own, oracle, result, true);
  expect(await topLevelBoxes(input)).toEqual(['ftyp', 'moov', 'free', 'mdat']);
  expect(await topLevelBoxes(own)).toEqual(['ftyp', 'moov', 'free', 'mdat', 'mdat']);
});

test('sound replaced alone in a fast-start file: every picture packet and every other AAC frame copied', async () => {
  const input = await makeSource(join(dir, 'sound.mp4'), { seconds: 4, fps: '25', gop: 25, audioRate: 48000, audioArgs: ['-aac_pns', '0'], faststart: true });
  const { own, oracle, result } = await bothWays('sound', input, [{ take: red, replaced: { from: 40, to: 60 }, takeFrom: 0, replaceVideo: false, replaceAudio: true }]);
  expect(result).toMatchObject({ method: 'splice', reencoded: [] });
  await expectSameAsOracleAndInput(input, own, oracle, result, false);
});

test('several ranges at once (a batch), pictures and one sound, each written by our writer', async () => {
  const input = await makeSource(join(dir, 'batch.mp4'), { seconds: 8, fps: '25', gop: 25, audioRate: 44100, audioArgs: ['-aac_pns', '0'], timecode: '01:00:00:00' });
  const { own, oracle, result } = await bothWays('batch', input, [
    { take: red, replaced: { from: 140, to: 160 }, takeFrom: 0, replaceVideo: true, replaceAudio: false },
    { take: red, replaced: { from: 30, to: 55 }, takeFrom: 0, replaceVideo: true, replaceAudio: true },
    { take: red, replaced: { from: 90, to: 95 }, takeFrom: 0, replaceVideo: true, replaceAudio: false },
  ]);
  expect(result).toMatchObject({ method: 'splice', reencoded: [{ from: 25, to: 75 }, { from: 75, to: 100 }, { from: 125, to: 175 }] });
  await expectSameAsOracleAndInput(input, own, oracle, result, false);
});

test('composition offsets stored signed (ctts version 1, no edit list shift): the re-encoded frames are presented where the source\'s were', async () => {
  const plain = await makeSource(join(dir, 'unsigned.mp4'), { seconds: 4, fps: '25', gop: 25, audioRate: null });
  const input = join(dir, 'signed.mp4');
  await ffmpeg(['-i', plain, '-c', 'copy', '-movflags', 'negative_cts_offsets', input]);
  const { own, oracle, result } = await bothWays('signed', input, [{ take: red, replaced: { from: 30, to: 45 }, takeFrom: 0, replaceVideo: true, replaceAudio: false }]);
  expect(result).toEqual({ method: 'splice', reencoded: [{ from: 25, to: 50 }] });
  await expectSameAsOracleAndInput(input, own, oracle, result, true);
});

test('a fragmented MP4 is declined by our writer and muxed by ffmpeg: still a splice, frames outside the boundary the input\'s', async () => {
  const plain = await makeSource(join(dir, 'plain.mp4'), { seconds: 4, fps: '25', gop: 25, audioRate: null });
  const input = join(dir, 'fragmented.mp4');
  await ffmpeg(['-i', plain, '-c', 'copy', '-movflags', 'frag_keyframe+empty_moov+delay_moov', input]);
  const declined = jest.spyOn(writer, 'writeSplicedMp4');
  const output = join(dir, 'fragmented-out.mp4');
  const result = await writeSplicedOutput({ input, output, audioFadeMs: 10, replacements: [{ take: red, replaced: { from: 30, to: 40 }, takeFrom: 0, replaceVideo: true, replaceAudio: false }] });
  expect(result).toEqual({ method: 'splice', reencoded: [{ from: 25, to: 50 }] });
  expect(await declined.mock.results[0].value).toEqual({ ok: false, reason: 'the file is fragmented' });
  const [before, after] = [await frameHashes(input), await frameHashes(output)];
  expect(after).toHaveLength(100);
  expect(after.filter((h, i) => (i < 25 || i >= 50) && h !== before[i])).toEqual([]);
});

test('a track whose media is in another file (a data reference not flagged "this file") is declined and nothing is written', async () => {
  const { readFile, writeFile } = await import('fs/promises');
  const { existsSync } = await import('fs');
  const data = await readFile(await makeSource(join(dir, 'ref.mp4'), { seconds: 2, fps: '25', gop: 25, audioRate: null }));
  // The video track's dref entry: a 12-byte 'url ' full box whose flag 1 says "in this file".
  const url = data.indexOf('url ', data.indexOf('moov', 0, 'latin1'), 'latin1');
  expect(data.readUInt32BE(url + 4)).toBe(1);
  data.writeUInt32BE(0, url + 4);
  const input = join(dir, 'reference.mp4');
  await writeFile(input, data);
  const output = join(dir, 'reference-out.mp4');
  expect(await writer.writeSplicedMp4({ input, output, video: null, audio: null })).toEqual({ ok: false, reason: 'a track refers to media in another file' });
  expect(existsSync(output)).toBe(false);
});
