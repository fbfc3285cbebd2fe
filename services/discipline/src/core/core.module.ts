import { randomUUID } from 'node:crypto';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditTrail, configuredAuditTrail, PublishedChainHeads } from '@thads/audit';
import { AuditOnce } from './audit-once';
import { HEALTH_PROBES, type Probe } from '@thads/auth';
import { CalendarIngest, CalendarView } from '@thads/calendar';
import { KafkaBus, busLog } from '@thads/messaging';
import { OrgRepository, RegistryViewIngest } from '@thads/org';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { SessionEpochIngest, SessionEpochView } from '@thads/sessions';
import { Store } from '@thads/store';
import { DISCIPLINE_CONFIG, type DisciplineConfig } from '../config';
import { CLOCK, type Clock } from './clock';
import { JobQueues } from './job-queues';
import { DisciplineOutbox } from './outbox';

/** Closes the shared connections — Kafka, Redis, the store — after every consumer and worker has stopped (BackgroundLoop). */
@Injectable()
class SharedConnections implements OnApplicationShutdown {
  constructor(
    private readonly bus: KafkaBus,
    private readonly queues: JobQueues,
    @Inject(Store) private readonly store: Store,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.disconnect();
    await this.queues.close();
    await this.store.close();
  }
}

/**
 * One of each per process: the configuration, the clock, health and metrics, the store, the
 * Kafka bus, the BullMQ queue, the audit trail, the outbox, and the three views the service keeps
 * from shared topics in its own collections — the registry (`@thads/org`), the working-day
 * calendar (`@thads/calendar`) and the users' session epochs (`@thads/sessions`).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: DisciplineConfig, clock: Clock): DynamicModule {
    const store = new Store(config.mongoUrl, config.mongoDb);
    const bus = new KafkaBus({
      brokers: config.kafkaBrokers,
      clientId: 'thads-discipline',
      topicPrefix: config.topicPrefix,
      log: busLog(new Logger('Kafka')),
      ...(config.kafkaReplicationFactor ? { replicationFactor: config.kafkaReplicationFactor } : {}),
      sessionTimeoutMs: config.kafkaSessionTimeoutMs,
    });
    const metrics = new ServiceMetrics('discipline');
    const groups = {
      [`${config.groupId}-inspections`]: ['Inspections'],
      [`${config.groupId}-registry`]: ['RegistryEvents'],
      [`${config.groupId}-calendar`]: ['Calendar'],
      [`${config.groupId}-sessions`]: ['Sessions'],
    } as const;
    for (const [group, topics] of Object.entries(groups))
      metrics.addLag({
        group,
        lag: () => bus.lag(group, [...topics] as ('Inspections' | 'RegistryEvents' | 'Calendar' | 'Sessions')[]),
      });
    return {
      module: CoreModule,
      providers: [
        { provide: DISCIPLINE_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        HealthRegistry,
        { provide: Store, useValue: store },
        { provide: KafkaBus, useValue: bus },
        { provide: ServiceMetrics, useValue: metrics },
        JobQueues,
        {
          provide: HEALTH_PROBES,
          inject: [JobQueues],
          useFactory: (queues: JobQueues): Record<string, Probe> => ({
            kafka: () => bus.ping(),
            store: () => store.ping(),
            redis: async () => {
              await queues.redis.ping();
              return true;
            },
          }),
        },
        {
          // Each process reads the heads into memory in a group of its own (see PublishedChainHeads).
          provide: PublishedChainHeads,
          inject: [HealthRegistry],
          useFactory: (health: HealthRegistry) =>
            new PublishedChainHeads(
              bus,
              'discipline/audit_trail',
              `${config.groupId}-audit-heads-${randomUUID()}`,
              health,
              new Logger('AuditHeads'),
            ),
        },
        {
          provide: AuditTrail,
          inject: [PublishedChainHeads],
          useFactory: (heads: PublishedChainHeads) =>
            configuredAuditTrail(store, config, (m) => new Logger('Audit').warn(m), heads),
        },
        { provide: OrgRepository, useFactory: () => new OrgRepository(store, config.orgCacheMs) },
        {
          provide: RegistryViewIngest,
          inject: [OrgRepository, HealthRegistry],
          useFactory: (repo: OrgRepository, health: HealthRegistry) =>
            new RegistryViewIngest(bus, store, repo, `${config.groupId}-registry`, health, new Logger('RegistryView')),
        },
        { provide: CalendarView, useFactory: () => new CalendarView(store) },
        {
          provide: CalendarIngest,
          inject: [CalendarView, HealthRegistry],
          useFactory: (view: CalendarView, health: HealthRegistry) =>
            new CalendarIngest(bus, store, view, `${config.groupId}-calendar`, health, new Logger('Calendar')),
        },
        { provide: SessionEpochView, useFactory: () => new SessionEpochView(store) },
        {
          provide: SessionEpochIngest,
          inject: [SessionEpochView, HealthRegistry],
          useFactory: (view: SessionEpochView, health: HealthRegistry) =>
            new SessionEpochIngest(bus, store, view, `${config.groupId}-sessions`, health, new Logger('Sessions')),
        },
        DisciplineOutbox,
        AuditOnce,
        SharedConnections,
      ],
      exports: [
        DISCIPLINE_CONFIG,
        CLOCK,
        HealthRegistry,
        Store,
        KafkaBus,
        ServiceMetrics,
        JobQueues,
        HEALTH_PROBES,
        AuditTrail,
        OrgRepository,
        CalendarView,
        SessionEpochView,
        SessionEpochIngest,
        DisciplineOutbox,
        AuditOnce,
      ],
    };
  }
}
