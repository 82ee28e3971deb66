/**
 * Who the demo server answers. The attackers it is built against: another web page in the same
 * browser (cross-site requests, DNS rebinding) and another local process (which can reach
 * 127.0.0.1 but never sees the per-start token: it is only printed in the page's URL fragment,
 * which browsers do not send to servers).
 */
import { randomBytes, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';

/** The header the page sends its per-start token in (a custom header also forces a CORS preflight, never granted). */
export const TOKEN_HEADER = 'x-demo-token';

export interface Refusal {
  status: number;
  message: string;
}

/**
 * - public: the page's own files (they hold no secret); any site may link to them.
 * - sameOrigin: reads the page makes without script (a <video> source): not from other sites.
 * - token: everything else, reads included: from this origin and with the per-start token.
 */
export type Access = 'public' | 'sameOrigin' | 'token';

export interface RequestGuard {
  /** A fresh random token, made once per server start. */
  readonly token: string;
  /** Host is always this server's own loopback address and port (a rebound name is refused); then the access level's rules. */
  check(req: IncomingMessage, access: Access): Refusal | null;
}

export function createRequestGuard(port: number): RequestGuard {
  const token = randomBytes(32).toString('base64url');
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const expected = Buffer.from(token);
  const tokenMatches = (sent: string | string[] | undefined) => {
    if (typeof sent !== 'string') return false;
    const got = Buffer.from(sent);
    return got.length === expected.length && timingSafeEqual(got, expected);
  };
  return {
    token,
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
      return null;
    },
  };
}

function refusedSite(): Refusal {
  return { status: 403, message: 'Requests from other sites are refused.' };
}
