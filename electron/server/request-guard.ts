// Who may talk to browser mode's server. Every request must name this server as its Host (a
// DNS-rebinding page names another) and, when a browser sends an Origin, come from this server's
// own pages. The API itself (the WebSocket) also needs the random token printed with the URL:
// other local users can reach 127.0.0.1 but lack it. The token never travels in a cookie:
// browsers send cookies to every port of a host, so any other local server the user visits would
// receive it. Each refusal says why, without revealing the token.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardSettings {
  token: string;
  /** Host header values this server answers to, e.g. "127.0.0.1:41234". */
  hosts: readonly string[];
  /** Origins whose pages may call the API, e.g. "http://127.0.0.1:41234". */
  origins: readonly string[];
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks Host and Origin. `requireOrigin` is set for WebSocket upgrades: browsers always send an
 * Origin there, so a missing one is refused too.
 */
export function checkPlace(req: IncomingMessage, settings: GuardSettings, requireOrigin: boolean): GuardVerdict {
  const host = req.headers.host ?? '';
  if (!settings.hosts.includes(host)) {
    return { ok: false, reason: `Host ${JSON.stringify(host)} is not this server (${settings.hosts[0]})` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined || requireOrigin) {
    if (!origin || !settings.origins.includes(origin)) {
      return { ok: false, reason: `requests from origin ${JSON.stringify(origin ?? '(none)')} are not allowed; only ${settings.origins[0]} may connect` };
    }
  }
  return { ok: true };
}

/** Checks Host, Origin and the token in the URL's query: the WebSocket carrying the API. */
export function checkApiRequest(req: IncomingMessage, url: URL, settings: GuardSettings): GuardVerdict {
  const place = checkPlace(req, settings, true);
  if (!place.ok) return place;
  const token = url.searchParams.get('token');
  if (token === null) return { ok: false, reason: 'the access token is missing: open the exact URL that "layerscope serve" printed' };
  if (!sameSecret(token, settings.token)) return { ok: false, reason: 'the access token is wrong: open the exact URL that "layerscope serve" printed' };
  return { ok: true };
}
