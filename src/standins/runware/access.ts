import type { IncomingMessage } from 'http';
import type { StandInContext } from './context';

/**
 * Who may talk to the stand-in at all (every route: /v1, /media, /results, /__control). Ours, not
 * Runware's: Runware is on the internet, the stand-in is a local server that another web page in
 * the same browser can reach. A browser sends the Host it resolved (a rebinding attacker's name
 * gives itself away) and an Origin on every cross-origin request, "simple" POSTs and media loads
 * with crossorigin included; our own clients (Node's fetch: the CLI, the demo's relay) send this
 * Host and no Origin.
 */

/** Why a request does not come from a process on this machine talking to us directly, or null. */
export function refuseForeign(ctx: StandInContext, req: IncomingMessage): string | null {
  const own = new URL(ctx.origin());
  const host = req.headers.host;
  if (host !== own.host && host !== `localhost:${own.port}`) return 'the Host header is not this stand-in\'s own address';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== own.origin && origin !== `http://localhost:${own.port}`) return 'cross-origin requests are refused';
  return null;
}
