import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ACCESS_VERIFIER, AuthGuard, docsController, httpMetrics, metricsController } from '@thads/auth';
import { ApiExceptionFilter, correlationMiddleware, securityHeaders } from '@thads/http';
import { KafkaBus, busLog } from '@thads/messaging';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { SessionEpochIngest, SessionEpochView, sessionVerifier } from '@thads/sessions';
import { Store } from '@thads/store';
import { DETECTOR_CONFIG, type DetectorConfig } from './config';
import { HealthController } from './health/health.controller';
import { MetricsJsonController } from './health/metrics.controller';
import { DetectorService } from './pipeline/detector.service';
import { CalendarController, RuleBookController } from './rulebook/rulebook.controller';
import { RuleBookAdmin } from './rulebook/rulebook-admin.service';
import { DetectorStore } from './store/detector.store';

const PrometheusController = metricsController();

/** Every controller of the service: the API document lists exactly these. */
export const CONTROLLERS = [
  HealthController,
  MetricsJsonController,
  PrometheusController,
  RuleBookController,
  CalendarController,
];

const DocsController = docsController({
  base: '/api/rules/docs',
  title: 'THADS integrity — detector API',
  description:
    'The rule book and the official days off, for administrators. Send `Authorization: Bearer <accessToken>` (sign in on the inspection service). Every error answers `{ code, message: { vi, en }, field?, correlationId }`.',
  controllers: () => [...CONTROLLERS, DocsController],
});

/** The consumer groups whose lag operators watch: the input, the subject stage, the registry and the session epochs. */
function detectorMetrics(config: DetectorConfig, bus: KafkaBus): ServiceMetrics {
  const metrics = new ServiceMetrics('detector');
  metrics.addLag({ group: config.groupId, lag: () => bus.lag(config.groupId, ['CaseEvents', 'FinanceEvents']) });
  const subjects = `${config.groupId}-subjects`;
  metrics.addLag({ group: subjects, lag: () => bus.lag(subjects, ['DetectorFacts']) });
  const registry = `${config.groupId}-registry`;
  metrics.addLag({ group: registry, lag: () => bus.lag(registry, ['RegistryEvents']) });
  const sessions = `${config.groupId}-sessions`;
  metrics.addLag({ group: sessions, lag: () => bus.lag(sessions, ['Sessions']) });
  return metrics;
}

/**
 * The store connection of the session epoch view (`session_epochs`, beside the detector's own
 * collections), closed with the process. The pipeline's `DetectorStore` has its own.
 */
@Injectable()
class SessionStore implements OnApplicationShutdown {
  readonly store: Store;
  constructor(@Inject(DETECTOR_CONFIG) config: DetectorConfig) {
    this.store = new Store(config.mongoUrl, config.mongoDb);
  }
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * The detector: the pipeline from the input topics to findings, its health and metrics, and the
 * administrators' API of the rule book and the calendar on the same port (DETECTOR_HEALTH_PORT).
 */
@Module({})
export class DetectorModule implements NestModule {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics), securityHeaders, correlationMiddleware).forRoutes('*');
  }

  static forRoot(config: DetectorConfig): DynamicModule {
    const kafkaLog = new Logger('Kafka');
    return {
      module: DetectorModule,
      controllers: [...CONTROLLERS, DocsController],
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
        RuleBookAdmin,
        SessionStore,
        {
          provide: SessionEpochView,
          inject: [SessionStore],
          useFactory: (s: SessionStore) => new SessionEpochView(s.store),
        },
        {
          provide: SessionEpochIngest,
          inject: [KafkaBus, SessionStore, SessionEpochView, HealthRegistry],
          useFactory: (bus: KafkaBus, s: SessionStore, view: SessionEpochView, health: HealthRegistry) =>
            new SessionEpochIngest(bus, s.store, view, `${config.groupId}-sessions`, health, new Logger('Sessions')),
        },
        {
          // Tokens are issued by the inspection service and signed with the secret the services
          // share; here the signature, the expiry and the session epoch (integrity.sessions.v1)
          // are checked: a token of an ended session is refused as at the issuer.
          provide: ACCESS_VERIFIER,
          inject: [SessionEpochView, SessionEpochIngest],
          useFactory: (view: SessionEpochView, ingest: SessionEpochIngest) =>
            sessionVerifier({ tokenSecret: config.tokenSecret, view, ingest, log: new Logger('Identity') }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useFactory: () => new ApiExceptionFilter() },
      ],
      exports: [DetectorService, DetectorStore],
    };
  }
}
