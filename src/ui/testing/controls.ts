/** Test controls: promises a test settles by hand, named hold points, and a minimal MP4 header. */

// ---- Deferred steps ----

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Named points a fake waits at while a test holds them ("export", "upload", "submit"). */
export function createGates() {
  const held = new Map<string, Deferred>();
  return {
    hold(name: string): Deferred {
      const d = deferred();
      held.set(name, d);
      return d;
    },
    async pass(name: string): Promise<void> {
      const d = held.get(name);
      if (d) {
        held.delete(name);
        await d.promise;
      }
    },
  };
}

// ---- A minimal MP4 (only the boxes the take check reads) ----

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let pos = 8;
  for (const p of payload) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

function words(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v));
  return out;
}

/** An MP4 header whose video track lasts `seconds`. */
export function fakeMp4(seconds: number, width = 1920, height = 1080): Uint8Array {
  const timescale = 240000;
  const tkhd = words([...new Array(19).fill(0), width * 65536, height * 65536]); // 84 bytes, size at the end
  const hdlr = words([0, 0, 0x76696465, 0, 0, 0]); // 'vide'
  const mdhd = words([0, 0, 0, timescale, Math.round(seconds * timescale), 0]);
  return box('moov', box('trak', box('tkhd', tkhd), box('mdia', box('hdlr', hdlr), box('mdhd', mdhd))));
}
