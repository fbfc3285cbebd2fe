import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '@thads/auth';
import { S } from '@thads/http';

/** The identity API's requests and answers (validation and the OpenAPI document come from these). */
export const SignInBody = Type.Object({ username: S.text(200), password: S.text(1000) });
export type SignInBody = Static<typeof SignInBody>;

export const RefreshBody = Type.Object({ refreshToken: S.text(200) });
export type RefreshBody = Static<typeof RefreshBody>;

export const PasswordBody = Type.Object({ currentPassword: S.text(1000), newPassword: S.text(1000) });
export type PasswordBody = Static<typeof PasswordBody>;

export const TokensSchema = Type.Object({
  accessToken: Type.String({ description: 'Bearer token, valid 15 minutes.' }),
  expiresAt: Type.String(),
  refreshToken: Type.String({ description: 'Works once, for new tokens.' }),
  mustChangePassword: Type.Boolean({
    description: 'A one-time password: only POST /api/auth/password is allowed until it is changed.',
  }),
});

export const PrincipalSchema = Type.Object({
  sub: Type.String(),
  roles: Type.Array(S.oneOf(ROLES)),
  unitId: Type.String(),
  officerId: Type.Optional(
    Type.String({ description: 'The registry officer you are, when your account is linked to one.' }),
  ),
});

const Username = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{1,63}$',
  errorMessage: '2–64 characters: lower-case letters, digits, dot, dash, underscore',
});
const RoleList = Type.Array(S.oneOf(ROLES), {
  minItems: 1,
  maxItems: ROLES.length,
  errorMessage: `a non-empty list of: ${ROLES.join(', ')}`,
});
// Names and registry ids are shown to other users: no control or text-direction characters.
const OptionalText = S.text(128);

export const CreateUserBody = Type.Object({
  username: Username,
  roles: RoleList,
  unitId: S.text(64),
  name: Type.Optional(OptionalText),
  officerId: Type.Optional(OptionalText),
});
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object({
  roles: Type.Optional(RoleList),
  unitId: Type.Optional(S.text(64)),
  name: Type.Optional(OptionalText),
  officerId: Type.Optional(OptionalText),
  active: Type.Optional(Type.Boolean({ errorMessage: 'true or false' })),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserSchema = Type.Object({
  username: Type.String(),
  name: Type.Optional(Type.String()),
  roles: Type.Array(S.oneOf(ROLES)),
  unitId: Type.String(),
  officerId: Type.Optional(
    Type.String({ description: "The user's own record in the officer registry (conflict-of-interest checks use it)." }),
  ),
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  locked: Type.Boolean(),
});
export type UserView = Static<typeof UserSchema>;

export const UserList = Type.Object({ items: Type.Array(UserSchema) });
export const CreatedUser = Type.Composite([
  UserSchema,
  Type.Object({ oneTimePassword: Type.String({ description: 'Shown once; must be changed at first sign-in.' }) }),
]);
export const PasswordReset = Type.Object({ username: Type.String(), oneTimePassword: Type.String() });
