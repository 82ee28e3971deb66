import { makeBox, readBoxes } from './boxes';
import { Samples, readSamples, writeSampleBoxes } from './sampleTable';

/** Six samples in two chunks of the input (0-2 at 5 GiB, 3-5 further on), each 100 bytes. */
function samples(): Samples {
  const base = 5 * 2 ** 30;
  return {
    count: 6,
    sizes: Uint32Array.from([100, 100, 100, 100, 100, 100]),
    offsets: Float64Array.from([base, base + 100, base + 200, base + 1000, base + 1100, base + 1200]),
    durations: Uint32Array.from([512, 512, 512, 512, 512, 500]),
    compositionOffsets: Int32Array.from([1024, 2048, 0, 512, 512, -512]),
    cttsVersion: 0,
    sync: Uint8Array.from([1, 0, 0, 1, 0, 0]),
    dependency: Uint8Array.from([0x20, 0x18, 0x18, 0x20, 0x18, 0x18]),
    chunkStarts: Uint8Array.from([1, 0, 0, 1, 0, 0]),
  };
}

function readBack(boxes: Map<string, Buffer>): Samples {
  const [stbl] = readBoxes(makeBox('stbl', ...boxes.values()));
  return readSamples(stbl);
}

test('tables written past 4 GiB use 64-bit chunk offsets and read back to the same samples; a negative composition offset makes ctts version 1', () => {
  const s = samples();
  const boxes = writeSampleBoxes(s, new Uint8Array(6), (offset) => offset + 16, true);
  expect([...boxes.keys()].sort()).toEqual(['co64', 'ctts', 'sdtp', 'stsc', 'stss', 'stsz', 'stts']);
  expect(boxes.get('ctts')![8]).toBe(1);
  const back = readBack(boxes);
  expect(back).toEqual({ ...s, offsets: s.offsets.map((o) => o + 16), cttsVersion: 1 });
});

test('replaced samples in the new media open their own chunk, and the input\'s samples after them another', () => {
  const s = samples();
  // Samples 1 and 2 now lie at the start of the new media, one after the other.
  s.offsets[1] = 0;
  s.offsets[2] = 100;
  const fresh = Uint8Array.from([0, 1, 1, 0, 0, 0]);
  const boxes = writeSampleBoxes(s, fresh, (offset, isFresh) => (isFresh ? 9000 + offset : offset - 5 * 2 ** 30), false);
  const back = readBack(boxes);
  expect(Array.from(back.offsets)).toEqual([0, 9000, 9100, 1000, 1100, 1200]);
  expect(Array.from(back.chunkStarts)).toEqual([1, 1, 0, 1, 0, 0]);
});
