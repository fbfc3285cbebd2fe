import { Module } from '@nestjs/common';
import { Store } from '@thads/store';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';

@Module({
  controllers: [NotificationsController],
  providers: [
    {
      provide: NotificationsRepository,
      inject: [Store],
      useFactory: (store: Store) => new NotificationsRepository(store),
    },
  ],
  exports: [NotificationsRepository],
})
export class NotificationsModule {}
