/**
 * Who the demo server answers. The attackers it is built against: another web page in the same
 * browser (cross-site requests, DNS rebinding) and another local process (which can reach
 * 127.0.0.1 and forge any header, but never sees the per-start token: it is only printed in the
 * page's URL fragment, which browsers do not send to servers). Headers keep out other sites;
 * only a secret keeps out a local process.
 */
import { randomBytes, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';
import { MEDIA_KEY_PARAM } from './demoSpec';

/** The header the page sends its per-start token in (a custom header also forces a CORS preflight, never granted). */
export const TOKEN_HEADER = 'x-demo-token';

export interface Refusal {
  status: number;
  message: string;
}

/**
 * - public: the page's own files (they hold no secret); any site may link to them.
 * - mediaKey: reads the page makes without script (a <video> source cannot send a header): not
 *   from other sites, and with the per-start media key in the query.
 * - token: everything else, reads included: from this origin and with the per-start token.
 *
 * Why a secret in the media URL rather than the page fetching media with its token into blob:
 * URLs: a blob: is the whole file in the page's memory before the first frame, once per <video>
 * that shows it. The generated clips (0.2-10 MB) would do, but a take from the real Runware or a
 * longer clip has no bound. A URL secret keeps streaming and seeking (Range requests) as the
 * browser does them. It is a key of its own, not the token: a media URL sits in the DOM, and a
 * media key copied from there only plays video files; writing, rendering, resetting and the
 * Runware relay all still need the token. One key rather than a signature per path: the page
 * builds URLs for whatever take the journal names, so it would hold the signing secret anyway.
 */
export type Access = 'public' | 'mediaKey' | 'token';

export interface RequestGuard {
  /** A fresh random token, made once per server start. */
  readonly token: string;
  /** Another random secret, made once per server start, for media URLs only. */
  readonly mediaKey: string;
  /** Host is always this server's own loopback address and port (a rebound name is refused); then the access level's rules. */
  check(req: IncomingMessage, access: Access): Refusal | null;
}

export function createRequestGuard(port: number): RequestGuard {
  const token = randomBytes(32).toString('base64url');
  const mediaKey = randomBytes(32).toString('base64url');
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const tokenMatches = secretMatcher(token);
  const mediaKeyMatches = secretMatcher(mediaKey);
  return {
    token,
    mediaKey,
    check(req, access) {
      const host = req.headers.host ?? '';
      if (!hosts.has(host)) return { status: 421, message: `This server answers only as http://127.0.0.1:${port}.` };
      if (access === 'public') return null;
      const fetchSite = req.headers['sec-fetch-site'];
      if (fetchSite !== undefined && fetchSite !== 'same-origin') return refusedSite();
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${host}`) return refusedSite();
      if (access === 'token' && !tokenMatches(req.headers[TOKEN_HEADER])) {
        return { status: 403, message: 'This request needs the demo page’s token: open the link npm start printed.' };
      }
      if (access === 'mediaKey' && !mediaKeyMatches(new URL(req.url ?? '/', 'http://demo.invalid').searchParams.get(MEDIA_KEY_PARAM))) {
        return { status: 403, message: 'This media URL needs the demo page’s media key: open the link npm start printed.' };
      }
      return null;
    },
  };
}

/** Compares in constant time (for equal lengths; the length of a random secret is no secret). */
function secretMatcher(secret: string): (sent: unknown) => boolean {
  const expected = Buffer.from(secret);
  return (sent) => {
    if (typeof sent !== 'string') return false;
    const got = Buffer.from(sent);
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
}

function refusedSite(): Refusal {
  return { status: 403, message: 'Requests from other sites are refused.' };
}
