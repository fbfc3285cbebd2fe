import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaBus, busLog } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { DETECTOR_CONFIG, type DetectorConfig } from './config';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { DetectorService } from './pipeline/detector.service';
import { DetectorStore } from './store/detector.store';
import { Logger } from '@nestjs/common';

@Module({})
export class DetectorModule {
  static forRoot(config: DetectorConfig): DynamicModule {
    const kafkaLog = new Logger('Kafka');
    return {
      module: DetectorModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: DETECTOR_CONFIG, useValue: config },
        HealthRegistry,
        {
          provide: KafkaBus,
          useFactory: () =>
            new KafkaBus({
              brokers: config.kafkaBrokers,
              clientId: 'thads-detector',
              topicPrefix: config.topicPrefix,
              log: busLog(kafkaLog),
              ...(config.kafkaReplicationFactor ? { replicationFactor: config.kafkaReplicationFactor } : {}),
              sessionTimeoutMs: config.kafkaSessionTimeoutMs,
            }),
        },
        { provide: DetectorStore, useFactory: () => new DetectorStore(config.mongoUrl, config.mongoDb) },
        DetectorService,
      ],
      exports: [DetectorService, DetectorStore],
    };
  }
}
