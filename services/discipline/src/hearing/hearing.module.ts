import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { HearingController } from './hearing.controller';
import { HearingService } from './hearing.service';
import { SubmissionsRepository } from './submissions.repository';

/** Due process: summons, the subject's response and documents, the meeting. */
@Module({
  imports: [ProceedingsModule],
  controllers: [HearingController],
  providers: [HearingService, SubmissionsRepository],
})
export class HearingModule {}
