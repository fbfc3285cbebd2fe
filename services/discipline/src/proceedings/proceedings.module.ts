import { Module } from '@nestjs/common';
import { DeadlineScheduler } from './deadline-scheduler';
import { IntakeService } from './intake.service';
import { OutboxRelay } from './outbox-relay';
import { ProceedingAccess } from './proceeding-access';
import { ProceedingSteps } from './proceeding-steps.service';
import { ProceedingsController } from './proceedings.controller';
import { ProceedingsRepository } from './proceedings.repository';
import { ProceedingsService } from './proceedings.service';
import { RoundLease } from '../ballot/round-lease';

/**
 * Proceedings: their store, who may act on them, the step machinery (save, audit, announce,
 * schedule), the intake of referrals, reading them and their time to decide.
 */
@Module({
  controllers: [ProceedingsController],
  providers: [
    ProceedingsRepository,
    ProceedingAccess,
    DeadlineScheduler,
    ProceedingSteps,
    IntakeService,
    ProceedingsService,
    OutboxRelay,
    // Which instance serves an open ballot round: the ballot takes it, a proceeding's answer asks it (`vote`).
    RoundLease,
  ],
  exports: [ProceedingsRepository, ProceedingAccess, ProceedingSteps, IntakeService, ProceedingsService, RoundLease],
})
export class ProceedingsModule {}
