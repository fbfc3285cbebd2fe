import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException, HttpException, HttpStatus } from '@nestjs/common';
import { badField, requireString } from '../http/params';
import { Public, Roles, type AuthedRequest } from './auth.guard';
import { IdentityService, type Tokens } from './identity.service';

@Controller('api/auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  /** Sign in with a user name and password: a 15-minute access token and a refresh token. */
  @Public()
  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() body: unknown): Promise<Tokens> {
    const r = await this.identity.signIn(requireString(body, 'username'), requireString(body, 'password', 1000));
    if (r.ok) return r.tokens;
    if (r.why === 'locked') throw new HttpException({ statusCode: 423, error: 'Locked', message: 'too many failed sign-ins: try again in 15 minutes' }, HttpStatus.LOCKED);
    throw new UnauthorizedException('wrong user name or password');
  }

  /** A refresh token for new tokens; each refresh token works once. */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body() body: unknown): Promise<Tokens> {
    const tokens = await this.identity.refresh(requireString(body, 'refreshToken'));
    if (!tokens) throw new UnauthorizedException('refresh token unknown, expired or already used');
    return tokens;
  }

  /** Change one's own password (the only thing a one-time password allows). */
  @Roles()
  @Post('password')
  @HttpCode(204)
  async password(@Req() req: AuthedRequest, @Body() body: unknown): Promise<void> {
    const problem = await this.identity.changePassword(req.principal!.sub, requireString(body, 'currentPassword', 1000), requireString(body, 'newPassword', 1000));
    if (problem) throw badField(problem.field, problem.message);
  }

  @Roles()
  @Get('me')
  me(@Req() req: AuthedRequest): unknown {
    return req.principal;
  }
}
