import { Inject, Logger, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import {
  ACCESS_VERIFIER,
  AuthGuard,
  docsController,
  healthController,
  httpMetrics,
  metricsController,
} from '@thads/auth';
import { ApiExceptionFilter, correlationMiddleware, securityHeaders } from '@thads/http';
import { ServiceMetrics } from '@thads/platform';
import { SessionEpochIngest, SessionEpochView, sessionVerifier } from '@thads/sessions';
import { Store } from '@thads/store';
import type { InsightConfig } from './config';
import { CoreModule } from './core/core.module';
import { IntegrityController } from './api/integrity.controller';
import { IntegrityReader } from './api/integrity-reader';
import { ReportsController } from './api/reports.controller';
import { StatisticsController } from './api/statistics.controller';
import { StatisticsScope } from './api/statistics-scope';
import { TargetsController } from './api/targets.controller';
import { CaseIngest } from './ingest/case-ingest.service';
import { CounterStore, IntegrityCounterStore } from './ingest/counter-store';
import { CaseIntegrityIngest, FindingsIngest, InspectionsIngest } from './ingest/integrity-ingest.service';

const HealthController = healthController('insight');
const MetricsController = metricsController();

/** Every controller of the service: the API document lists exactly these. */
export const CONTROLLERS = [
  HealthController,
  MetricsController,
  StatisticsController,
  ReportsController,
  IntegrityController,
  TargetsController,
];

const DocsController = docsController({
  base: '/api/insight/docs',
  title: 'THADS integrity — insight API',
  description:
    'Statistics and integrity metrics per unit and period for leadership and other systems. Send `Authorization: Bearer <accessToken>` (sign in on the inspection service). Every error answers `{ code, message: { vi, en }, field?, correlationId }`.',
  controllers: () => [...CONTROLLERS, DocsController],
});

/** The insight service: statistics and integrity metrics kept from the topics, per unit and period. */
@Module({})
export class InsightModule implements NestModule {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  static forRoot(config: InsightConfig): DynamicModule {
    return {
      module: InsightModule,
      imports: [CoreModule.forRoot(config)],
      controllers: [...CONTROLLERS, DocsController],
      providers: [
        { provide: CounterStore, useFactory: (store: Store) => new CounterStore(store), inject: [Store] },
        {
          provide: IntegrityCounterStore,
          useFactory: (store: Store) => new IntegrityCounterStore(store),
          inject: [Store],
        },
        CaseIngest,
        FindingsIngest,
        InspectionsIngest,
        CaseIntegrityIngest,
        StatisticsScope,
        IntegrityReader,
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
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics), securityHeaders, correlationMiddleware).forRoutes('*');
  }
}
