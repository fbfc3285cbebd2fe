import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { Principal } from '@thads/auth';
import { AppError, invalidField, notFound, outOfScope } from '@thads/http';
import { OrgRepository } from '@thads/org';
import { IdentityService } from './identity.service';
import { RoleGrantsRepository, grantView, splitGrant } from './role-grants';
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

type PendingGrant = { pendingGrant?: { id: string; roles: UserView['roles'] } };

/**
 * User management for administrators, within their unit scope: create a user (a one-time
 * password comes back once; it must be changed at first sign-in), change roles, unit, registry
 * link or active flag, reset a password. Every change is in the audit trail. A privileged role
 * (`PRIVILEGED_ROLES`) is never given by one administrator alone: it waits as a request that a
 * second administrator approves (four-eyes).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly identity: IdentityService,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    private readonly audit: AuditTrail,
    private readonly grants: RoleGrantsRepository,
  ) {}

  async list(principal: Principal): Promise<{ items: UserView[] }> {
    const { tree } = await this.org.snapshot();
    return { items: (await this.users.all()).filter((u) => tree.inScope(principal.unitId, u.unitId)).map(view) };
  }

  async create(
    principal: Principal,
    b: CreateUserBody,
  ): Promise<UserView & { oneTimePassword: string } & PendingGrant> {
    await this.checkUnit(principal, b.unitId);
    const { now, pending } = splitGrant([], b.roles);
    const password = await this.identity.createUser(principal.sub, {
      _id: b.username,
      roles: now,
      unitId: b.unitId,
      ...(b.name ? { name: b.name } : {}),
      ...(b.officerId ? { officerId: b.officerId } : {}),
    });
    if (!password) throw new AppError('ALREADY_EXISTS', { what: `user ${b.username}` });
    const grant = await this.requestGrant(principal, b.username, b.unitId, pending);
    return { ...view((await this.users.get(b.username))!), oneTimePassword: password, ...grant };
  }

  async update(principal: Principal, username: string, b: UpdateUserBody): Promise<UserView & PendingGrant> {
    const user = await this.visible(principal, username);
    const set: Parameters<UsersRepository['update']>[1] = {};
    let pending: UserView['roles'] = [];
    if (b.roles !== undefined) ({ now: set.roles, pending } = splitGrant(user.roles, b.roles));
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
    const grant = await this.requestGrant(principal, username, set.unitId ?? user.unitId, pending);
    return { ...view((await this.users.get(username))!), ...grant };
  }

  /** Privileged roles asked for, waiting for a second administrator; audited. */
  private async requestGrant(
    principal: Principal,
    username: string,
    unitId: string,
    roles: UserView['roles'],
  ): Promise<PendingGrant> {
    if (roles.length === 0) return {};
    const grant = await this.grants.request(username, unitId, roles, principal.sub);
    await this.audit.append({
      at: grant.requestedAt.toISOString(),
      actor: `user:${principal.sub}`,
      action: 'user.role_requested',
      subject: `user:${username}`,
      after: { grant: grant._id, roles },
    });
    return { pendingGrant: { id: grant._id, roles } };
  }

  /** Requests for privileged roles waiting for a decision, for users in the caller's units. */
  async pendingGrants(principal: Principal): Promise<{ items: ReturnType<typeof grantView>[] }> {
    const { tree } = await this.org.snapshot();
    return {
      items: (await this.grants.pending()).filter((g) => tree.inScope(principal.unitId, g.unitId)).map(grantView),
    };
  }

  /**
   * A second administrator approves or rejects a request: never the one who asked, never the
   * user it is for. An approval adds the roles and ends the user's sessions; both are audited.
   */
  async decideGrant(principal: Principal, id: string, approve: boolean): Promise<ReturnType<typeof grantView>> {
    const grant = await this.grants.get(id);
    const { tree } = await this.org.snapshot();
    if (!grant || !tree.inScope(principal.unitId, grant.unitId)) throw notFound(`role request ${id}`);
    if (grant.status !== 'pending') throw new AppError('CHANGED_MEANWHILE', {}, { details: { status: grant.status } });
    if (grant.requestedBy === principal.sub)
      throw new AppError('FOUR_EYES', { reason: 'you asked for these roles; another administrator decides' });
    if (grant.username === principal.sub)
      throw new AppError('FOUR_EYES', { reason: 'the roles are for you; another administrator decides' });
    const user = await this.users.get(grant.username);
    if (!user) throw notFound(`user ${grant.username}`);
    if (!(await this.grants.decide(id, approve ? 'approved' : 'rejected', principal.sub)))
      throw new AppError('CHANGED_MEANWHILE', {}, { details: { status: 'decided' } });
    if (approve) {
      await this.users.addRoles(grant.username, grant.roles);
      await this.users.endSessions(grant.username);
    }
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${principal.sub}`,
      action: approve ? 'user.role_granted' : 'user.role_refused',
      subject: `user:${grant.username}`,
      before: { roles: user.roles },
      after: { grant: id, roles: grant.roles, requestedBy: grant.requestedBy },
    });
    return grantView((await this.grants.get(id))!);
  }

  async resetPassword(principal: Principal, username: string): Promise<{ username: string; oneTimePassword: string }> {
    await this.visible(principal, username);
    return { username, oneTimePassword: await this.identity.resetPassword(principal.sub, username) };
  }

  private async visible(principal: Principal, username: string): Promise<UserDoc> {
    const user = await this.users.get(username);
    if (!user) throw notFound(`user ${username}`);
    if (!(await this.org.snapshot()).tree.inScope(principal.unitId, user.unitId))
      throw outOfScope(`user ${username}`, user.unitId);
    return user;
  }

  private async checkUnit(principal: Principal, unitId: string): Promise<void> {
    const { tree } = await this.org.snapshot();
    if (tree.size > 0 && !tree.has(unitId))
      throw invalidField('unitId', `unknown unit ${unitId} (not in the registry)`);
    if (!tree.inScope(principal.unitId, unitId)) throw new AppError('UNIT_OUT_OF_SCOPE', { unitId });
  }
}
