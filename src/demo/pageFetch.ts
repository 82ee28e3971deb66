/**
 * How the page calls its demo server: same origin, with the per-start token (from the page's URL
 * fragment, which the browser never sends anywhere) in the X-Demo-Token header.
 */
export type PageFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** The token in `#token=...`, or null when the page was opened without it. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[\w-]{20,200}$/.test(token) ? token : null;
}

export function createPageFetch(origin: string, token: string): PageFetch {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('X-Demo-Token', token);
    return window.fetch(`${origin}${path}`, { ...init, headers, credentials: 'omit' });
  };
}
