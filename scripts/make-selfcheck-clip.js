#!/usr/bin/env node
/**
 * Writes the clip "Check this Premiere" builds its scratch sequence from:
 * assets/selfcheck/ltx-selfcheck.mp4, 2 s at 25 fps, 64x36, a frame counter burnt in (so a frame
 * can be told from its neighbours), a 440 Hz tone, start timecode 01:00:00:00. UXP has no ffmpeg,
 * so the plugin ships this file; run this script (ffmpeg from the npm package) to make it again.
 */
const { execFileSync } = require('child_process');
const { join } = require('path');
const ffmpeg = require('@ffmpeg-installer/ffmpeg').path;

const out = join(__dirname, '..', 'assets', 'selfcheck', 'ltx-selfcheck.mp4');
execFileSync(ffmpeg, [
  '-y', '-hide_banner', '-loglevel', 'error',
  '-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=25:duration=2',
  '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
  '-map', '0:v', '-map', '1:a',
  '-c:v', 'libx264', '-preset', 'veryslow', '-crf', '40', '-pix_fmt', 'yuv420p', '-g', '25',
  '-c:a', 'aac', '-b:a', '32k', '-ac', '1',
  '-timecode', '01:00:00:00', '-movflags', '+faststart', '-map_metadata', '-1',
  '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact',
  out,
]);
console.log(`wrote ${out}`);
