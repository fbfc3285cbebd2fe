import { Controller, Get } from '@nestjs/common';
import { Type, type Static } from '@sinclair/typebox';
import { Principal, ROLES, Roles } from '@thads/auth';
import { Api, S, ValidQuery } from '@thads/http';
import { NOTICES, NotificationsRepository, type NotificationView } from './notifications.repository';

const Query = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, errorMessage: 'an integer from 1 to 500' }),
});

const NotificationList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: S.oneOf(Object.keys(NOTICES), 'What happened; clients word it from `params`.'),
      findingId: Type.String(),
      at: Type.String(),
      params: Type.Record(Type.String(), Type.String()),
      message: Type.Object({ vi: Type.String(), en: Type.String() }),
    }),
  ),
});

/** The caller's own notifications: new assignments, SLA reminders, escalations. */
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  // Every role, but not a token without one: a one-time-password token may only change the password.
  @Roles(...ROLES)
  @Get()
  @Api({
    summary: 'Your notifications',
    description: 'Newest first.',
    query: Query,
    response: { description: 'The notifications.', schema: NotificationList },
  })
  async mine(
    @Principal() principal: Principal,
    @ValidQuery() q: Static<typeof Query>,
  ): Promise<{ items: NotificationView[] }> {
    return { items: await this.notifications.forUser(principal.sub, q.limit) };
  }
}
