import { Module } from '@nestjs/common';
import { Store } from '@thads/store';
import { FindingsModule } from '../findings/findings.module';
import { WorkingPapersController } from './working-papers.controller';
import { WorkingPapersRepository } from './working-papers.repository';
import { WorkingPapersService } from './working-papers.service';

@Module({
  imports: [FindingsModule],
  controllers: [WorkingPapersController],
  providers: [
    {
      provide: WorkingPapersRepository,
      inject: [Store],
      useFactory: (store: Store) => new WorkingPapersRepository(store),
    },
    WorkingPapersService,
  ],
})
export class WorkingPapersModule {}
