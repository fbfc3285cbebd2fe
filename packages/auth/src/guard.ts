import {
  Inject,
  Injectable,
  SetMetadata,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError, type Access, type Route } from '@thads/http';
import type { PrincipalClaims } from './token';
import type { Role } from './roles';

const PUBLIC = 'thads:public';
const ROLES_KEY = 'thads:roles';

/** Anyone may call it (sign-in, health, the API document). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Who may call it: the roles listed; none listed = any signed-in user. An endpoint without either is closed to all. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A signed-in caller. */
export type Principal = PrincipalClaims;

export type AuthedRequest = Request & { principal?: Principal };

/** The caller of an endpoint that is not public (set by the guard). */
export const Principal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  // The guard runs before any parameter is read; a public endpoint asking for a caller is a wiring bug.
  if (!principal)
    throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} asks for @Principal() but is public`);
  return principal;
});

/** Checks an access token; each service provides one under this token. */
export interface AccessVerifier {
  verifyAccess(token: string): Promise<Principal | undefined> | Principal | undefined;
}

export const ACCESS_VERIFIER = Symbol('ACCESS_VERIFIER');

/** Who may call `handler` of `controller`, as declared with `@Public()` / `@Roles()`. */
export function accessOf(handler: object, controller: object): Access {
  const isPublic =
    (Reflect.getMetadata(PUBLIC, handler) as boolean | undefined) ??
    (Reflect.getMetadata(PUBLIC, controller) as boolean | undefined);
  if (isPublic) return 'public';
  const roles =
    (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ??
    (Reflect.getMetadata(ROLES_KEY, controller) as Role[] | undefined);
  if (roles === undefined) return 'closed';
  return roles.length === 0 ? 'any signed-in user' : [...roles].sort();
}

/** `accessOf` for the OpenAPI builder. */
export const routeAccess = (route: Route): Access => accessOf(route.handler, route.controller);

/**
 * Every request passes here (global guard). A missing or invalid bearer token is 401; a valid
 * one without a role the endpoint lists is 403 (logged and audited by the exception filter).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_VERIFIER) private readonly verifier: AccessVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const principal = token ? await this.verifier.verifyAccess(token) : undefined;
    if (!principal) throw new AppError('UNAUTHENTICATED');
    req.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && (allowed.length === 0 || allowed.some((r) => principal.roles.includes(r)))) return true;
    throw allowed ? new AppError('ROLE_REQUIRED', { roles: allowed.join(', ') }) : new AppError('CLOSED_ENDPOINT');
  }
}
