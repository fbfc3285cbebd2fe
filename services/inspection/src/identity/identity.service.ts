import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@thads/audit';
import type { AccessVerifier, Principal, Role, TokenSigner } from '@thads/auth';
import { LOCKOUT, isLocked, newRefreshToken, refreshTokenHash } from './sign-in';
import { hashPassword, needsRehash, oneTimePassword, passwordProblem, verifyPassword } from './password';
import { UsersRepository, type UserDoc } from './users.repository';

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');

export interface IdentityOptions {
  signer: TokenSigner;
  /** Unit of the first administrator (the province). */
  adminUnitId: string;
  refreshTtlMs: number;
  /** Tells the operator the first administrator's one-time password (the log, by default). */
  announceFirstAdmin(username: string, password: string): void;
}

export interface Tokens {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  mustChangePassword: boolean;
}

export type SignInResult = { ok: true; tokens: Tokens } | { ok: false; why: 'invalid' };

/** The administrators the service creates in an empty store (see `bootstrap`). */
export const FIRST_ADMINISTRATORS = ['admin', 'admin2'] as const;

/**
 * Sign-in, token refresh, sign-out and password change. The first two administrators are created
 * at the first start with one-time passwords that are announced once and must be changed at
 * first sign-in.
 */
@Injectable()
export class IdentityService implements AccessVerifier {
  private readonly log = new Logger('Identity');

  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditTrail,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /**
   * The first administrators, made once in an empty store, each with a one-time password: two
   * of them, because privileged roles (admin, the denouncer readers) are given only with a
   * second administrator's approval (four-eyes) — with one, nobody could ever approve. Whoever
   * installs the service gives the second password to a second person.
   */
  async bootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    for (const username of FIRST_ADMINISTRATORS) {
      const password = oneTimePassword();
      const created = await this.users.insert({
        _id: username,
        passwordHash: await hashPassword(password),
        roles: ['admin'],
        unitId: this.options.adminUnitId,
        mustChangePassword: true,
        signIn: { failures: [] },
        createdAt: new Date(),
      });
      if (!created) return; // another instance created them first
      await this.audit.append({
        at: new Date().toISOString(),
        actor: 'system',
        action: 'user.created',
        subject: `user:${username}`,
        after: { roles: ['admin'], unitId: this.options.adminUnitId },
      });
      this.options.announceFirstAdmin(username, password);
    }
  }

  async signIn(username: string, password: string, now = Date.now()): Promise<SignInResult> {
    const user = await this.users.get(username);
    if (!user || user.active === false) {
      await hashPassword(password); // the same time as a real check: no hint that the name is unknown
      return { ok: false, why: 'invalid' };
    }
    // The password is checked even when the account is locked: the answer then takes as long as
    // for a wrong password or an unknown name, and says the same (no hint of what exists).
    const matches = await verifyPassword(password, user.passwordHash);
    if (isLocked(user.signIn, now)) return { ok: false, why: 'invalid' };
    if (!matches) {
      const failures = await this.users.addFailure(username, now, now - LOCKOUT.windowMs);
      if (failures >= LOCKOUT.failures && (await this.users.lock(username, now + LOCKOUT.lockMs, now))) {
        this.log.warn(`account ${username} locked after repeated failed sign-ins`);
        await this.audit.append({
          at: new Date(now).toISOString(),
          actor: 'system',
          action: 'user.locked',
          subject: `user:${username}`,
        });
      }
      return { ok: false, why: 'invalid' };
    }
    await this.users.clearFailures(username);
    if (user.signIn.failures.length > 0 || user.signIn.lockedUntil)
      await this.users.setSignIn(username, { failures: [] });
    // A hash made with the weaker parameters of earlier versions is made again now, while the
    // password is at hand (the only moment it is).
    if (needsRehash(user.passwordHash))
      await this.users.upgradeHash(username, user.passwordHash, await hashPassword(password));
    return {
      ok: true,
      tokens: await this.issue(principalOf(user), user.mustChangePassword, now),
    };
  }

  /**
   * Exchanges a refresh token for new tokens (rotation). The token is claimed by one insert, so
   * of several requests with the same token exactly one succeeds; any other use of a
   * used token ends every session of the user (the token's family and all others: refresh tokens
   * deleted, access tokens refused by the raised epoch) — the tokens just given out included,
   * whichever of the racing requests finishes first (see the end).
   */
  async refresh(token: string, now = Date.now()): Promise<Tokens | undefined> {
    const hash = refreshTokenHash(token);
    const at = new Date(now);
    const claim = await this.users.claimRefresh(hash, at);
    if (claim.outcome === 'used') {
      // Flagged before the sessions end (see the end).
      await this.users.flagReuse(hash, at);
      await this.revokeOnReuse(claim.token.username, now);
    }
    if (claim.outcome !== 'claimed') return undefined;
    const user = await this.users.get(claim.token.username);
    if (!user || user.active === false) return undefined;
    const tokens = await this.issue(principalOf(user), user.mustChangePassword, now);
    // A reuse seen since the claim flags the old token before it ends the sessions: if it did so
    // before our new tokens existed (epoch read, refresh token stored), they escaped; end them now.
    // A token deleted meanwhile means its sessions were ended (reuse, password, roles, sign-out): likewise.
    const after = await this.users.getRefresh(hash);
    if (!after || after.reusedAt) await this.users.endSessions(user._id);
    return tokens;
  }

  /**
   * Signs one session out: its refresh token is deleted, so it cannot be renewed. The access
   * token already given out lives out its 15 minutes (ending it would end the user's other
   * sessions too); the console, which holds both in cookies, forgets them at once.
   */
  async signOut(token: string): Promise<void> {
    await this.users.deleteRefresh(refreshTokenHash(token));
  }

  private async revokeOnReuse(username: string, now: number): Promise<void> {
    await this.users.endSessions(username);
    this.log.warn(`refresh token of ${username} used twice: all of their sessions revoked`);
    await this.audit.append({
      at: new Date(now).toISOString(),
      actor: 'system',
      action: 'session.revoked',
      subject: `user:${username}`,
      after: { reason: 'refresh token reuse' },
    });
  }

  /** Changes a password after checking the current one; returns why not, or undefined when done. */
  async changePassword(
    username: string,
    current: string,
    next: string,
  ): Promise<{ field: string; message: string } | undefined> {
    const user = await this.users.get(username);
    if (!user || !(await verifyPassword(current, user.passwordHash)))
      return { field: 'currentPassword', message: 'does not match' };
    const problem = passwordProblem(next);
    if (problem) return { field: 'newPassword', message: problem };
    if (next === current) return { field: 'newPassword', message: 'must differ from the current one' };
    await this.users.setPassword(username, await hashPassword(next), false);
    await this.users.endSessions(username);
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${username}`,
      action: 'user.password_changed',
      subject: `user:${username}`,
    });
    return undefined;
  }

  /** Creates a user with a one-time password (to be changed at first sign-in); undefined when the name is taken. */
  async createUser(
    by: string,
    user: Pick<UserDoc, '_id' | 'roles' | 'unitId'> & Partial<Pick<UserDoc, 'name' | 'officerId'>>,
  ): Promise<string | undefined> {
    const password = oneTimePassword();
    const created = await this.users.insert({
      ...user,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      active: true,
      signIn: { failures: [] },
      createdAt: new Date(),
    });
    if (!created) return undefined;
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${by}`,
      action: 'user.created',
      subject: `user:${user._id}`,
      after: { roles: user.roles, unitId: user.unitId, officerId: user.officerId },
    });
    return password;
  }

  /** Replaces a user's password with a one-time one and ends their sessions. */
  async resetPassword(by: string, username: string): Promise<string> {
    const password = oneTimePassword();
    await this.users.setPassword(username, await hashPassword(password), true);
    await this.users.setSignIn(username, { failures: [] });
    await this.users.clearFailures(username);
    await this.users.endSessions(username);
    await this.audit.append({
      at: new Date().toISOString(),
      actor: `user:${by}`,
      action: 'user.password_reset',
      subject: `user:${username}`,
    });
    return password;
  }

  /**
   * The caller of a valid token whose user is still active and whose sessions were not ended
   * since it was issued (one read of the user per request: deactivation, new roles and password
   * resets take effect at once, not when the token expires).
   */
  async verifyAccess(token: string): Promise<Principal | undefined> {
    const r = this.options.signer.verify(token);
    if (!r.ok) return undefined;
    const user = await this.users.get(r.principal.sub);
    if (!user || user.active === false || (user.tokenEpoch ?? 0) !== (r.principal.epoch ?? 0)) return undefined;
    return r.principal;
  }

  private async issue(principal: Principal, mustChangePassword: boolean, now: number): Promise<Tokens> {
    // Until the one-time password is changed, the token carries no role: only the password can be changed.
    const effective = mustChangePassword ? { ...principal, roles: [] as Role[] } : principal;
    const { token, expiresAt } = this.options.signer.sign(effective, now);
    const refresh = newRefreshToken();
    await this.users.addRefresh({
      _id: refresh.stored,
      username: principal.sub,
      expiresAt: new Date(now + this.options.refreshTtlMs),
    });
    return {
      accessToken: token,
      expiresAt: new Date(expiresAt).toISOString(),
      refreshToken: refresh.token,
      mustChangePassword,
    };
  }
}

/**
 * The claims of a user's access token. The officer link goes in too (the discipline service knows
 * its council members, subjects and reviewers as officers); changing it raises the session epoch
 * (UsersService), so no token keeps a link the user no longer has.
 */
function principalOf(user: UserDoc): Principal {
  return {
    sub: user._id,
    roles: user.roles,
    unitId: user.unitId,
    epoch: user.tokenEpoch ?? 0,
    ...(user.officerId ? { officerId: user.officerId } : {}),
  };
}
