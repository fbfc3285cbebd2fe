import { Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { Principal, Roles } from '@thads/auth';
import { Api, ValidBody } from '@thads/http';
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
    description: 'Answers once with a one-time password, to be changed at first sign-in. Audited.',
    body: CreateUserBody,
    response: { description: 'The user.', schema: CreatedUser },
    errors: { 409: 'The user name is taken.' },
  })
  create(@Principal() principal: Principal, @ValidBody() body: CreateUserBody) {
    return this.users.create(principal, body);
  }

  @Patch(':username')
  @Api({
    summary: "Change a user's roles, unit, registry link, name or active flag",
    description: 'Audited.',
    params: USERNAME,
    body: UpdateUserBody,
    response: { description: 'The user.', schema: UserSchema },
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
}
