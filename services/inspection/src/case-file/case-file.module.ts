import { Module } from '@nestjs/common';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { FindingsModule } from '../findings/findings.module';
import { IdentityModule } from '../identity/identity.module';
import { CaseEventsRepository } from './case-events.repository';
import { CaseFileIngest } from './case-file-ingest.service';
import { CaseFileController } from './case-file.controller';
import { CaseFileService } from './case-file.service';

/** The case file: every case's events (own consumer group), the timeline, the ledger, denouncers withheld. */
@Module({
  imports: [FindingsModule, IdentityModule],
  controllers: [CaseFileController],
  providers: [
    {
      provide: CaseEventsRepository,
      inject: [Store, INSPECTION_CONFIG],
      useFactory: (store: Store, config: InspectionConfig) => new CaseEventsRepository(store, config.caseFileBuckets),
    },
    CaseFileIngest,
    CaseFileService,
  ],
})
export class CaseFileModule {}
