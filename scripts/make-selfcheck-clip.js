#!/usr/bin/env node
/**
 * The clip "Check this Premiere" builds its scratch sequence from: 2 s at 25 fps, 64x36, a moving
 * test pattern, a 440 Hz tone, start timecode 01:00:00:00 (about 14 KB). UXP has no ffmpeg, so the
 * build writes it into the plugin folder (selfcheck/ltx-selfcheck.mp4) with the npm ffmpeg; tests
 * make it the same way. Usage: node scripts/make-selfcheck-clip.js <output.mp4>
 */
const { execFileSync } = require('child_process');

function makeSelfCheckClip(out) {
  const ffmpeg = require('@ffmpeg-installer/ffmpeg').path;
  execFileSync(ffmpeg, [
    '-y', '-hide_banner', '-loglevel', 'error',
    '-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=25:duration=2',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'medium', '-crf', '40', '-pix_fmt', 'yuv420p', '-g', '25',
    '-c:a', 'aac', '-b:a', '32k', '-ac', '1',
    '-timecode', '01:00:00:00', '-movflags', '+faststart', '-map_metadata', '-1',
    out,
  ]);
}

module.exports = { makeSelfCheckClip };

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/make-selfcheck-clip.js <output.mp4>');
    process.exit(2);
  }
  makeSelfCheckClip(out);
}
