import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module';
import { DeadlineWorkers } from './deadline-workers';
import { DeadlinesService } from './deadlines.service';
import { RemindersController } from './reminders.controller';
import { RemindersRepository } from './reminders.repository';

/** Reminders and overdue reports of the proceedings' time limits (BullMQ delayed jobs on the working-day calendar). */
@Module({
  imports: [ProceedingsModule],
  controllers: [RemindersController],
  providers: [RemindersRepository, DeadlinesService, DeadlineWorkers],
})
export class DeadlinesModule {}
