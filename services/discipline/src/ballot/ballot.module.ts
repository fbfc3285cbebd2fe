import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { BallotController } from './ballot.controller';
import { BallotRepository } from './ballot.repository';
import { BallotService } from './ballot.service';
import { PublishedCommitments } from './published-commitment';

/** The secret ballot: rounds in memory, sealed records in the store. */
@Module({
  imports: [ProceedingsModule],
  controllers: [BallotController],
  // RoundLease comes from ProceedingsModule (one per process: its instance id names the holder).
  providers: [BallotService, BallotRepository, PublishedCommitments],
  exports: [BallotRepository],
})
export class BallotModule {}
