import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, notFound } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { IdentityService } from './identity.service';
import type { CreateUserBody, UpdateUserBody, UserView } from './schemas';
import { UsersRepository, type UserDoc } from './users.repository';

function view(u: UserDoc): UserView {
  return {
    username: u._id,
    ...(u.name ? { name: u.name } : {}),
    roles: u.roles,
    unitId: u.unitId,
    ...(u.officerId ? { officerId: u.officerId } : {}),
    active: u.active !== false,
    mustChangePassword: u.mustChangePassword,
    locked: (u.signIn.lockedUntil ?? 0) > Date.now(),
  };
}

/**
 * User management for administrators, within their unit scope: create a user (a one-time
 * password comes back once; it must be changed at first sign-in), change roles, unit, registry
 * link or active flag, reset a password. Every change is in the audit trail.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly identity: IdentityService,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    private readonly audit: AuditTrail,
  ) {}

  async list(principal: Principal): Promise<{ items: UserView[] }> {
    const { tree } = await this.org.snapshot();
    return { items: (await this.users.all()).filter((u) => tree.inScope(principal.unitId, u.unitId)).map(view) };
  }

  async create(principal: Principal, b: CreateUserBody): Promise<UserView & { oneTimePassword: string }> {
    await this.checkUnit(principal, b.unitId);
    const roles = [...new Set(b.roles)];
    const password = await this.identity.createUser(principal.sub, {
      _id: b.username,
      roles,
      unitId: b.unitId,
      ...(b.name ? { name: b.name } : {}),
      ...(b.officerId ? { officerId: b.officerId } : {}),
    });
    if (!password) throw new AppError('ALREADY_EXISTS', { what: `user ${b.username}` });
    return { ...view((await this.users.get(b.username))!), oneTimePassword: password };
  }

  async update(principal: Principal, username: string, b: UpdateUserBody): Promise<UserView> {
    const user = await this.visible(principal, username);
    const set: Parameters<UsersRepository['update']>[1] = {};
    if (b.roles !== undefined) set.roles = [...new Set(b.roles)];
    if (b.unitId !== undefined) {
      await this.checkUnit(principal, b.unitId);
      set.unitId = b.unitId;
    }
    if (b.officerId !== undefined) set.officerId = b.officerId;
    if (b.name !== undefined) set.name = b.name;
    if (b.active !== undefined) {
      if (username === principal.sub && !b.active) throw invalidField('active', 'you cannot deactivate yourself');
      set.active = b.active;
    }
    if (Object.keys(set).length === 0)
      throw invalidField('(body)', 'nothing to change: roles, unitId, officerId, name or active');
    await this.users.update(username, set);
    // New roles, unit, registry link or a deactivation take effect now, not when tokens expire.
    await this.users.endSessions(username);
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${principal.sub}`,
      action: 'user.updated',
      subject: `user:${username}`,
      before: { roles: user.roles, unitId: user.unitId, officerId: user.officerId, active: user.active !== false },
      after: set,
    });
    return view((await this.users.get(username))!);
  }

  async resetPassword(principal: Principal, username: string): Promise<{ username: string; oneTimePassword: string }> {
    await this.visible(principal, username);
    return { username, oneTimePassword: await this.identity.resetPassword(principal.sub, username) };
  }

  private async visible(principal: Principal, username: string): Promise<UserDoc> {
    const user = await this.users.get(username);
    if (!user) throw notFound(`user ${username}`);
    if (!(await this.org.snapshot()).tree.inScope(principal.unitId, user.unitId))
      throw new AppError('OUT_OF_SCOPE', { what: `user ${username}`, unitId: user.unitId });
    return user;
  }

  private async checkUnit(principal: Principal, unitId: string): Promise<void> {
    const { tree } = await this.org.snapshot();
    if (tree.size > 0 && !tree.has(unitId))
      throw invalidField('unitId', `unknown unit ${unitId} (not in the registry)`);
    if (!tree.inScope(principal.unitId, unitId)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId });
  }
}
