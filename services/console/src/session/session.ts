/**
 * The browser session, kept by the console so that page scripts never hold a token (ADR 0010):
 * the access and refresh tokens the inspection service issues live in two HttpOnly,
 * SameSite=Strict cookies; the console puts the access token on each request it routes, and
 * exchanges the refresh token when the access token is about to expire. Pure: no I/O here.
 */

export const ACCESS_COOKIE = 'thads_access';
export const REFRESH_COOKIE = 'thads_refresh';

/** A refresh token lives 12 hours at most in the browser (the issuer may end it sooner). */
export const REFRESH_COOKIE_MAX_AGE_S = 12 * 60 * 60;

/** The access token is exchanged this long before it expires, so no request reaches a service with a dying token. */
export const REFRESH_AHEAD_MS = 60_000;

export interface IssuedTokens {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  mustChangePassword: boolean;
}

/** Who is signed in, as the access token says (the services verify it; the console only reads it). */
export interface SessionUser {
  username: string;
  roles: string[];
  unitId: string;
  officerId?: string;
  expiresAt: number;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

function cookie(name: string, value: string, maxAgeS: number, secure: boolean): string {
  return [
    `${name}=${value}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeS))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  const c = parseCookies(cookieHeader);
  return Boolean(c[ACCESS_COOKIE] || c[REFRESH_COOKIE]);
}

/** The two cookies of a session, from tokens just issued. */
export function sessionCookies(tokens: IssuedTokens, secure: boolean, now = Date.now()): string[] {
  const accessS = (Date.parse(tokens.expiresAt) - now) / 1000;
  return [
    cookie(ACCESS_COOKIE, tokens.accessToken, accessS, secure),
    cookie(REFRESH_COOKIE, tokens.refreshToken, REFRESH_COOKIE_MAX_AGE_S, secure),
  ];
}

export function clearedCookies(secure: boolean): string[] {
  return [cookie(ACCESS_COOKIE, '', 0, secure), cookie(REFRESH_COOKIE, '', 0, secure)];
}

/** The claims of an access token, read without verifying it (the services verify every request). */
export function userOf(accessToken: string): SessionUser | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof c['sub'] !== 'string' || !Array.isArray(c['roles']) || typeof c['unitId'] !== 'string') return undefined;
    if (typeof c['exp'] !== 'number') return undefined;
    return {
      username: c['sub'],
      roles: c['roles'].filter((r): r is string => typeof r === 'string'),
      unitId: c['unitId'],
      ...(typeof c['officerId'] === 'string' ? { officerId: c['officerId'] } : {}),
      expiresAt: c['exp'] * 1000,
    };
  } catch {
    return undefined;
  }
}

/** Whether the access token must be exchanged before it is used (missing, unreadable, or expiring soon). */
export function needsRefresh(accessToken: string | undefined, now = Date.now()): boolean {
  if (!accessToken) return true;
  const user = userOf(accessToken);
  return !user || user.expiresAt - now < REFRESH_AHEAD_MS;
}

export type RefreshResult = { ok: true; tokens: IssuedTokens } | { ok: false; status: number };

/**
 * Exchanges refresh tokens one at a time per token. A refresh token works once, and using it
 * twice ends all of the user's sessions: the requests a page sends at once (and other tabs)
 * carry the same cookie, so they share one exchange, and requests that arrive just after it —
 * still carrying the old cookie — get its result for a short while instead of a second use.
 */
export class Refresher {
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  private readonly recent = new Map<string, { result: RefreshResult; until: number }>();

  constructor(
    /** `forwardedFor`: the X-Forwarded-For of the request that asked first (the limit per address counts it). */
    private readonly exchange: (refreshToken: string, forwardedFor?: string) => Promise<RefreshResult>,
    private readonly reuseForMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  refresh(refreshToken: string, forwardedFor?: string): Promise<RefreshResult> {
    this.forgetOld();
    const done = this.recent.get(refreshToken);
    if (done) return Promise.resolve(done.result);
    let pending = this.inFlight.get(refreshToken);
    if (!pending) {
      pending = this.exchange(refreshToken, forwardedFor)
        .then((result) => {
          // An outage is not remembered: the next request tries again.
          if (result.ok || result.status === 401)
            this.recent.set(refreshToken, { result, until: this.now() + this.reuseForMs });
          return result;
        })
        .finally(() => this.inFlight.delete(refreshToken));
      this.inFlight.set(refreshToken, pending);
    }
    return pending;
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [k, v] of this.recent) if (v.until <= now) this.recent.delete(k);
  }
}
