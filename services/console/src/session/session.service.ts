import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config';
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
}

/** The session cookies of each request: read, refreshed through the inspection service, renewed. */
@Injectable()
export class SessionService {
  private readonly log = new Logger('Session');
  private readonly refresher: Refresher;

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {
    this.refresher = new Refresher((token) => this.exchange(token));
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
    const result = await this.refresher.refresh(refresh);
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

  async signIn(username: string, password: string): Promise<{ status: number; body: unknown; tokens?: IssuedTokens }> {
    const res = await this.post('/api/auth/sign-in', { username, password });
    const body: unknown = await res.json().catch(() => ({}));
    return res.status === 200 ? { status: 200, body, tokens: body as IssuedTokens } : { status: res.status, body };
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

  private async exchange(refreshToken: string): Promise<RefreshResult> {
    try {
      const res = await this.post('/api/auth/refresh', { refreshToken });
      if (res.status === 200) return { ok: true, tokens: (await res.json()) as IssuedTokens };
      return { ok: false, status: res.status };
    } catch (err) {
      this.log.warn(`refresh could not reach the inspection service: ${String(err)}`);
      return { ok: false, status: 503 };
    }
  }

  private post(path: string, body: unknown): Promise<Response> {
    return fetch(new URL(path, this.config.upstreams.inspection), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }
}

function headerOf(req: RequestLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join('; ') : v;
}
