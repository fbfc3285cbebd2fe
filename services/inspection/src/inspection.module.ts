import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { KafkaBus, busLog } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { INSPECTION_CONFIG, type InspectionConfig } from './config';
import { HealthController } from './health/health.controller';
import { TaskIntakeService } from './tasks/task-intake.service';
import { TaskRepository } from './tasks/task.repository';

@Module({})
export class InspectionModule {
  static forRoot(config: InspectionConfig): DynamicModule {
    const kafkaLog = new Logger('Kafka');
    return {
      module: InspectionModule,
      controllers: [HealthController],
      providers: [
        { provide: INSPECTION_CONFIG, useValue: config },
        HealthRegistry,
        {
          provide: KafkaBus,
          useFactory: () =>
            new KafkaBus({
              brokers: config.kafkaBrokers,
              clientId: 'thads-inspection',
              topicPrefix: config.topicPrefix,
              log: busLog(kafkaLog),
            }),
        },
        { provide: TaskRepository, useFactory: () => new TaskRepository(config.mongoUrl, config.mongoDb) },
        TaskIntakeService,
      ],
      exports: [TaskIntakeService, TaskRepository],
    };
  }
}
