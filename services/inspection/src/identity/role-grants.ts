import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { Type } from '@sinclair/typebox';
import { ROLES, type Role } from '@thads/auth';
import { S } from '@thads/http';
import { insertOnce, takeStep, type StepClaim, type Store } from '@thads/store';
import { DENOUNCER_READERS } from '../case-file/denouncer';

/**
 * Roles that one administrator alone may not give (four-eyes): `admin`, which manages users,
 * and the roles that may read a denouncer's identity. A request for one of them waits for a
 * second administrator — not the one who asked, not the user concerned — to approve it.
 */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', ...DENOUNCER_READERS];

/** What a change of roles does at once, and what waits for a second administrator. */
export function splitGrant(current: readonly Role[], requested: readonly Role[]): { now: Role[]; pending: Role[] } {
  const isNew = (r: Role) => PRIVILEGED_ROLES.includes(r) && !current.includes(r);
  const wanted = [...new Set(requested)];
  return { now: wanted.filter((r) => !isNew(r)), pending: wanted.filter(isNew) };
}

export interface RoleGrant {
  _id: string;
  username: string;
  /** The user's unit when asked: scope of who may see and decide the request. */
  unitId: string;
  roles: Role[];
  requestedBy: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: string;
  decidedAt?: Date;
}

export const RoleGrantSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  unitId: Type.String(),
  roles: Type.Array(S.oneOf(ROLES)),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  status: S.oneOf(['pending', 'approved', 'rejected'] as const),
  decidedBy: Type.Optional(Type.String()),
  decidedAt: Type.Optional(Type.String()),
});
export const RoleGrantList = Type.Object({ items: Type.Array(RoleGrantSchema) });
export const PendingGrant = Type.Object({
  pendingGrant: Type.Optional(
    Type.Object(
      { id: Type.String(), roles: Type.Array(S.oneOf(ROLES)) },
      {
        description:
          'Privileged roles asked for, waiting for a second administrator (POST /api/users/grants/{id}/approve).',
      },
    ),
  ),
});

export function grantView(g: RoleGrant) {
  return {
    id: g._id,
    username: g.username,
    unitId: g.unitId,
    roles: g.roles,
    requestedBy: g.requestedBy,
    requestedAt: g.requestedAt.toISOString(),
    status: g.status,
    ...(g.decidedBy ? { decidedBy: g.decidedBy } : {}),
    ...(g.decidedAt ? { decidedAt: g.decidedAt.toISOString() } : {}),
  };
}

/** `role_grants`: requests for privileged roles (a small collection). */
export class RoleGrantsRepository {
  constructor(private readonly store: Store) {}

  private get grants(): Collection<RoleGrant> {
    return this.store.collection<RoleGrant>('role_grants');
  }

  async request(username: string, unitId: string, roles: Role[], requestedBy: string): Promise<RoleGrant> {
    const grant: RoleGrant = {
      _id: randomUUID(),
      username,
      unitId,
      roles,
      requestedBy,
      requestedAt: new Date(),
      status: 'pending',
    };
    await insertOnce(this.grants, grant);
    return grant;
  }

  get(id: string): Promise<RoleGrant | null> {
    return this.grants.findOne({ _id: id });
  }

  pending(): Promise<RoleGrant[]> {
    return this.grants.find({ status: 'pending' }).sort({ requestedAt: 1 }).toArray();
  }

  /**
   * Decides a pending request; false when it was decided meanwhile. Of two administrators
   * deciding at once, one does: the claim of the decision (`<id>@decided`) goes in first (a
   * conditional update let both through on FerretDB v1, the grant showing one decision while
   * the other was acted on: ADR 0012).
   */
  async decide(id: string, status: 'approved' | 'rejected', by: string): Promise<boolean> {
    return takeStep({
      claims: this.store.collection<StepClaim>('role_grant_decisions'),
      key: `${id}@decided`,
      apply: async () =>
        (
          await this.grants.updateOne(
            { _id: id, status: 'pending' },
            { $set: { status, decidedBy: by, decidedAt: new Date() } },
          )
        ).modifiedCount === 1,
    });
  }
}
