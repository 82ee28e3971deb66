/**
 * Standard base64 (RFC 4648, with padding) of raw bytes, for the mediaStorage upload.
 *
 * Written by hand because UXP may lack Buffer, TextEncoder/TextDecoder, and btoa cannot take a
 * 24 MB binary string without building one first. Bytes are encoded into an array of ASCII codes,
 * then turned into a string a slice at a time (String.fromCharCode on a bounded slice, so no call
 * exceeds the engine's argument limit), and the slices joined once.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES: Uint8Array = (() => {
  const codes = new Uint8Array(64);
  for (let i = 0; i < 64; i++) codes[i] = ALPHABET.charCodeAt(i);
  return codes;
})();
const PAD = 61; // '='

/** Characters per String.fromCharCode call: well under any engine's argument limit. */
const SLICE = 0x1000;

export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  const whole = n - (n % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = CODES[v >>> 18];
    out[o++] = CODES[(v >>> 12) & 63];
    out[o++] = CODES[(v >>> 6) & 63];
    out[o++] = CODES[v & 63];
  }
  const rest = n - whole;
  if (rest === 1) {
    const v = bytes[whole] << 16;
    out[o++] = CODES[v >>> 18];
    out[o++] = CODES[(v >>> 12) & 63];
    out[o++] = PAD;
    out[o++] = PAD;
  } else if (rest === 2) {
    const v = (bytes[whole] << 16) | (bytes[whole + 1] << 8);
    out[o++] = CODES[v >>> 18];
    out[o++] = CODES[(v >>> 12) & 63];
    out[o++] = CODES[(v >>> 6) & 63];
    out[o++] = PAD;
  }
  return asciiToString(out);
}

function asciiToString(codes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < codes.length; i += SLICE) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + SLICE) as unknown as number[]));
  }
  return parts.join('');
}
