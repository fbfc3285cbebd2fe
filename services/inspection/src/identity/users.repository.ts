import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Role } from '@thads/auth';
import { DocumentLocks, insertOnce, type DocumentLock, type Store } from '@thads/store';
import type { SignInRecord } from './sign-in';

export interface UserDoc {
  _id: string;
  passwordHash: string;
  roles: Role[];
  unitId: string;
  mustChangePassword: boolean;
  signIn: SignInRecord;
  createdAt: Date;
  /** Display name. */
  name?: string;
  /** The user's own record in the officer registry (assignment checks declared relations through it). */
  officerId?: string;
  /** False once an administrator has deactivated the account: no sign-in, no new assignments. */
  active?: boolean;
  /** Raised to end every session of the user at once: older access tokens are refused. */
  tokenEpoch?: number;
  /**
   * Set by the same update that raises `tokenEpoch`, unset once the outbox holds the announcement
   * of that epoch: a crash or a failed outbox write in between leaves it set, and the sweep
   * (`EpochAnnouncer`) announces the epoch then, without waiting for the next start.
   */
  epochUnannounced?: true;
}

export interface RefreshDoc {
  /** SHA-256 of the token. */
  _id: string;
  username: string;
  expiresAt: Date;
  /** Set once the token has been exchanged: a second use revokes the user's tokens. */
  usedAt?: Date;
  /** Set when the token was presented again after its exchange (the sessions are being ended). */
  reusedAt?: Date;
}

/** The one exchange of a refresh token: inserted by the request that makes it (hash of the token as `_id`). */
interface RefreshClaimDoc {
  _id: string;
  username: string;
  at: Date;
}

export type RefreshClaim = { outcome: 'claimed' | 'used'; token: RefreshDoc } | { outcome: 'unusable' };

/** Told each epoch the repository raises (the service announces it on `integrity.sessions.v1`). */
export type EpochRaised = (username: string, epoch: number) => Promise<void>;

/** Users and refresh tokens in the store (small collections: updates by `_id` are affordable on FerretDB v1). */
export class UsersRepository {
  /**
   * Every update of a user holds it first (`DocumentLocks`): on FerretDB v1 two updates of one
   * document at once lose one (ADR 0012), and a sign-in recorded beside a raise of the session
   * epoch could undo the raise — the user's old access tokens would be good again.
   */
  private readonly writers = new DocumentLocks(() => this.store.collection<DocumentLock>('user_locks'));

  constructor(
    private readonly store: Store,
    /** Required: a repository that raised epochs without announcing them would clear their marks unannounced. */
    private readonly epochRaised: EpochRaised,
  ) {}

  private get users(): Collection<UserDoc> {
    return this.store.collection<UserDoc>('users');
  }

  private get refresh(): Collection<RefreshDoc> {
    return this.store.collection<RefreshDoc>('refresh_tokens');
  }

  private get refreshClaims(): Collection<RefreshClaimDoc> {
    return this.store.collection<RefreshClaimDoc>('refresh_claims');
  }

  count(): Promise<number> {
    return this.users.countDocuments();
  }

  get(username: string): Promise<UserDoc | null> {
    return this.users.findOne({ _id: username });
  }

  /** Inserts a user; false when the name is taken. */
  insert(user: UserDoc): Promise<boolean> {
    return insertOnce(this.users, user);
  }

  /** Users with `role` whose account is active. */
  withRole(role: Role): Promise<UserDoc[]> {
    return this.users.find({ roles: role, active: { $ne: false } }).toArray();
  }

  /** Every user, by name (the collection is small). */
  all(): Promise<UserDoc[]> {
    return this.users.find({}).sort({ _id: 1 }).toArray();
  }

  async update(
    username: string,
    set: Partial<Pick<UserDoc, 'roles' | 'unitId' | 'officerId' | 'active' | 'name'>>,
  ): Promise<void> {
    await this.writers.write(username, () => this.users.updateOne({ _id: username }, { $set: set }));
  }

  /**
   * Adds roles to the user's own, read and written while holding the user: two grants approved at
   * once each keep their roles (a merge computed from an earlier read would drop the other's).
   */
  async addRoles(username: string, roles: readonly Role[]): Promise<void> {
    await this.writers.write(username, async () => {
      const user = await this.users.findOne({ _id: username });
      if (!user) return;
      await this.users.updateOne({ _id: username }, { $set: { roles: [...new Set([...user.roles, ...roles])] } });
    });
  }

  /**
   * Records one failed sign-in and answers how many there were since `since`, this one included.
   * Each failure is a document of its own: requests racing in parallel cannot overwrite each
   * other's count, as a read-then-write of a counter on the user would.
   */
  async addFailure(username: string, at: number, since: number): Promise<number> {
    const failures = this.store.collection<{ _id: string; username: string; at: number }>('sign_in_failures');
    await failures.insertOne({ _id: randomUUID(), username, at });
    return failures.countDocuments({ username, at: { $gt: since } });
  }

  async clearFailures(username: string): Promise<void> {
    await this.store.collection('sign_in_failures').deleteMany({ username });
  }

  /** Locks the account until `until` unless it is locked already; true when this call locked it. */
  async lock(username: string, until: number, now: number): Promise<boolean> {
    const res = await this.writers.write(username, () =>
      this.users.updateOne(
        { _id: username, $or: [{ 'signIn.lockedUntil': { $exists: false } }, { 'signIn.lockedUntil': { $lte: now } }] },
        { $set: { 'signIn.lockedUntil': until } },
      ),
    );
    return res.modifiedCount === 1;
  }

  async setSignIn(username: string, signIn: SignInRecord): Promise<void> {
    await this.writers.write(username, () => this.users.updateOne({ _id: username }, { $set: { signIn } }));
  }

  async setPassword(username: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
    await this.writers.write(username, () =>
      this.users.updateOne({ _id: username }, { $set: { passwordHash, mustChangePassword } }),
    );
  }

  /**
   * Replaces a hash made with weaker parameters by one of the same password, unless the password
   * changed meanwhile (the update holds only while the stored hash is still `old`).
   */
  async upgradeHash(username: string, old: string, passwordHash: string): Promise<boolean> {
    const res = await this.writers.write(username, () =>
      this.users.updateOne({ _id: username, passwordHash: old }, { $set: { passwordHash } }),
    );
    return res.modifiedCount === 1;
  }

  async addRefresh(doc: RefreshDoc): Promise<void> {
    await this.refresh.insertOne(doc);
  }

  getRefresh(hash: string): Promise<RefreshDoc | null> {
    return this.refresh.findOne({ _id: hash });
  }

  /**
   * Takes a refresh token for one exchange, for exactly one of the requests racing with it: the
   * first to insert the token's claim (`refresh_claims`, keyed by the token's hash) has it. A
   * conditional update would not do on FerretDB v1, which runs it as a read then a write, so
   * that several racing requests all got the token (seen in CI; ADR 0012). What the token was
   * to this call: `claimed` (exchange it), `used` (exchanged before: a reuse), or `unusable`
   * (unknown, expired, revoked).
   */
  async claimRefresh(hash: string, at: Date): Promise<RefreshClaim> {
    const token = await this.refresh.findOne({ _id: hash });
    if (!token) return { outcome: 'unusable' };
    const claims = this.refreshClaims;
    if (token.expiresAt.getTime() <= at.getTime())
      return (await claims.findOne({ _id: hash })) ? { outcome: 'used', token } : { outcome: 'unusable' };
    if (!(await insertOnce(claims, { _id: hash, username: token.username, at }))) return { outcome: 'used', token };
    // For whoever reads the token: the claim above is what decides.
    await this.refresh.updateOne({ _id: hash }, { $set: { usedAt: at } });
    return { outcome: 'claimed', token };
  }

  /** Marks a token presented again after its exchange (its sessions are being ended). */
  async flagReuse(hash: string, at: Date): Promise<void> {
    await this.refresh.updateOne({ _id: hash }, { $set: { reusedAt: at } });
  }

  /**
   * Ends every session of the user: refresh tokens deleted, and the epoch raised so that the
   * access tokens already given out are refused too (they would otherwise live 15 minutes) —
   * here, and, once the raised epoch is announced (`epochRaised`), by every other service.
   * The raise marks the epoch unannounced in the same update (FerretDB v1 has no transactions),
   * so that if the announcement is never recorded the sweep still finds it.
   */
  async endSessions(username: string): Promise<void> {
    await this.revokeRefresh(username);
    // No projection: FerretDB 1.24's findAndModify does not take one.
    const after = await this.writers.write(username, () =>
      this.users.findOneAndUpdate(
        { _id: username },
        { $inc: { tokenEpoch: 1 }, $set: { epochUnannounced: true } },
        { returnDocument: 'after' },
      ),
    );
    if (after?.tokenEpoch === undefined) return;
    await this.epochRaised(username, after.tokenEpoch);
    // Only bookkeeping now (the announcement is recorded): a failure leaves it to the sweep.
    await this.epochAnnounced(username, after.tokenEpoch).catch(() => undefined);
  }

  /** Users whose latest raised epoch may not have been announced yet, with it. */
  async unannouncedEpochs(limit = 500): Promise<{ username: string; epoch: number }[]> {
    const docs = await this.users
      .find({ epochUnannounced: true }, { projection: { tokenEpoch: 1 } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.flatMap((d) => (d.tokenEpoch === undefined ? [] : [{ username: d._id, epoch: d.tokenEpoch }]));
  }

  /**
   * The outbox holds the announcement of `epoch`: the mark goes, unless the epoch was raised
   * again meanwhile (then the mark stays for the newer one).
   */
  async epochAnnounced(username: string, epoch: number): Promise<void> {
    await this.writers.write(username, () =>
      this.users.updateOne({ _id: username, tokenEpoch: epoch }, { $unset: { epochUnannounced: '' } }),
    );
  }

  /** Every user whose epoch was ever raised, with it (announced again at start). */
  async raisedEpochs(): Promise<{ username: string; epoch: number }[]> {
    const docs = await this.users
      .find({ tokenEpoch: { $gt: 0 } }, { projection: { tokenEpoch: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return docs.map((d) => ({ username: d._id, epoch: d.tokenEpoch! }));
  }

  /** Forgets one refresh token (a sign-out): that session cannot be renewed any more. */
  async deleteRefresh(hash: string): Promise<void> {
    await this.refresh.deleteOne({ _id: hash });
  }

  async revokeRefresh(username: string): Promise<void> {
    // The claims stay: a request racing with this one may have read a token just deleted, and its
    // claim must still be refused.
    await this.refresh.deleteMany({ username });
  }
}
