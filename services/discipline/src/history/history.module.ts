import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { HistoryController } from './history.controller';
import { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';

/** One officer's findings, proceedings, outcomes and appeals. */
@Module({
  imports: [ProceedingsModule],
  controllers: [HistoryController],
  providers: [HistoryRepository, HistoryService],
  exports: [HistoryRepository],
})
export class HistoryModule {}
