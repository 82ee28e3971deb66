/**
 * The demo's media and project (Node side). Media are generated once with the npm ffmpeg into the
 * data folder (kept between runs); the project is described as plain JSON that the page builds on
 * the fake Premiere (demoSpec.ts), as an editor would have cut it.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { ffmpeg } from '../adapters/node/ffmpeg';
import { FRAME_RATES, framesToTicks } from '../domain/time';
import { timecodeToFrames } from '../domain/timecode';
import { ensurePrivateFolder } from './dataFolder';
import type { DemoPaths, DemoProjectSpec } from './demoSpec';

export const CLIP_SECONDS = 12;
const FPS = 25;
const WIDTH = 1280;
const HEIGHT = 720;

/** The phrase in one marker's comment that the end-to-end tests script to fail on the stand-in. */
export const SCRIPTED_FAILURE_PHRASE = 'neon street';

interface ClipRecipe {
  file: string;
  name: string;
  /** ffmpeg -filter_complex producing [v] at WIDTHxHEIGHT, FPS. */
  picture: string;
  toneHz: number;
}

const CLIPS: ClipRecipe[] = [
  { file: 'Test pattern.mp4', name: 'Test pattern', picture: `testsrc2=s=${WIDTH}x${HEIGHT}:r=${FPS}[v]`, toneHz: 440 },
  { file: 'Colour bars.mp4', name: 'Colour bars', picture: `smptehdbars=s=${WIDTH}x${HEIGHT}:r=${FPS}[v]`, toneHz: 550 },
  {
    file: 'Orange box.mp4',
    name: 'Orange box',
    // A navy field with an orange square sliding across it: motion without any font.
    picture:
      `color=c=0x1d3557:s=${WIDTH}x${HEIGHT}:r=${FPS}[bg];color=c=0xf4a261:s=220x220:r=${FPS}[box];` +
      `[bg][box]overlay=x='mod(t*140\\,${WIDTH + 220})-220':y=${(HEIGHT - 220) / 2}:shortest=1[v]`,
    toneHz: 660,
  },
];

/** The repository root, from src/demo (ts-jest) or dist/demo (built). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PRESET_SOURCE = join(REPO_ROOT, 'assets', 'presets', 'h264-retake.epr');

export function demoPaths(dataDir: string): DemoPaths {
  const root = resolve(dataDir);
  return {
    dataDir: root,
    mediaDir: join(root, 'media'),
    projectPath: join(root, 'Demo Project.prproj'),
    presetPath: join(root, 'presets', 'h264-retake.epr'),
    scratchDir: join(root, 'scratch'),
    stateDir: join(root, 'state'),
    journalPath: join(root, 'state', 'retake-journal.json'),
    preferencesPath: join(root, 'state', 'preferences.json'),
    takesDir: join(root, 'LTX Retakes'),
    thumbnailsDir: join(root, 'thumbnails'),
  };
}

/**
 * Makes sure the data folder holds the demo media and the export preset (generated only when
 * missing). Returns what was generated, for the start-up message.
 */
export async function prepareDemoData(dataDir: string, log: (line: string) => void = () => undefined): Promise<{ generated: string[] }> {
  const paths = demoPaths(dataDir);
  ensurePrivateFolder(paths.dataDir);
  for (const dir of [paths.mediaDir, paths.scratchDir, paths.stateDir, join(paths.dataDir, 'presets')]) mkdirSync(dir, { recursive: true });
  if (!existsSync(paths.presetPath)) copyFileSync(PRESET_SOURCE, paths.presetPath);
  const missing = CLIPS.filter((c) => !isNonEmptyFile(join(paths.mediaDir, c.file)));
  if (missing.length > 0) log(`Generating ${missing.length} demo clip(s) into ${paths.mediaDir} (once)…`);
  await Promise.all(missing.map((c) => makeClip(join(paths.mediaDir, c.file), c)));
  return { generated: missing.map((c) => c.file) };
}

async function makeClip(file: string, clip: ClipRecipe): Promise<void> {
  const temp = `${file}.partial.mp4`;
  await ffmpeg([
    '-f', 'lavfi', '-i', `sine=frequency=${clip.toneHz}:sample_rate=48000`,
    '-filter_complex', clip.picture,
    '-map', '[v]', '-map', '0:a',
    '-t', String(CLIP_SECONDS), '-r', String(FPS),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '25',
    '-c:a', 'aac', '-ac', '2', '-ar', '48000', '-b:a', '96k',
    '-movflags', '+faststart', temp,
  ]);
  renameSync(temp, file);
}

function isNonEmptyFile(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/**
 * The demo edit: "Demo edit", 25 fps 1280x720 from 01:00:00:00, the three clips back to back on
 * V1/A1, the editor's in/out on 01:00:04:00-01:00:06:15, and three ranged markers whose comments
 * are prompts (one tagged [A] for a sound-only retake).
 */
export function demoProjectSpec(dataDir: string): DemoProjectSpec {
  const paths = demoPaths(dataDir);
  const rate = FRAME_RATES['25'];
  const zero = timecodeToFrames('01:00:00:00', rate);
  /** Ticks from the timeline start of a timecode, as a JSON-safe string. */
  const at = (tc: string) => framesToTicks(timecodeToFrames(tc, rate) - zero, rate).toString();
  const span = (from: string, to: string) => ({ startTicks: at(from), durationTicks: (BigInt(at(to)) - BigInt(at(from))).toString() });
  const clipTicks = framesToTicks(CLIP_SECONDS * FPS, rate);
  return {
    project: { name: 'Demo Project', path: paths.projectPath },
    sequence: { name: 'Demo edit', frameRate: '25', zeroPoint: '01:00:00:00', frameSize: { width: WIDTH, height: HEIGHT } },
    clips: CLIPS.map((c, i) => ({
      path: join(paths.mediaDir, c.file),
      name: c.name,
      startTicks: (clipTicks * BigInt(i)).toString(),
      durationTicks: clipTicks.toString(),
    })),
    marks: { inTicks: at('01:00:04:00'), outTicks: at('01:00:06:15') },
    markers: [
      { name: 'Brighter sky', comments: 'clouds part and warm sunlight sweeps across the frame', colorIndex: 0, ...span('01:00:08:00', '01:00:10:12') },
      { name: 'Room tone [A]', comments: 'quiet room tone with distant city traffic', colorIndex: 6, ...span('01:00:15:00', '01:00:17:00') },
      { name: 'Night scene', comments: `a rain-soaked ${SCRIPTED_FAILURE_PHRASE} at night, slow dolly forward`, colorIndex: 2, ...span('01:00:27:00', '01:00:29:00') },
    ],
  };
}
