import { randomBytes } from 'node:crypto';
import { Inject, Logger, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditTrail } from '@thads/audit';
import {
  ACCESS_VERIFIER,
  AuthGuard,
  TokenSigner,
  httpMetrics,
  parseTokenSecret,
  type AuthedRequest,
} from '@thads/auth';
import { ServiceMetrics } from '@thads/platform';
import {
  ApiExceptionFilter,
  correlationMiddleware,
  securityHeaders,
  type AppError,
  type DenialListener,
} from '@thads/http';
import type { InspectionConfig } from './config';
import { CoreModule } from './core/core.module';
import { systemClock, type Clock } from './core/clock';
import { AuditModule } from './audit/audit.module';
import { AuditController } from './audit/audit.controller';
import { CaseFileModule } from './case-file/case-file.module';
import { CaseFileController } from './case-file/case-file.controller';
import { FindingsModule } from './findings/findings.module';
import { FindingsController } from './findings/findings.controller';
import { IdentityModule } from './identity/identity.module';
import { IdentityService, type IdentityOptions } from './identity/identity.service';
import { AuthController } from './identity/auth.controller';
import { UsersController } from './identity/users.controller';
import { InspectionsModule } from './inspections/inspections.module';
import { InspectionsController } from './inspections/inspections.controller';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationsController } from './notifications/notifications.controller';
import { OperationsModule } from './operations/operations.module';
import { DocsController, documentControllers } from './operations/docs.controller';
import { HealthController } from './operations/health.controller';
import { JobsController } from './operations/jobs.controller';
import { MetricsController } from './operations/metrics.controller';
import { OrgModule } from './org/org.module';
import { UnitsController } from './org/units.controller';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { SuppressionsController } from './suppressions/suppressions.controller';
import { TeamController } from './team/team.controller';
import { TeamModule } from './team/team.module';
import { WorkingPapersModule } from './working-papers/working-papers.module';
import { WorkingPapersController } from './working-papers/working-papers.controller';

export interface InspectionModuleOptions {
  /** How the first administrator's one-time password is told (default: the log, once). */
  announceFirstAdmin?: IdentityOptions['announceFirstAdmin'];
  /** The clock of due dates, reminders and escalations (tests move their own forward). */
  clock?: Clock;
}

/** Every controller of the service: the API document lists exactly these. */
export const CONTROLLERS = [
  MetricsController,
  HealthController,
  DocsController,
  JobsController,
  AuthController,
  UsersController,
  AuditController,
  FindingsController,
  InspectionsController,
  SuppressionsController,
  TeamController,
  UnitsController,
  CaseFileController,
  WorkingPapersController,
  NotificationsController,
];

function tokenSecret(configured: string, log: Logger): Buffer {
  if (configured) return parseTokenSecret(configured);
  log.warn('TOKEN_SECRET is not set: tokens are signed with a random secret and end when this process stops');
  return randomBytes(32);
}

/** The audit action of each kind of refusal the exception filter reports. */
function refusalAction(error: AppError): string {
  if (error.status === 403) return 'access.denied';
  if (error.status === 401 || error.status === 423) return 'access.unauthenticated';
  return 'request.refused';
}

/**
 * Every refusal the filter reports — a 403 (a missing role, a unit out of scope, a conflict of
 * interest), a failed or locked sign-in (with the user name tried), a token that does not verify,
 * a refused workflow step — goes to the audit trail. Strings are cut to 1000 characters there.
 */
function denialsToAudit(audit: AuditTrail): DenialListener {
  return {
    async denied(req: AuthedRequest, error: AppError): Promise<void> {
      const what = `${req.method} ${req.originalUrl}`;
      const tried = (req.body as { username?: unknown } | undefined)?.username;
      await audit.append({
        at: new Date().toISOString(),
        actor: `user:${req.principal?.sub ?? 'anonymous'}`,
        action: refusalAction(error),
        subject: what,
        after: {
          roles: req.principal?.roles ?? [],
          code: error.code,
          why: error.message,
          ...(typeof tried === 'string' ? { username: tried } : {}),
        },
      });
    },
  };
}

/**
 * The inspection service: one Nest module per feature (findings, inspections, case file,
 * working papers, identity, audit, notifications, operations, the registry view), on one core
 * of shared connections. See docs/adr/0007-module-layout-and-shared-packages.md.
 */
@Module({})
export class InspectionModule implements NestModule {
  static forRoot(config: InspectionConfig, options: InspectionModuleOptions = {}): DynamicModule {
    const identityLog = new Logger('Identity');
    const identity: IdentityOptions = {
      signer: new TokenSigner(tokenSecret(config.tokenSecret, identityLog)),
      adminUnitId: config.adminUnitId,
      refreshTtlMs: 8 * 3600_000,
      announceFirstAdmin:
        options.announceFirstAdmin ??
        ((user, password) =>
          identityLog.warn(
            `administrator "${user}" created; one-time password: ${password} — shown only now; sign in and change it (two administrators are made: privileged roles need a second one's approval, so give each to a different person)`,
          )),
    };
    documentControllers(CONTROLLERS);
    return {
      module: InspectionModule,
      imports: [
        CoreModule.forRoot(config, options.clock ?? systemClock, identity),
        OrgModule,
        IdentityModule,
        AuditModule,
        FindingsModule,
        InspectionsModule,
        SuppressionsModule,
        TeamModule,
        CaseFileModule,
        WorkingPapersModule,
        NotificationsModule,
        OperationsModule,
      ],
      providers: [
        { provide: ACCESS_VERIFIER, useExisting: IdentityService },
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: APP_FILTER,
          inject: [AuditTrail],
          useFactory: (audit: AuditTrail) => new ApiExceptionFilter(denialsToAudit(audit)),
        },
      ],
    };
  }

  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics), securityHeaders, correlationMiddleware).forRoutes('*');
  }
}
