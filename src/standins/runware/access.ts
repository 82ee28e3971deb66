import type { IncomingMessage } from 'http';
import type { StandInContext } from './context';

/**
 * Who may talk to the stand-in at all (every route: /v1, /media, /results, /__control). Ours, not
 * Runware's: Runware is on the internet, the stand-in is a local server that another web page in
 * the same browser can reach. A browser sends the Host it resolved (a rebinding attacker's name
 * gives itself away), an Origin on every cross-origin request ("simple" POSTs too), and (modern
 * ones, to loopback) Sec-Fetch-Site even on media loads; our own clients (Node's fetch: the CLI,
 * the demo's relay) send this Host and neither of the others.
 */

/** Why a request does not come from a process on this machine talking to us directly, or null. */
export function refuseForeign(ctx: StandInContext, req: IncomingMessage): string | null {
  const own = new URL(ctx.origin());
  const host = req.headers.host;
  if (host !== own.host && host !== `localhost:${own.port}`) return 'the Host header is not this stand-in\'s own address';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== own.origin && origin !== `http://localhost:${own.port}`) return 'cross-origin requests are refused';
  // A browser's load from another page that carries no Origin (<video src>, <img>) still says where it comes from.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'requests from other sites are refused';
  return null;
}
