import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Principal, Roles } from '@thads/auth';
import { Api, ValidBody } from '@thads/http';
import { PendingGrant, RoleGrantList, RoleGrantSchema } from './role-grants';
import { CreateUserBody, CreatedUser, PasswordReset, UpdateUserBody, UserList, UserSchema } from './schemas';
import { UsersService } from './users.service';

const USERNAME = { username: 'The user name.' };

/** User management for administrators, within their unit scope. */
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Api({
    summary: 'Users in your units',
    response: { description: 'The users (never a password hash).', schema: UserList },
  })
  list(@Principal() principal: Principal) {
    return this.users.list(principal);
  }

  @Post()
  @Api({
    summary: 'Create a user',
    description:
      'Answers once with a one-time password, to be changed at first sign-in. Privileged roles (admin, inspection_supervisor, committee_chair: they manage users or read denouncers) are not given at once: they wait in `pendingGrant` for a second administrator. Audited.',
    body: CreateUserBody,
    response: { description: 'The user.', schema: Type.Composite([CreatedUser, PendingGrant]) },
    errors: { 409: 'The user name is taken.' },
  })
  create(@Principal() principal: Principal, @ValidBody() body: CreateUserBody) {
    return this.users.create(principal, body);
  }

  @Patch(':username')
  @Api({
    summary: "Change a user's roles, unit, registry link, name or active flag",
    description:
      "A new privileged role waits in `pendingGrant` for a second administrator; the other changes take effect at once and end the user's sessions. Audited.",
    params: USERNAME,
    body: UpdateUserBody,
    response: { description: 'The user.', schema: Type.Composite([UserSchema, PendingGrant]) },
    errors: { 404: 'No such user.' },
  })
  update(@Principal() principal: Principal, @Param('username') username: string, @ValidBody() body: UpdateUserBody) {
    return this.users.update(principal, username, body);
  }

  @Post(':username/password-reset')
  @Api({
    summary: "Reset a user's password",
    description: 'A new one-time password; their sessions end. Audited.',
    params: USERNAME,
    response: { description: 'The one-time password.', schema: PasswordReset },
    errors: { 404: 'No such user.' },
  })
  resetPassword(@Principal() principal: Principal, @Param('username') username: string) {
    return this.users.resetPassword(principal, username);
  }

  @Get('grants')
  @Api({
    summary: 'Requests for privileged roles waiting for a second administrator',
    response: { description: 'The pending requests for users of your units.', schema: RoleGrantList },
  })
  grants(@Principal() principal: Principal) {
    return this.users.pendingGrants(principal);
  }

  @Post('grants/:id/approve')
  @HttpCode(200)
  @Api({
    summary: 'Approve a request for privileged roles (four-eyes)',
    description:
      "By an administrator other than the one who asked and other than the user concerned. The roles are added and the user's sessions end. Audited.",
    params: { id: 'The request id (`pendingGrant.id`).' },
    response: { description: 'The request, approved.', schema: RoleGrantSchema },
    errors: { 404: 'No such request in your units.', 409: 'Already decided.' },
  })
  approve(@Principal() principal: Principal, @Param('id') id: string) {
    return this.users.decideGrant(principal, id, true);
  }

  @Post('grants/:id/reject')
  @HttpCode(200)
  @Api({
    summary: 'Reject a request for privileged roles',
    description: 'Same rule as approving. Audited.',
    params: { id: 'The request id.' },
    response: { description: 'The request, rejected.', schema: RoleGrantSchema },
    errors: { 404: 'No such request in your units.', 409: 'Already decided.' },
  })
  reject(@Principal() principal: Principal, @Param('id') id: string) {
    return this.users.decideGrant(principal, id, false);
  }
}
