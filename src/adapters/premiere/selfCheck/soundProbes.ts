/**
 * The split a sound take makes in the original sound (originalSound.ts), measured with the
 * plugin's own calls on the scratch timeline: an audio-only subclip of the clip on the first
 * audio track, overwritten onto that track over frames 5-15 of it. What it cannot measure (that
 * the disabled part is silent in playback and exports) is in the README's table.
 */
import { framesToTicks } from '../../../domain/time';
import { findSubclips, overwriteActions, readOriginalSound, subclipActions } from '../originalSound';
import { readTicksPerFrame } from '../sequenceReader';
import { scanTracks } from '../takeLanes';
import { ticksOf } from '../timeConvention';
import { everything, same } from './editProbes';
import { Probe, answer } from './probe';
import { SELF_CHECK_CLIP } from './scratch';
import { scratchSequence } from './timingProbes';

const frames = (n: number) => framesToTicks(n, SELF_CHECK_CLIP.rate);

export const originalSoundProbe: Probe = {
  rows: [
    {
      id: 'originalSoundSplit',
      title: "Splitting the original sound under a sound take",
      expected:
        'an audio-only subclip (takeVideo false) of the clip on audio track 1, overwritten onto that track over frames 5-15 of it: the clip is split there (head, part, tail; each piece plays the same source frames at the same time), nothing else moves and no picture is added or changed',
    },
  ],
  run: async (c) => {
    const sequence = scratchSequence(c);
    const project = c.project.project;
    const audio = await scanTracks(c.ppro, sequence, 'audio');
    const original = audio[0]?.clips.find((clip) => !clip.disabled && clip.end - clip.start >= frames(20));
    if (!original) throw new Error('there is no clip of 20 frames or more on the first audio track of the scratch sequence');
    const range = { start: original.start + frames(5), end: original.start + frames(15) };
    const sourceIn = ticksOf(await original.item.getInPoint());
    const cuts = (await readOriginalSound(c.ppro, project, audio, range, await readTicksPerFrame(sequence))).cuts.filter((cut) => cut.trackIndex === 0);
    if (cuts.length !== 1) return { originalSoundSplit: answer('failed', `the plugin found ${cuts.length} clip(s) to split on the first audio track`) };
    if (!c.project.commit('audio-only subclip of the original', () => subclipActions(c.ppro, cuts))) {
      return { originalSoundSplit: answer('failed', 'Premiere refused the audio-only subclip') };
    }
    if (!(await findSubclips(c.ppro, project, cuts))) return { originalSoundSplit: answer('failed', 'the audio-only subclip did not appear in the project') };
    const before = await everything(c);
    const videoTracks = await sequence.getVideoTrackCount();
    if (!c.project.commit('overwrite the original sound part', () => overwriteActions(c.ppro, sequence, cuts, videoTracks))) {
      return { originalSoundSplit: answer('failed', 'Premiere refused the overwrite') };
    }
    const after = await everything(c);
    const onTrack = after.filter((p) => p.kind === 'audio' && p.index === 0);
    const piece = async (start: bigint, end: bigint) => {
      const found = onTrack.find((p) => p.start === start && p.end === end);
      return found ? ticksOf(await found.item.getInPoint()) : null;
    };
    const ins = [await piece(original.start, range.start), await piece(range.start, range.end), await piece(range.end, original.end)];
    const wantIns = [sourceIn, sourceIn + frames(5), sourceIn + frames(15)];
    const split = ins.every((t, i) => t === wantIns[i]);
    const isOriginal = (p: { kind: string; index: number; start: bigint; end: bigint }) => p.kind === 'audio' && p.index === 0 && p.start === original.start && p.end === original.end;
    const othersMoved = before.filter((b) => !isOriginal(b) && !after.some((a) => same(a, b))).length;
    const added = after.filter((a) => !before.some((b) => same(a, b)));
    const pictureAdded = added.filter((a) => a.kind === 'video').length;
    const say = (t: bigint | null) => (t === null ? 'missing' : `in ${t}`);
    const seen = `head ${say(ins[0])}, part ${say(ins[1])}, tail ${say(ins[2])} (expected in ${wantIns.join(', ')}); ${othersMoved} other clip(s) moved; ${pictureAdded} picture clip(s) added`;
    return { originalSoundSplit: answer(split && othersMoved === 0 && pictureAdded === 0 ? 'pass' : 'differs', seen) };
  },
};
