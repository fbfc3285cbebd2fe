import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { SuppressionRecordsModule } from '../suppressions/suppression-records.module';
import { FindingAccess } from './finding-access';
import { FindingAnnouncer } from './finding-announcer';
import { FindingIntake } from './finding-intake.service';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { Store } from '@thads/store';

/** Findings: intake from the topic, the list and detail, the lifecycle. */
@Module({
  imports: [IdentityModule, SuppressionRecordsModule],
  controllers: [FindingsController],
  providers: [
    { provide: FindingsRepository, inject: [Store], useFactory: (store: Store) => new FindingsRepository(store) },
    FindingAccess,
    FindingsService,
    FindingIntake,
    FindingAnnouncer,
  ],
  exports: [FindingsRepository, FindingAccess, FindingsService],
})
export class FindingsModule {}
