import { Module } from '@nestjs/common';
import { Store } from '@thads/store';
import { InspectionOutbox } from '../core/outbox';
import { AuthController } from './auth.controller';
import { IdentityLifecycle } from './identity.lifecycle';
import { IdentityService } from './identity.service';
import { RoleGrantsRepository } from './role-grants';
import { EpochAnnouncer, announceEpochs } from './session-epochs';
import { SignInLimiter } from './sign-in-limiter';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users, sign-in and tokens. The identity options (signer, first administrator) come from the root module. */
@Module({
  controllers: [AuthController, UsersController],
  providers: [
    {
      provide: UsersRepository,
      inject: [Store, InspectionOutbox],
      // Every raised epoch is announced, so that the other services refuse the ended sessions too.
      useFactory: (store: Store, outbox: InspectionOutbox) =>
        new UsersRepository(store, (username, epoch) => announceEpochs(outbox, [{ username, epoch }])),
    },
    { provide: RoleGrantsRepository, inject: [Store], useFactory: (store: Store) => new RoleGrantsRepository(store) },
    IdentityService,
    SignInLimiter,
    UsersService,
    IdentityLifecycle,
    EpochAnnouncer,
  ],
  exports: [UsersRepository, IdentityService],
})
export class IdentityModule {}
