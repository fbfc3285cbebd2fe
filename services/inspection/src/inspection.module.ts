import { randomBytes } from 'node:crypto';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { KafkaBus, busLog } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { INSPECTION_CONFIG, type InspectionConfig } from './config';
import { HealthController } from './health/health.controller';
import { TaskIntakeService } from './tasks/task-intake.service';
import { TaskRepository } from './tasks/task.repository';
import { AuditController } from './audit/audit.controller';
import { FindingsController } from './workflow/findings.controller';
import { AuditRepository } from './audit/audit.repository';
import { TokenSigner } from './identity/access';
import { AuthController } from './identity/auth.controller';
import { AuthGuard } from './identity/auth.guard';
import { AccessDeniedFilter } from './identity/access-denied.filter';
import { IdentityLifecycle } from './identity/identity.lifecycle';
import { IDENTITY_OPTIONS, IdentityService, type IdentityOptions } from './identity/identity.service';
import { UsersRepository } from './identity/users.repository';
import { UsersController } from './identity/users.controller';
import { JobsController } from './admin/jobs.controller';
import { AssignmentService } from './assignment/assignment.service';
import { CLOCK, systemClock, type Clock } from './clock';
import { JobQueues } from './jobs/job-queues';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsRepository } from './notifications/notifications.repository';
import { SlaService } from './sla/sla.service';
import { CaseEventsRepository } from './case-file/case-events.repository';
import { CaseFileController } from './case-file/case-file.controller';
import { CaseFileIngestService } from './case-file/case-file-ingest.service';
import { FindingAccess } from './workflow/finding-access';
import { WorkController } from './work/work.controller';
import { DocsController } from './docs/docs.controller';
import { WorkRepository } from './work/work.repository';

export interface InspectionModuleOptions {
  /** How the first administrator's one-time password is told (default: the log, once). */
  announceFirstAdmin?: IdentityOptions['announceFirstAdmin'];
  /** The clock of due dates, reminders and escalations (tests move their own forward). */
  clock?: Clock;
}

function tokenSecret(configured: string, log: Logger): Buffer {
  if (!configured) {
    log.warn('TOKEN_SECRET is not set: tokens are signed with a random secret and end when this process stops');
    return randomBytes(32);
  }
  const secret = /^[0-9a-f]+$/i.test(configured) ? Buffer.from(configured, 'hex') : Buffer.from(configured, 'base64');
  if (secret.length < 32) throw new Error('TOKEN_SECRET must hold at least 32 bytes (64 hex digits)');
  return secret;
}

@Module({})
export class InspectionModule {
  static forRoot(config: InspectionConfig, options: InspectionModuleOptions = {}): DynamicModule {
    const kafkaLog = new Logger('Kafka');
    const identityLog = new Logger('Identity');
    const identityOptions: IdentityOptions = {
      signer: new TokenSigner(tokenSecret(config.tokenSecret, identityLog)),
      adminUnitId: config.adminUnitId,
      refreshTtlMs: 8 * 3600_000,
      announceFirstAdmin: options.announceFirstAdmin ?? ((user, password) => identityLog.warn(
        `first administrator "${user}" created; one-time password: ${password} — shown only now; sign in and change it`,
      )),
    };
    return {
      module: InspectionModule,
      controllers: [HealthController, AuthController, UsersController, AuditController, FindingsController, NotificationsController, JobsController, CaseFileController, WorkController, DocsController],
      providers: [
        { provide: INSPECTION_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        JobQueues,
        { provide: NotificationsRepository, useFactory: () => new NotificationsRepository(config.mongoUrl, config.mongoDb) },
        SlaService,
        AssignmentService,
        FindingAccess,
        { provide: CaseEventsRepository, useFactory: () => new CaseEventsRepository(config.mongoUrl, config.mongoDb, config.caseFileBuckets) },
        CaseFileIngestService,
        { provide: WorkRepository, useFactory: () => new WorkRepository(config.mongoUrl, config.mongoDb) },
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
        { provide: UsersRepository, useFactory: () => new UsersRepository(config.mongoUrl, config.mongoDb) },
        { provide: AuditRepository, useFactory: () => new AuditRepository(config.mongoUrl, config.mongoDb) },
        { provide: IDENTITY_OPTIONS, useValue: identityOptions },
        IdentityService,
        IdentityLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AccessDeniedFilter },
      ],
      exports: [TaskIntakeService, TaskRepository, AuditRepository, UsersRepository, JobQueues, AssignmentService, SlaService],
    };
  }
}
