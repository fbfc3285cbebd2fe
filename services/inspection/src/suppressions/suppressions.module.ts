import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { SuppressionRecordsModule } from './suppression-records.module';
import { SuppressionWorker } from './suppression-worker';
import { SuppressionsController } from './suppressions.controller';
import { SuppressionsService } from './suppressions.service';

/** Suppressions: holding a rule's findings back in a unit until a date, lifting, expiry and release. */
@Module({
  imports: [FindingsModule, SuppressionRecordsModule],
  controllers: [SuppressionsController],
  providers: [SuppressionsService, SuppressionWorker],
})
export class SuppressionsModule {}
