import { randomBytes } from 'node:crypto';
import { Inject, Logger, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import {
  ACCESS_VERIFIER,
  AuthGuard,
  TokenSigner,
  docsController,
  httpMetrics,
  metricsController,
  parseTokenSecret,
  type AccessVerifier,
} from '@thads/auth';
import { ApiExceptionFilter, correlationMiddleware, securityHeaders } from '@thads/http';
import { KafkaBus, busLog } from '@thads/messaging';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
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

/**
 * Access tokens are issued by the inspection service and signed with the secret the services
 * share (TOKEN_SECRET); here the signature, the algorithm and the expiry are checked (as in the
 * insight service: a token of an ended session stays valid until it expires, 15 minutes at most).
 */
function verifier(configured: string, log: Logger): AccessVerifier {
  if (!configured) log.warn('TOKEN_SECRET is not set: no token can be verified, every API call answers 401');
  const signer = new TokenSigner(configured ? parseTokenSecret(configured) : randomBytes(32));
  return {
    verifyAccess: (token) => {
      const result = signer.verify(token);
      return result.ok ? result.principal : undefined;
    },
  };
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
        { provide: ACCESS_VERIFIER, useValue: verifier(config.tokenSecret, new Logger('Identity')) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useFactory: () => new ApiExceptionFilter() },
      ],
      exports: [DetectorService, DetectorStore],
    };
  }
}
