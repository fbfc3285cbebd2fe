import { ForbiddenException, Injectable, Logger, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditRepository } from '../audit/audit.repository';
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
 * one without a role the endpoint lists is 403, logged and written to the audit trail.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger('Access');

  constructor(private readonly reflector: Reflector, private readonly identity: IdentityService, private readonly audit: AuditRepository) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
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
    const what = `${req.method} ${req.originalUrl ?? req.url}`;
    this.log.warn(`denied ${what} to ${principal.sub} (roles: ${principal.roles.join(', ') || 'none'})`);
    await this.audit.append({ at: new Date().toISOString(), actor: `user:${principal.sub}`, action: 'access.denied', subject: what, after: { roles: principal.roles } });
    throw new ForbiddenException(allowed ? `needs one of the roles: ${allowed.join(', ')}` : 'no one may call this');
  }
}
