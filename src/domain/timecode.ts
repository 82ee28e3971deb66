import { FrameRate } from './time';

/**
 * SMPTE timecode for a frame count. Drop-frame (29.97/59.94 DF) skips frame numbers 0-1 (0-3 at
 * 59.94) at the start of each minute except every tenth, so the clock keeps up with real time.
 */
export function framesToTimecode(frames: number, rate: FrameRate): string {
  const nominal = Math.round(rate.num / rate.den);
  const sign = frames < 0 ? '-' : '';
  let f = Math.abs(frames);
  if (rate.dropFrame) {
    const dropped = Math.round(nominal / 15); // 2 at 29.97, 4 at 59.94
    const perMinute = nominal * 60 - dropped;
    const perTenMinutes = perMinute * 10 + dropped;
    const tens = Math.floor(f / perTenMinutes);
    const rest = f % perTenMinutes;
    f += dropped * 9 * tens;
    if (rest > dropped) f += dropped * Math.floor((rest - dropped) / perMinute);
  }
  const ff = f % nominal;
  const totalSeconds = Math.floor(f / nominal);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const sep = rate.dropFrame ? ';' : ':';
  return `${sign}${pad(hh)}:${pad(mm)}:${pad(ss)}${sep}${pad(ff)}`;
}

/** Inverse of framesToTimecode; accepts ':' or ';' before the frames. */
export function timecodeToFrames(timecode: string, rate: FrameRate): number {
  const m = /^(-?)(\d+):(\d\d):(\d\d)[:;.](\d\d)$/.exec(timecode.trim());
  if (!m) throw new Error(`"${timecode}" is not a timecode (HH:MM:SS:FF).`);
  const [, sign, h, mi, s, fr] = m;
  const nominal = Math.round(rate.num / rate.den);
  const totalMinutes = Number(h) * 60 + Number(mi);
  let frames = (totalMinutes * 60 + Number(s)) * nominal + Number(fr);
  if (rate.dropFrame) {
    const dropped = Math.round(nominal / 15);
    frames -= dropped * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return sign ? -frames : frames;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
