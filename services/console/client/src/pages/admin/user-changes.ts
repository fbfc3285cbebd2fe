import type { paths } from '../../api/generated/inspection';

/**
 * What the users page sends and shows, as pure functions of the API's answers and the form's
 * values: the body of a creation or of a change (only what changed), a user's state, the
 * privileged roles waiting for a second administrator, and whether the signed-in administrator
 * may decide a request (four-eyes). The inspection service decides all of it again; these only
 * keep the page from offering what it would refuse.
 */

export type User = paths['/api/users']['get']['responses']['200']['content']['application/json']['items'][number];
export type Role = User['roles'][number];
export type Grant =
  paths['/api/users/grants']['get']['responses']['200']['content']['application/json']['items'][number];
export type CreateBody = NonNullable<paths['/api/users']['post']['requestBody']>['content']['application/json'];
export type UpdateBody = NonNullable<
  paths['/api/users/{username}']['patch']['requestBody']
>['content']['application/json'];

/** In the order the form lists them: from the field to the leadership, then administration. */
export const ROLES: readonly Role[] = [
  'inspector',
  'inspection_supervisor',
  'committee_member',
  'committee_chair',
  'leadership',
  'admin',
];

/**
 * The roles the inspection service holds for a second administrator (its `PRIVILEGED_ROLES`:
 * `admin`, and the roles that may read a denouncer's identity). Here only to say so beside the
 * checkbox before the request is sent; what is actually held comes back as `pendingGrant`.
 */
export const SECOND_ADMIN_ROLES: readonly Role[] = ['admin', 'inspection_supervisor', 'committee_chair'];

/** The user form's values, as Ant Design's form gives them (untrimmed, empty fields as '' or undefined). */
export interface UserForm {
  username?: string;
  name?: string;
  unitId?: string;
  officerId?: string;
  roles?: Role[];
}

const clean = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** The body of POST /api/users: trimmed, empty optional fields left out. */
export function createBody(form: UserForm): CreateBody {
  const name = clean(form.name);
  const officerId = clean(form.officerId);
  return {
    username: clean(form.username) ?? '',
    roles: ROLES.filter((r) => form.roles?.includes(r)),
    unitId: clean(form.unitId) ?? '',
    ...(name ? { name } : {}),
    ...(officerId ? { officerId } : {}),
  };
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((r) => b.includes(r)) && b.every((r) => a.includes(r));

/**
 * The body of PATCH /api/users/{username}: only the fields that differ from the user as listed
 * (every change ends the user's sessions, so nothing is sent that did not change); undefined
 * when nothing did. An emptied name or registry link is not a change: the API can replace
 * them, not remove them.
 */
export function updateBody(user: User, form: UserForm): UpdateBody | undefined {
  const body: UpdateBody = {};
  const roles = ROLES.filter((r) => form.roles?.includes(r));
  if (roles.length > 0 && !sameRoles(roles, user.roles)) body.roles = roles;
  const unitId = clean(form.unitId);
  if (unitId && unitId !== user.unitId) body.unitId = unitId;
  const name = clean(form.name);
  if (name && name !== user.name) body.name = name;
  const officerId = clean(form.officerId);
  if (officerId && officerId !== user.officerId) body.officerId = officerId;
  return Object.keys(body).length ? body : undefined;
}

export type UserState = 'active' | 'inactive' | 'locked' | 'mustChangePassword';

/** What the state column shows, most important first: deactivated, locked, then a password to change. */
export function userStates(user: User): UserState[] {
  if (!user.active) return ['inactive'];
  const states: UserState[] = [];
  if (user.locked) states.push('locked');
  if (user.mustChangePassword) states.push('mustChangePassword');
  return states.length ? states : ['active'];
}

/** The roles waiting for a second administrator, per user name. */
export function pendingRoles(grants: readonly Grant[]): Map<string, Role[]> {
  const out = new Map<string, Role[]>();
  for (const g of grants) {
    if (g.status !== 'pending') continue;
    const roles = out.get(g.username) ?? [];
    out.set(
      g.username,
      ROLES.filter((r) => roles.includes(r) || g.roles.includes(r)),
    );
  }
  return out;
}

/**
 * Whether `me` may approve or reject a request: not the administrator who asked, not the user
 * the roles are for (the service answers 403 FOUR_EYES to both).
 */
export function decider(grant: Grant, me: string): { may: true } | { may: false; why: 'asked' | 'concerned' } {
  if (grant.requestedBy === me) return { may: false, why: 'asked' };
  if (grant.username === me) return { may: false, why: 'concerned' };
  return { may: true };
}
