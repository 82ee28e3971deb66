/**
 * Checks on the API key and the API address made where they are entered (CLI environment,
 * Settings, demo), before anything is sent. The sentences never echo the key.
 */

/** Runware keys are single tokens; whitespace or control characters mean a paste went wrong. */
export function apiKeyProblem(key: string): string | null {
  if (key.length === 0) return 'The API key is empty.';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(key)) {
    return 'The API key contains spaces, line breaks or control characters; paste it again as one line.';
  }
  return null;
}

/** The key travels in a header: only https, or plain http to this machine (the local stand-in). */
export function apiUrlProblem(url: string): string | null {
  const address = httpAddress(url.trim());
  if (!address) return `The API address "${url}" is not an http(s) URL.`;
  if (!sentInTheClear(address)) return null;
  return `The API address ${address.scheme}://${address.host} is not encrypted: the key would be sent in the clear. Use https, or http only to this machine.`;
}

/** The scheme and host of an http(s) URL (lower-case), or null for anything else. */
export function httpAddress(url: string): { scheme: 'http' | 'https'; host: string } | null {
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::\d+)?(?:[/?#]|$)/i.exec(url);
  return m ? { scheme: m[1].toLowerCase() as 'http' | 'https', host: m[2].toLowerCase() } : null;
}

/** Plain http to another machine: what it carries can be read on the way. */
export function sentInTheClear(address: { scheme: string; host: string }): boolean {
  return address.scheme === 'http' && !isLoopbackHost(address.host);
}

/** localhost, [::1] or 127.x.y.z: an address only this machine answers. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
