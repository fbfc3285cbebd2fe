import type { ConsoleConfig } from '../config';

export type Upstream = keyof ConsoleConfig['upstreams'];

/**
 * The service that answers a path under /api: each service owns a prefix (ADR 0010), the
 * detector the rule book and the calendar, the inspection service everything else (auth,
 * findings, users, audit, admin).
 */
export function upstreamFor(path: string): Upstream {
  if (path === '/api/discipline' || path.startsWith('/api/discipline/')) return 'discipline';
  if (path === '/api/insight' || path.startsWith('/api/insight/')) return 'insight';
  if (['/api/rules', '/api/calendar'].some((p) => path === p || path.startsWith(`${p}/`))) return 'rules';
  return 'inspection';
}

/** Request headers never passed on: hop-by-hop ones, and the browser's cookies (they hold the session). */
const DROPPED_REQUEST = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'host',
  'cookie',
]);

/** Hop-by-hop answer headers, and cookies a service might set (the console alone keeps the session). */
const DROPPED_RESPONSE = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'trailer',
  'upgrade',
  'transfer-encoding',
  'set-cookie',
]);

type Headers = Record<string, string | string[] | undefined>;

export function forwardedRequestHeaders(incoming: Headers, accessToken: string | undefined): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(incoming)) if (!DROPPED_REQUEST.has(k.toLowerCase())) out[k] = v;
  // The session cookie wins over anything the page sent: page scripts never hold a token.
  if (accessToken) out['authorization'] = `Bearer ${accessToken}`;
  return out;
}

export function forwardedResponseHeaders(incoming: Headers): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(incoming)) if (!DROPPED_RESPONSE.has(k.toLowerCase())) out[k] = v;
  return out;
}

/**
 * The `X-Forwarded-For` to send on: what came in, with the browser's address (the peer of this
 * connection) appended. The inspection service limits sign-in per client address and reads it
 * from here, believing only what the console (a proxy it trusts) appended; the entries before
 * came from the browser or proxies in front, and stay for whoever trusts those.
 */
export function forwardedFor(incoming: string | string[] | undefined, peer: string | undefined): string {
  const earlier = Array.isArray(incoming) ? incoming.join(', ') : incoming;
  return [earlier, peer].filter(Boolean).join(', ');
}
