import type { SecretStore } from '../../app/ports';

/** The part of UXP's `storage.secureStorage` used here. */
export interface UxpSecureStorage {
  getItem(key: string): Promise<Uint8Array>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

const KEY = 'runware-api-key';

/**
 * The API key in UXP secure storage (encrypted per user), never in localStorage or a file.
 * Secure storage can lose items, so a missing key simply reads as "none: ask again".
 */
export function createSecureKeyStore(secure: UxpSecureStorage): SecretStore {
  return {
    getApiKey: async () => {
      try {
        const bytes = await secure.getItem(KEY);
        const key = bytes ? decodeUtf8(bytes).trim() : '';
        return key || null;
      } catch {
        return null;
      }
    },
    setApiKey: (key) => secure.setItem(KEY, key),
    clearApiKey: async () => {
      await secure.removeItem(KEY).catch(() => undefined);
    },
  };
}

/** UTF-8 without TextDecoder, which UXP may lack. */
export function decodeUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++];
    if (b < 0x80) out += String.fromCharCode(b);
    else if (b < 0xe0) out += String.fromCharCode(((b & 0x1f) << 6) | (bytes[i++] & 0x3f));
    else if (b < 0xf0) out += String.fromCharCode(((b & 0x0f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f));
    else {
      const cp = ((b & 0x07) << 18) | ((bytes[i++] & 0x3f) << 12) | ((bytes[i++] & 0x3f) << 6) | (bytes[i++] & 0x3f);
      out += String.fromCodePoint(cp);
    }
  }
  return out;
}
