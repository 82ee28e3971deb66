import { randomBytes } from 'crypto';
import { encodeBase64 } from './base64';

describe('encodeBase64', () => {
  it('matches RFC 4648 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64(new Uint8Array(Buffer.from(plain, 'ascii')))).toBe(encoded);
    }
  });

  it('matches Buffer on random data of every size from 0 to 300 bytes', () => {
    for (let size = 0; size <= 300; size++) {
      const bytes = new Uint8Array(randomBytes(size));
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('matches Buffer across slice boundaries (multiples of 3 * 0x1000 / 4 = 3072 bytes)', () => {
    for (const size of [3071, 3072, 3073, 6143, 6144, 6145, 24_576, 100_001]) {
      const bytes = new Uint8Array(randomBytes(size));
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes a view into a larger buffer, not the whole buffer', () => {
    const backing = new Uint8Array(randomBytes(64));
    const view = backing.subarray(5, 22);
    expect(encodeBase64(view)).toBe(Buffer.from(view).toString('base64'));
  });

  it('encodes 24 MB (+1 and +2 bytes) like Buffer, in reasonable time', () => {
    for (const extra of [0, 1, 2]) {
      const bytes = new Uint8Array(randomBytes(24 * 1024 * 1024 + extra));
      const started = Date.now();
      const encoded = encodeBase64(bytes);
      const ms = Date.now() - started;
      expect(encoded.length).toBe(Math.ceil(bytes.length / 3) * 4);
      expect(encoded === Buffer.from(bytes).toString('base64')).toBe(true);
      expect(ms).toBeLessThan(3000);
    }
  });
});
