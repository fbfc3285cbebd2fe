import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@thads/auth';
import { AppError, invalidField } from '@thads/http';
import { crossSiteRefusal } from '../proxy/same-origin';
import { clearedCookies, hasSessionCookie, sessionCookies, userOf, type SessionUser } from './session';
import { SessionService } from './session.service';

interface SessionAnswer {
  user: SessionUser;
  mustChangePassword: boolean;
}

/**
 * Signing in and out of the console. The answers carry who is signed in, never a token: the
 * tokens stay in HttpOnly cookies that page scripts cannot read (ADR 0010).
 */
@Public()
@Controller('console/session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  /** Sign in with a user name and password (checked by the inspection service, which issues the tokens). */
  @Post()
  @HttpCode(200)
  async signIn(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
  ): Promise<SessionAnswer> {
    this.sameSite(req);
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || username === '') throw invalidField('username', 'required');
    if (typeof password !== 'string' || password === '') throw invalidField('password', 'required');
    const answer = await this.sessions.signIn(req, username, password);
    if (!answer.tokens) {
      res.status(answer.status);
      if (answer.retryAfter) res.setHeader('Retry-After', answer.retryAfter);
      return answer.body as SessionAnswer;
    }
    const user = userOf(answer.tokens.accessToken);
    if (!user) throw new AppError('INTERNAL');
    res.setHeader('Set-Cookie', sessionCookies(answer.tokens, this.sessions.secure(req)));
    return { user, mustChangePassword: answer.tokens.mustChangePassword };
  }

  /** Who is signed in (after a refresh if the access token was about to expire); 401 when nobody is. */
  @Get()
  async current(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ user: SessionUser }> {
    const session = await this.sessions.resolve(req);
    if (session.setCookies.length) res.setHeader('Set-Cookie', session.setCookies);
    const user = session.accessToken ? userOf(session.accessToken) : undefined;
    if (!user || user.expiresAt <= Date.now()) throw new AppError('UNAUTHENTICATED');
    return { user };
  }

  /** Sign out: the refresh token is revoked at its issuer and the cookies are cleared. */
  @Delete()
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    this.sameSite(req);
    await this.sessions.signOut(req);
    res.setHeader('Set-Cookie', clearedCookies(this.sessions.secure(req)));
  }

  private sameSite(req: Request): void {
    const refusal = crossSiteRefusal(req.method, req.headers, hasSessionCookie(req.headers.cookie));
    if (refusal) throw new AppError('BAD_REQUEST', { reason: refusal });
  }
}
