import { Controller, Get, Query, Req } from '@nestjs/common';
import { intParam } from '../http/params';
import { Roles, type AuthedRequest } from '../identity/auth.guard';
import { NotificationsRepository, type NotificationDoc } from './notifications.repository';

/** The caller's own notifications: new assignments, SLA reminders, escalations. */
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  @Roles()
  @Get()
  async mine(@Req() req: AuthedRequest, @Query('limit') limit: unknown): Promise<{ items: NotificationDoc[] }> {
    return { items: await this.notifications.forUser(req.principal!.sub, intParam(limit, 'limit', 50, 1, 500)) };
  }
}
