import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { httpMetrics, metricsController } from '@thads/auth';
import { KafkaBus, busLog } from '@thads/messaging';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { DETECTOR_CONFIG, type DetectorConfig } from './config';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { DetectorService } from './pipeline/detector.service';
import { DetectorStore } from './store/detector.store';
import { Logger } from '@nestjs/common';

const PrometheusController = metricsController();

/** The consumer groups whose lag operators watch: the input, the subject stage and the registry. */
function detectorMetrics(config: DetectorConfig, bus: KafkaBus): ServiceMetrics {
  const metrics = new ServiceMetrics('detector');
  metrics.addLag({ group: config.groupId, lag: () => bus.lag(config.groupId, ['CaseEvents', 'FinanceEvents']) });
  const subjects = `${config.groupId}-subjects`;
  metrics.addLag({ group: subjects, lag: () => bus.lag(subjects, ['DetectorFacts']) });
  const registry = `${config.groupId}-registry`;
  metrics.addLag({ group: registry, lag: () => bus.lag(registry, ['RegistryEvents']) });
  return metrics;
}

@Module({})
export class DetectorModule implements NestModule {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics)).forRoutes('*');
  }

  static forRoot(config: DetectorConfig): DynamicModule {
    const kafkaLog = new Logger('Kafka');
    return {
      module: DetectorModule,
      controllers: [HealthController, MetricsController, PrometheusController],
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
        { provide: ServiceMetrics, inject: [KafkaBus], useFactory: (bus: KafkaBus) => detectorMetrics(config, bus) },
        { provide: DetectorStore, useFactory: () => new DetectorStore(config.mongoUrl, config.mongoDb) },
        DetectorService,
      ],
      exports: [DetectorService, DetectorStore],
    };
  }
}
