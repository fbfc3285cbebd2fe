import { ForbiddenException, Injectable, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Principal, Role } from './access';
import { IdentityService } from './identity.service';

const PUBLIC = 'thads:public';
const ROLES = 'thads:roles';

/** Anyone may call it (sign-in, health). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Who may call it: the roles listed; none listed = any signed-in user. An endpoint without either is closed to all. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export type AuthedRequest = Request & { principal?: Principal };

/**
 * Every request passes here (global guard). A missing or invalid bearer token is 401; a valid
 * one without a role the endpoint lists is 403 (logged and audited by AccessDeniedFilter).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly identity: IdentityService) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const principal = token ? this.identity.verifyAccess(token) : undefined;
    if (!principal) throw new UnauthorizedException('sign in first (Authorization: Bearer <access token>)');
    req.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (allowed && (allowed.length === 0 || allowed.some((r) => principal.roles.includes(r)))) return true;
    // Logged and audited by AccessDeniedFilter, like every other 403.
    throw new ForbiddenException(allowed ? `needs one of the roles: ${allowed.join(', ')}` : 'no one may call this');
  }
}
