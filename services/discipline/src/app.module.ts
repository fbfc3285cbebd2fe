import { Inject, Logger, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditTrail } from '@thads/audit';
import {
  ACCESS_VERIFIER,
  AuthGuard,
  docsController,
  healthController,
  httpMetrics,
  metricsController,
  type AuthedRequest,
} from '@thads/auth';
import {
  ApiExceptionFilter,
  correlationMiddleware,
  securityHeaders,
  type AppError,
  type DenialListener,
} from '@thads/http';
import { ServiceMetrics } from '@thads/platform';
import { SessionEpochIngest, SessionEpochView, sessionVerifier } from '@thads/sessions';
import type { DisciplineConfig } from './config';
import { CoreModule } from './core/core.module';
import { systemClock, type Clock } from './core/clock';
import { AuditController } from './audit/audit.controller';
import { BallotController } from './ballot/ballot.controller';
import { BallotModule } from './ballot/ballot.module';
import { CouncilController } from './council/council.controller';
import { CouncilModule } from './council/council.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { RemindersController } from './deadlines/reminders.controller';
import { DecisionsController } from './decisions/decisions.controller';
import { DecisionsModule } from './decisions/decisions.module';
import { HearingController } from './hearing/hearing.controller';
import { HearingModule } from './hearing/hearing.module';
import { HistoryController } from './history/history.controller';
import { HistoryModule } from './history/history.module';
import { IntakeModule } from './intake/intake.module';
import { MinutesController } from './minutes/minutes.controller';
import { MinutesModule } from './minutes/minutes.module';
import { ProceedingsController } from './proceedings/proceedings.controller';
import { ProceedingsModule } from './proceedings/proceedings.module';

const HealthController = healthController('discipline');
const MetricsController = metricsController();

/** Every controller of the service: the API document lists exactly these. */
export const CONTROLLERS = [
  HealthController,
  MetricsController,
  AuditController,
  ProceedingsController,
  CouncilController,
  HearingController,
  BallotController,
  DecisionsController,
  MinutesController,
  HistoryController,
  RemindersController,
];

export const API_DOCUMENT = {
  title: 'THADS integrity — discipline API',
  description:
    'Discipline committees: proceedings opened from referred findings, the council, due process, the two-round secret ballot, the recommendation, the decision and the appeal; officer integrity history. Send `Authorization: Bearer <accessToken>` (sign in on the inspection service; a user acts in a proceeding as the registry officer their account is linked to). Every error answers `{ code, message: { vi, en }, field?, correlationId }`.',
};

const DocsController = docsController({
  ...API_DOCUMENT,
  base: '/api/discipline/docs',
  controllers: () => [...CONTROLLERS, DocsController],
});

export interface DisciplineModuleOptions {
  /** The clock of the steps' days and the deadline jobs (tests move their own forward). */
  clock?: Clock;
}

/** Every 403 — a missing role, a unit out of scope, a concerned party, someone not on the council — goes to the audit trail. */
function denialsToAudit(audit: AuditTrail): DenialListener {
  return {
    async denied(req: AuthedRequest, error: AppError): Promise<void> {
      // The method and the URL only: a request body (a ballot) is never written anywhere.
      await audit.append({
        at: new Date().toISOString(),
        actor: `user:${req.principal?.sub ?? 'anonymous'}`,
        action: 'access.denied',
        subject: `${req.method} ${req.originalUrl}`,
        after: { roles: req.principal?.roles ?? [], code: error.code, why: error.message },
      });
    },
  };
}

/**
 * The discipline service: one Nest module per feature (proceedings, council, hearing, ballot,
 * decisions, deadlines, history, minutes, the intake of referrals) on one core of shared
 * connections. See services/discipline/README.md.
 */
@Module({})
export class DisciplineModule implements NestModule {
  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  static forRoot(config: DisciplineConfig, options: DisciplineModuleOptions = {}): DynamicModule {
    return {
      module: DisciplineModule,
      imports: [
        CoreModule.forRoot(config, options.clock ?? systemClock),
        ProceedingsModule,
        CouncilModule,
        HearingModule,
        BallotModule,
        DecisionsModule,
        DeadlinesModule,
        HistoryModule,
        MinutesModule,
        IntakeModule,
      ],
      controllers: [HealthController, MetricsController, AuditController, DocsController],
      providers: [
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
        {
          provide: APP_FILTER,
          inject: [AuditTrail],
          useFactory: (audit: AuditTrail) => new ApiExceptionFilter(denialsToAudit(audit)),
        },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics), securityHeaders, correlationMiddleware).forRoutes('*');
  }
}
