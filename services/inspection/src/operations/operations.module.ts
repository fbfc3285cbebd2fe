import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { DocsController } from './docs.controller';
import { MetricsController } from './metrics.controller';
import { HealthController } from './health.controller';
import { JobsController } from './jobs.controller';

/** What operators and administrators need: health, the API document, the background jobs. */
@Module({
  imports: [FindingsModule],
  controllers: [HealthController, DocsController, JobsController, MetricsController],
})
export class OperationsModule {}
