import { Module } from '@nestjs/common';
import { BallotModule } from '../ballot/ballot.module';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { MinutesController } from './minutes.controller';

/** The minutes, from the record (HTML; PDF through a headless Chromium). */
@Module({ imports: [ProceedingsModule, BallotModule], controllers: [MinutesController] })
export class MinutesModule {}
