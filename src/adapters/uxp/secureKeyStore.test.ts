import { createSecureKeyStore, decodeUtf8 } from './secureKeyStore';

test('decodes UTF-8 like TextDecoder', () => {
  for (const text of ['rw_abc123', 'clé-ß-€-😀']) expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
});

test('stores, reads and removes the key; a lost or failing store reads as no key', async () => {
  const items = new Map<string, string>();
  const secure = {
    getItem: async (k: string) => {
      if (!items.has(k)) throw new Error('not found');
      return new TextEncoder().encode(items.get(k));
    },
    setItem: async (k: string, v: string) => void items.set(k, v),
    removeItem: async (k: string) => void items.delete(k),
  };
  const store = createSecureKeyStore(secure);
  expect(await store.getApiKey()).toBeNull();
  await store.setApiKey('rw_secret');
  expect(await store.getApiKey()).toBe('rw_secret');
  await store.clearApiKey();
  expect(await store.getApiKey()).toBeNull();
  await store.clearApiKey(); // removing twice is not an error
});
