import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Principal, Public, Roles } from '@thads/auth';
import { Api, AppError, ValidBody, invalidField } from '@thads/http';
import { IdentityService, type Tokens } from './identity.service';
import { PasswordBody, PrincipalSchema, RefreshBody, SignInBody, TokensSchema } from './schemas';
import { SignInLimiter } from './sign-in-limiter';

/** The answer of an attempt over the limits, the same on every endpoint that takes credentials. */
const RATE_LIMITED =
  'Too many attempts from this address or at this account within the window (`SIGN_IN_LIMIT_*`): `Retry-After` says in how many seconds to try again.';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly limiter: SignInLimiter,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @Api({
    summary: 'Sign in',
    description:
      'A 15-minute access token and a refresh token. Five failures within 15 minutes lock the account for 15 minutes; a locked account, an unknown name and a wrong password get the same 401. Attempts are limited per client address and per account name (429).',
    body: SignInBody,
    response: { description: 'Signed in.', schema: TokensSchema },
    errors: { 401: 'Wrong user name or password, or the account is locked.', 429: RATE_LIMITED },
  })
  async signIn(@Req() req: Request, @ValidBody() body: SignInBody): Promise<Tokens> {
    // Counted before the password is checked: the check (scrypt) is the cost a flood would run up.
    await this.limiter.admit(req, body.username);
    const r = await this.identity.signIn(body.username, body.password);
    if (r.ok) return r.tokens;
    // A locked account, an unknown name and a wrong password get the same answer.
    throw new AppError('SIGN_IN_FAILED');
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Api({
    summary: 'Exchange a refresh token for new tokens',
    description: "Each refresh token works once; using one twice ends all of the user's sessions.",
    body: RefreshBody,
    response: { description: 'New tokens.', schema: TokensSchema },
    errors: { 401: 'Unknown, expired or used refresh token.', 429: RATE_LIMITED },
  })
  async refresh(@Req() req: Request, @ValidBody() body: RefreshBody): Promise<Tokens> {
    // Per address only: a refresh token names no account until it is found, and its 256 random
    // bits are not worth guessing; the limit keeps a flood of them off the store.
    await this.limiter.admit(req);
    const tokens = await this.identity.refresh(body.refreshToken);
    if (!tokens) throw new AppError('REFRESH_INVALID');
    return tokens;
  }

  @Public()
  @Post('sign-out')
  @HttpCode(204)
  @Api({
    summary: 'Sign a session out',
    description:
      'The refresh token can no longer be exchanged. The access token already issued stays valid until it expires (15 minutes at most): discard it. Answers 204 for an unknown token too.',
    body: RefreshBody,
    response: { description: 'Signed out.' },
  })
  async signOut(@ValidBody() body: RefreshBody): Promise<void> {
    await this.identity.signOut(body.refreshToken);
  }

  @Roles()
  @Post('password')
  @HttpCode(204)
  @Api({
    summary: 'Change your own password',
    description: 'The only call a one-time password allows. Ends your other sessions.',
    body: PasswordBody,
    response: { description: 'Changed.' },
    errors: { 429: RATE_LIMITED },
  })
  async password(
    @Req() req: Request,
    @Principal() principal: Principal,
    @ValidBody() body: PasswordBody,
  ): Promise<void> {
    // The current password is checked here with no lockout: whoever holds a stolen access token
    // could guess it, so these attempts count with the account's sign-ins.
    await this.limiter.admit(req, principal.sub);
    const problem = await this.identity.changePassword(principal.sub, body.currentPassword, body.newPassword);
    if (problem) throw invalidField(problem.field, problem.message);
  }

  @Roles()
  @Get('me')
  @Api({
    summary: 'Who you are',
    response: { description: 'The claims of your access token.', schema: PrincipalSchema },
  })
  me(@Principal() principal: Principal): Principal {
    return {
      sub: principal.sub,
      roles: principal.roles,
      unitId: principal.unitId,
      ...(principal.officerId ? { officerId: principal.officerId } : {}),
    };
  }
}
