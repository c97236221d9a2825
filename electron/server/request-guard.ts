// Who may talk to browser mode's server: only a page this server served, on its own origin, that
// knows the random token printed with the URL. Other local users (who can reach 127.0.0.1 too)
// lack the token; other web pages open in the same browser have another Origin; DNS-rebinding
// pages have another Host. Each refusal says why, without revealing the token.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'layerscope_token';

export interface GuardSettings {
  token: string;
  /** Host header values this server answers to, e.g. "127.0.0.1:41234". */
  hosts: readonly string[];
  /** Origins whose pages may call the API, e.g. "http://127.0.0.1:41234". */
  origins: readonly string[];
}

export type GuardVerdict = { ok: true; tokenFromQuery: boolean } | { ok: false; reason: string };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Checks Host, Origin and token. `requireOrigin` is set for WebSocket upgrades: browsers always
 * send an Origin there, so a missing one is refused too.
 */
export function checkRequest(req: IncomingMessage, url: URL, settings: GuardSettings, requireOrigin: boolean): GuardVerdict {
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
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) {
    return sameSecret(queryToken, settings.token)
      ? { ok: true, tokenFromQuery: true }
      : { ok: false, reason: 'the access token is wrong: open the exact URL that "layerscope serve" printed' };
  }
  const cookie = cookieToken(req.headers.cookie);
  if (cookie !== undefined && sameSecret(cookie, settings.token)) return { ok: true, tokenFromQuery: false };
  return { ok: false, reason: 'the access token is missing: open the exact URL that "layerscope serve" printed' };
}
