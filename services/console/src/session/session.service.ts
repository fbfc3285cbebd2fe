import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config';
import { forwardedFor } from '../proxy/routes';
import {
  ACCESS_COOKIE,
  REFRESH_COOKIE,
  Refresher,
  clearedCookies,
  needsRefresh,
  parseCookies,
  sessionCookies,
  type IssuedTokens,
  type RefreshResult,
} from './session';

/** What the console knows of a browser request: the access token to send on, and cookies to set. */
export interface SessionState {
  accessToken?: string;
  setCookies: string[];
  /** The session ended (refresh refused): the browser's cookies are cleared. */
  ended: boolean;
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  /** The browser's end of the connection: its address goes on in X-Forwarded-For. */
  socket?: { remoteAddress?: string | undefined };
}

/** The session cookies of each request: read, refreshed through the inspection service, renewed. */
@Injectable()
export class SessionService {
  private readonly log = new Logger('Session');
  private readonly refresher: Refresher;

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {
    this.refresher = new Refresher((token, from) => this.exchange(token, from));
  }

  secure(req: RequestLike): boolean {
    if (this.config.secureCookies !== 'auto') return this.config.secureCookies === 'always';
    return req.secure === true || req.headers['x-forwarded-proto'] === 'https';
  }

  /** The access token to use for this request, refreshed first when it is missing or about to expire. */
  async resolve(req: RequestLike): Promise<SessionState> {
    const cookies = parseCookies(headerOf(req, 'cookie'));
    const access = cookies[ACCESS_COOKIE] || undefined;
    const refresh = cookies[REFRESH_COOKIE] || undefined;
    if (!needsRefresh(access) || !refresh)
      return { ...(access ? { accessToken: access } : {}), setCookies: [], ended: false };
    const result = await this.refresher.refresh(refresh, forwardedForOf(req));
    if (result.ok)
      return {
        accessToken: result.tokens.accessToken,
        setCookies: sessionCookies(result.tokens, this.secure(req)),
        ended: false,
      };
    if (result.status === 401) return { setCookies: clearedCookies(this.secure(req)), ended: true };
    // The inspection service is away: send the old token on if there is one (it may still be valid).
    return { ...(access ? { accessToken: access } : {}), setCookies: [], ended: false };
  }

  /** `retryAfter`: the inspection service's `Retry-After` when it refused for too many attempts (429). */
  async signIn(
    req: RequestLike,
    username: string,
    password: string,
  ): Promise<{ status: number; body: unknown; tokens?: IssuedTokens; retryAfter?: string }> {
    const res = await this.post('/api/auth/sign-in', { username, password }, forwardedForOf(req));
    const body: unknown = await res.json().catch(() => ({}));
    if (res.status === 200) return { status: 200, body, tokens: body as IssuedTokens };
    const retryAfter = res.headers.get('retry-after');
    return { status: res.status, body, ...(retryAfter ? { retryAfter } : {}) };
  }

  /** Ends the session at its issuer too, so the refresh token cannot be used again. */
  async signOut(req: RequestLike): Promise<void> {
    const refresh = parseCookies(headerOf(req, 'cookie'))[REFRESH_COOKIE];
    if (!refresh) return;
    try {
      const res = await this.post('/api/auth/sign-out', { refreshToken: refresh });
      if (res.status >= 500) this.log.warn(`sign-out at the inspection service answered ${res.status}`);
    } catch (err) {
      this.log.warn(`sign-out could not reach the inspection service: ${String(err)}`);
    }
  }

  private async exchange(refreshToken: string, from: string | undefined): Promise<RefreshResult> {
    try {
      const res = await this.post('/api/auth/refresh', { refreshToken }, from);
      if (res.status === 200) return { ok: true, tokens: (await res.json()) as IssuedTokens };
      return { ok: false, status: res.status };
    } catch (err) {
      this.log.warn(`refresh could not reach the inspection service: ${String(err)}`);
      return { ok: false, status: 503 };
    }
  }

  /**
   * A call of the console's own to the inspection service. Sign-in and refresh carry the
   * browser's address in `X-Forwarded-For`: the service limits attempts per client address, and
   * without it every browser would count as the console's one address.
   */
  private post(path: string, body: unknown, from?: string): Promise<Response> {
    return fetch(new URL(path, this.config.upstreams.inspection), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }
}

function forwardedForOf(req: RequestLike): string | undefined {
  return forwardedFor(req.headers['x-forwarded-for'], req.socket?.remoteAddress) || undefined;
}

function headerOf(req: RequestLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join('; ') : v;
}
