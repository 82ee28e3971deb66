/**
 * Which H.264 export preset to hand Premiere: its own system preset when one is on disk, the
 * plugin's shipped file only as the last resort (hand-written, never opened by Media Encoder).
 *
 * Where Premiere keeps them (not documented by Adobe; seen in plugins and scripts that export
 * from Premiere 2024-2026): the `MediaIO/systempresets/4E49434B_48323634` folder ("NICK" "H264"
 * as hex) inside the application, `/Applications/Adobe Premiere Pro <year>/Adobe Premiere Pro
 * <year>.app/Contents/...` on macOS and `C:\Program Files\Adobe\Adobe Premiere Pro <year>\...` on
 * Windows, with "Match Source - High bitrate" named with a "00 - " or "01 - " prefix. A Match
 * Source preset exports at the sequence's own size and rate. "Check this Premiere" reports which
 * preset loaded.
 */
import type { HostPlatform } from './nativePath';

export const H264_PRESET_FOLDER = 'MediaIO/systempresets/4E49434B_48323634';
export const SYSTEM_PRESET_NAMES = ['01 - Match Source - High bitrate.epr', '00 - Match Source - High bitrate.epr'];

export interface ResolvedPreset {
  path: string;
  source: 'system' | 'shipped';
}

/** Premiere 25.x is "Premiere Pro 2025", 26.x "2026": the host's year first, then its neighbours. */
export function premiereYears(hostVersion: string): number[] {
  const major = Number.parseInt(hostVersion, 10);
  const own = Number.isFinite(major) && major >= 20 ? 2000 + major : 2026;
  return [own, own + 1, own - 1];
}

export function systemPresetCandidates(platform: HostPlatform, hostVersion: string): string[] {
  const out: string[] = [];
  for (const year of premiereYears(hostVersion)) {
    const app =
      platform === 'windows'
        ? `C:/Program Files/Adobe/Adobe Premiere Pro ${year}`
        : `/Applications/Adobe Premiere Pro ${year}/Adobe Premiere Pro ${year}.app/Contents`;
    for (const name of SYSTEM_PRESET_NAMES) out.push(`${app}/${H264_PRESET_FOLDER}/${name}`);
  }
  return out;
}

export async function resolveExportPreset(
  exists: (path: string) => Promise<boolean>,
  o: { platform: HostPlatform; hostVersion: string; shippedPath: string },
): Promise<ResolvedPreset> {
  for (const candidate of systemPresetCandidates(o.platform, o.hostVersion)) {
    if (await exists(candidate).catch(() => false)) return { path: candidate, source: 'system' };
  }
  return { path: o.shippedPath, source: 'shipped' };
}

/** The model answers at 1080p: larger exports only cost upload time. Long side x short side. */
export const EXPORT_MAX_FRAME = { long: 1920, short: 1080 } as const;

/**
 * The frame size to export a sequence of `frame` at: null for its own size (it fits 1920x1080, in
 * either orientation), else scaled down to fit, aspect ratio kept, sides even (H.264 4:2:0).
 */
export function exportFrameSize(frame: { width: number; height: number }): { width: number; height: number } | null {
  const long = Math.max(frame.width, frame.height);
  const short = Math.min(frame.width, frame.height);
  if (long <= EXPORT_MAX_FRAME.long && short <= EXPORT_MAX_FRAME.short) return null;
  const scale = Math.min(EXPORT_MAX_FRAME.long / long, EXPORT_MAX_FRAME.short / short);
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  return { width: even(frame.width), height: even(frame.height) };
}

/**
 * Unconfirmed: a preset exports at its ADBEVideoWidth x ADBEVideoHeight once ADBEVideoMatchSource
 * is false (the parameters Premiere's H.264 presets carry; no API scales an export otherwise:
 * EncoderManager.exportSequence takes only a preset file). Throws when the preset lacks one of
 * them, so the caller keeps the preset it had.
 */
export function scaledPresetXml(xml: string, size: { width: number; height: number }): string {
  return withParams(xml, { ADBEVideoMatchSource: 'false', ADBEVideoWidth: String(size.width), ADBEVideoHeight: String(size.height) });
}

/** The sound the plugin's preset encodes (its ADBEAudioBitrate), Mbit/s. */
const PRESET_SOUND_MBPS = 0.192;

/**
 * The video bitrate, in Mbit/s as a preset holds it, that fits `seconds` of picture and sound into
 * `maxBytes`: 85% of the budget, for the container and a VBR encoder's overshoot. At least 1.
 */
export function bitrateToFit(seconds: number, maxBytes: number): number {
  const totalMbps = (maxBytes * 8 * 0.85) / seconds / 1e6;
  return Math.max(1, Math.floor((totalMbps - PRESET_SOUND_MBPS) * 10) / 10);
}

/**
 * The plugin's preset with its target and maximum video bitrate set to `videoMbps` (and scaled to
 * `size` when one is given). Unconfirmed: that Premiere reads ADBEVideoTargetBitrate and
 * ADBEVideoMaxBitrate in Mbit/s (the shipped preset's 16 and 20 for a 1080p "high bitrate" file).
 */
export function fittedPresetXml(xml: string, size: { width: number; height: number } | null, videoMbps: number): string {
  const rate = String(videoMbps);
  return withParams(size ? scaledPresetXml(xml, size) : xml, { ADBEVideoTargetBitrate: rate, ADBEVideoMaxBitrate: rate });
}

/** The preset's XML with each named parameter's value replaced; throws when one is missing. */
function withParams(xml: string, params: Record<string, string>): string {
  let out = xml;
  for (const [id, value] of Object.entries(params)) {
    const param = new RegExp(`(<ParamIdentifier>${id}</ParamIdentifier>(?:(?!</ExporterParam>)[\\s\\S])*?<ParamValue>)[^<]*(</ParamValue>)`);
    if (!param.test(out)) throw new Error(`The preset has no ${id} parameter.`);
    out = out.replace(param, `$1${value}$2`);
  }
  return out;
}
