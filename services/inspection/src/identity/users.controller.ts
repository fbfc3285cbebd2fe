import { Body, ConflictException, Controller, ForbiddenException, Get, NotFoundException, Param, Patch, Post, Req } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { badField, requireString } from '../http/params';
import { TaskRepository } from '../tasks/task.repository';
import { ROLES, inScope, type Principal, type Role } from './access';
import { Roles, type AuthedRequest } from './auth.guard';
import { IdentityService } from './identity.service';
import { UsersRepository, type UserDoc } from './users.repository';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** What the API shows of a user: never the password hash or sign-in record. */
export interface UserView {
  username: string;
  name?: string;
  roles: Role[];
  unitId: string;
  officerId?: string;
  active: boolean;
  mustChangePassword: boolean;
  locked: boolean;
}

function view(u: UserDoc): UserView {
  return {
    username: u._id, ...(u.name ? { name: u.name } : {}), roles: u.roles, unitId: u.unitId, ...(u.officerId ? { officerId: u.officerId } : {}),
    active: u.active !== false, mustChangePassword: u.mustChangePassword, locked: (u.signIn.lockedUntil ?? 0) > Date.now(),
  };
}

function rolesField(value: unknown): Role[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((r) => typeof r === 'string' && (ROLES as readonly string[]).includes(r))) {
    throw badField('roles', `a non-empty list of: ${ROLES.join(', ')}`);
  }
  return [...new Set(value as Role[])];
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > 128) throw badField(field, 'a string of at most 128 characters');
  return v;
}

/**
 * User management for administrators, within their unit scope: create a user (a one-time
 * password comes back once; it must be changed at first sign-in), change roles, unit, registry
 * link or active flag, reset a password. Every change is in the audit trail.
 */
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersRepository, private readonly identity: IdentityService, private readonly tasks: TaskRepository, private readonly audit: AuditRepository) {}

  @Get()
  async list(@Req() req: AuthedRequest): Promise<{ items: UserView[] }> {
    const parents = await this.tasks.unitParents();
    return { items: (await this.users.all()).filter((u) => inScope(req.principal!, u.unitId, parents)).map(view) };
  }

  @Post()
  async create(@Req() req: AuthedRequest, @Body() body: unknown): Promise<UserView & { oneTimePassword: string }> {
    const b = (body ?? {}) as Record<string, unknown>;
    const username = requireString(b, 'username', 64);
    if (!USERNAME.test(username)) throw badField('username', '2–64 characters: lower-case letters, digits, dot, dash, underscore');
    const roles = rolesField(b['roles']);
    const unitId = requireString(b, 'unitId', 64);
    await this.checkUnit(req.principal!, unitId);
    const name = optionalString(b, 'name');
    const officerId = optionalString(b, 'officerId');
    const password = await this.identity.createUser(req.principal!.sub, { _id: username, roles, unitId, ...(name ? { name } : {}), ...(officerId ? { officerId } : {}) });
    if (!password) throw new ConflictException(`user ${username} exists`);
    return { ...view((await this.users.get(username))!), oneTimePassword: password };
  }

  @Patch(':username')
  async update(@Req() req: AuthedRequest, @Param('username') username: string, @Body() body: unknown): Promise<UserView> {
    const user = await this.visible(req.principal!, username);
    const b = (body ?? {}) as Record<string, unknown>;
    const set: Parameters<UsersRepository['update']>[1] = {};
    if (b['roles'] !== undefined) set.roles = rolesField(b['roles']);
    if (b['unitId'] !== undefined) {
      set.unitId = requireString(b, 'unitId', 64);
      await this.checkUnit(req.principal!, set.unitId);
    }
    if (b['officerId'] !== undefined) set.officerId = optionalString(b, 'officerId') ?? '';
    if (b['name'] !== undefined) set.name = optionalString(b, 'name') ?? '';
    if (b['active'] !== undefined) {
      if (typeof b['active'] !== 'boolean') throw badField('active', 'true or false');
      if (username === req.principal!.sub && !b['active']) throw badField('active', 'you cannot deactivate yourself');
      set.active = b['active'];
    }
    if (Object.keys(set).length === 0) throw badField('(body)', 'nothing to change: roles, unitId, officerId, name or active');
    await this.users.update(username, set);
    await this.audit.append({
      at: new Date().toISOString(), actor: `user:${req.principal!.sub}`, action: 'user.updated', subject: `user:${username}`,
      before: { roles: user.roles, unitId: user.unitId, officerId: user.officerId, active: user.active !== false }, after: set,
    });
    return view((await this.users.get(username))!);
  }

  @Post(':username/password-reset')
  async resetPassword(@Req() req: AuthedRequest, @Param('username') username: string): Promise<{ username: string; oneTimePassword: string }> {
    await this.visible(req.principal!, username);
    return { username, oneTimePassword: await this.identity.resetPassword(req.principal!.sub, username) };
  }

  private async visible(principal: Principal, username: string): Promise<UserDoc> {
    const user = await this.users.get(username);
    if (!user) throw new NotFoundException(`no user ${username}`);
    if (!inScope(principal, user.unitId, await this.tasks.unitParents())) throw new ForbiddenException(`user ${username} belongs to unit ${user.unitId}, outside your scope`);
    return user;
  }

  private async checkUnit(principal: Principal, unitId: string): Promise<void> {
    const parents = await this.tasks.unitParents();
    if (parents.size > 0 && !parents.has(unitId)) throw badField('unitId', `unknown unit ${unitId} (not in the registry)`);
    if (!inScope(principal, unitId, parents)) throw new ForbiddenException(`unit ${unitId} is outside your scope`);
  }
}
