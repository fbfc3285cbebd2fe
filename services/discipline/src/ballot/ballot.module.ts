import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { BallotController } from './ballot.controller';
import { BallotRepository } from './ballot.repository';
import { BallotService } from './ballot.service';
import { PublishedCommitments } from './published-commitment';
import { RoundLease } from './round-lease';

/** The secret ballot: rounds in memory, sealed records in the store. */
@Module({
  imports: [ProceedingsModule],
  controllers: [BallotController],
  providers: [BallotService, BallotRepository, RoundLease, PublishedCommitments],
  exports: [BallotRepository],
})
export class BallotModule {}
