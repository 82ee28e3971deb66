import { FFPROBE_PATH, ffmpeg } from '../ffmpeg';
import { execFile } from 'child_process';

/** What the splice needs to know about a source file: its container, streams and their exact formats. */
export interface Rational {
  num: number;
  den: number;
}

export interface SourceVideo {
  index: number;
  /** The container's id for the track (an MP4 track id), used to pick the stream in a concat list. */
  trackId: number | null;
  codec: string;
  profile: string | null;
  /** As ffprobe reports it for H.264: level_idc, e.g. 40 for level 4.0. */
  level: number | null;
  pixFmt: string;
  width: number;
  height: number;
  sampleAspect: Rational | null;
  rate: Rational;
  averageRate: Rational;
  timeBase: Rational;
  startSeconds: number;
  frames: number | null;
  fieldOrder: string | null;
  /** The start timecode (the stream's or the file's `timecode` tag: the MP4 timecode track), or null. */
  timecode: string | null;
  colour: { range?: string; space?: string; transfer?: string; primaries?: string };
}

export interface SourceAudio {
  index: number;
  codec: string;
  profile: string | null;
  sampleRate: number;
  channels: number;
  channelLayout: string | null;
  bitRate: number | null;
}

export interface SourceInfo {
  file: string;
  /** ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  durationSeconds: number;
  video: SourceVideo | null;
  audio: SourceAudio | null;
}

interface RawStream {
  index: number;
  id?: string;
  codec_type: string;
  codec_name?: string;
  profile?: string;
  level?: number;
  pix_fmt?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  time_base?: string;
  start_time?: string;
  nb_frames?: string;
  field_order?: string;
  color_range?: string;
  color_space?: string;
  color_transfer?: string;
  color_primaries?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: { timecode?: string };
}

function ffprobe(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(FFPROBE_PATH, ['-v', 'error', ...args], { maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ffprobe failed: ${String(stderr).trim().split('\n').slice(-3).join('\n') || error.message}`));
      else resolve(stdout);
    });
  });
}

export function parseRational(text: string | undefined): Rational | null {
  if (!text) return null;
  const [num, den] = text.split(/[/:]/).map(Number);
  return Number.isFinite(num) && Number.isFinite(den) && num > 0 && den > 0 ? { num, den } : null;
}

export async function probeSource(file: string): Promise<SourceInfo> {
  const parsed = JSON.parse(await ffprobe(['-print_format', 'json', '-show_format', '-show_streams', file])) as {
    format: { format_name?: string; duration?: string; tags?: { timecode?: string } };
    streams: RawStream[];
  };
  const v = parsed.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const a = parsed.streams.find((s) => s.codec_type === 'audio');
  const rate = parseRational(v?.r_frame_rate);
  const video: SourceVideo | null = v && v.width && v.height && rate
    ? {
        index: v.index,
        trackId: v.id ? Number(v.id) : null,
        codec: v.codec_name ?? 'unknown',
        profile: v.profile ?? null,
        level: typeof v.level === 'number' && v.level > 0 ? v.level : null,
        pixFmt: v.pix_fmt ?? 'unknown',
        width: v.width,
        height: v.height,
        sampleAspect: parseRational(v.sample_aspect_ratio),
        rate,
        averageRate: parseRational(v.avg_frame_rate) ?? rate,
        timeBase: parseRational(v.time_base) ?? { num: 1, den: 90000 },
        startSeconds: Number(v.start_time ?? 0),
        frames: v.nb_frames ? Number(v.nb_frames) : null,
        fieldOrder: v.field_order ?? null,
        timecode: v.tags?.timecode ?? parsed.streams.find((s) => s.tags?.timecode)?.tags?.timecode ?? parsed.format.tags?.timecode ?? null,
        colour: { range: v.color_range, space: v.color_space, transfer: v.color_transfer, primaries: v.color_primaries },
      }
    : null;
  const audio: SourceAudio | null = a && a.sample_rate
    ? {
        index: a.index,
        codec: a.codec_name ?? 'unknown',
        profile: a.profile ?? null,
        sampleRate: Number(a.sample_rate),
        channels: a.channels ?? 1,
        channelLayout: a.channel_layout ?? null,
        bitRate: a.bit_rate ? Number(a.bit_rate) : null,
      }
    : null;
  return { file, container: parsed.format.format_name ?? 'unknown', durationSeconds: Number(parsed.format.duration ?? 0), video, audio };
}

/** One video packet, in decode order, timestamps in the stream's time base. */
export interface VideoPacket {
  pts: number;
  dts: number;
  duration: number;
  key: boolean;
}

/**
 * The video packets whose timestamps fall in [fromSeconds, toSeconds], in decode order. Reading
 * only the stretch around the cuts keeps probing cheap on long sources.
 */
export async function readVideoPackets(file: string, streamIndex: number, fromSeconds: number, toSeconds: number): Promise<VideoPacket[]> {
  const out = await ffprobe([
    '-select_streams', String(streamIndex), '-read_intervals', `${Math.max(0, fromSeconds).toFixed(6)}%${toSeconds.toFixed(6)}`,
    '-show_entries', 'packet=pts,dts,duration,flags', '-of', 'csv=p=0', file,
  ]);
  const packets: VideoPacket[] = [];
  for (const line of out.split('\n')) {
    const [pts, dts, duration, flags] = line.trim().split(',');
    if (!flags || pts === 'N/A' || dts === 'N/A') continue;
    packets.push({ pts: Number(pts), dts: Number(dts), duration: Number(duration), key: flags.startsWith('K') });
  }
  return packets;
}

/**
 * The SPS and PPS ids of an H.264 stream's parameter sets (from its first access unit, turned into
 * Annex B by h264_mp4toannexb, which prepends the sample description's parameter sets).
 */
export async function readH264ParameterSetIds(file: string, streamIndex: number): Promise<{ sps: number[]; pps: number[] }> {
  const annexB = await ffmpeg(['-i', file, '-map', `0:${streamIndex}`, '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-frames:v', '1', '-f', 'h264', '-']);
  const ids = { sps: [] as number[], pps: [] as number[] };
  for (const nal of nalUnits(annexB)) {
    const type = nal[0] & 0x1f;
    // SPS: profile_idc, constraint flags and level_idc (3 bytes) precede seq_parameter_set_id; a PPS starts with its id.
    if (type === 7) ids.sps.push(readUnsignedExpGolomb(nal, 4 * 8));
    if (type === 8) ids.pps.push(readUnsignedExpGolomb(nal, 1 * 8));
  }
  return ids;
}

function* nalUnits(data: Buffer): Generator<Buffer> {
  let start = -1;
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) yield data.subarray(start, i);
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0) yield data.subarray(start);
}

/** ue(v) from bit offset `bit` (the first bytes of a NAL hold no emulation-prevention bytes for small ids). */
export function readUnsignedExpGolomb(bytes: Uint8Array, bit: number): number {
  const at = (b: number) => (bytes[b >> 3] >> (7 - (b & 7))) & 1;
  let zeros = 0;
  while (at(bit + zeros) === 0 && zeros < 31) zeros++;
  let value = 0;
  for (let i = 0; i <= zeros; i++) value = value * 2 + at(bit + zeros + i);
  return value - 1;
}
