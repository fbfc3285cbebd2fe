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
import { KafkaBus, busLog } from '@thads/messaging';
import { OrgRepository } from '@thads/org';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { IDENTITY_OPTIONS, type IdentityOptions } from '../identity/identity.service';
import { CLOCK, type Clock } from './clock';
import { JobQueues } from './job-queues';
import { InspectionOutbox, OutboxRelay } from './outbox';

/**
 * Closes the process's shared connections — Kafka, the store, Redis — in the second phase of
 * shutdown, after every consumer and worker has stopped taking work (BackgroundLoop).
 */
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

/** Lag of each of the service's consumer groups, and the jobs of its queues by state. */
function inspectionMetrics(config: InspectionConfig, bus: KafkaBus, queues: JobQueues): ServiceMetrics {
  const metrics = new ServiceMetrics('inspection');
  const groups = [
    [config.groupId, ['Findings']],
    [`${config.groupId}-case-file`, ['CaseEvents', 'FinanceEvents']],
    [`${config.groupId}-calendar`, ['Calendar']],
    [`${config.groupId}-registry`, ['RegistryEvents']],
  ] as const;
  for (const [group, topics] of groups) metrics.addLag({ group, lag: () => bus.lag(group, [...topics]) });
  metrics.addQueues(queues.all);
  return metrics;
}

/**
 * What every feature of the service shares, one of each per process: the configuration, the
 * clock, the health registry, one store connection, one Kafka bus, the BullMQ queues, the audit
 * trail, the outbox of announced changes, the registry view and the token signer's options.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: InspectionConfig, clock: Clock, identity: IdentityOptions): DynamicModule {
    const store = new Store(config.mongoUrl, config.mongoDb);
    return {
      module: CoreModule,
      providers: [
        { provide: INSPECTION_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: IDENTITY_OPTIONS, useValue: identity },
        HealthRegistry,
        { provide: Store, useValue: store },
        {
          provide: KafkaBus,
          useFactory: () =>
            new KafkaBus({
              brokers: config.kafkaBrokers,
              clientId: 'thads-inspection',
              topicPrefix: config.topicPrefix,
              log: busLog(new Logger('Kafka')),
              ...(config.kafkaReplicationFactor ? { replicationFactor: config.kafkaReplicationFactor } : {}),
              sessionTimeoutMs: config.kafkaSessionTimeoutMs,
            }),
        },
        JobQueues,
        {
          provide: ServiceMetrics,
          inject: [KafkaBus, JobQueues],
          useFactory: (bus: KafkaBus, queues: JobQueues) => inspectionMetrics(config, bus, queues),
        },
        {
          // Each process reads the heads into memory in a group of its own (see PublishedChainHeads).
          provide: PublishedChainHeads,
          inject: [KafkaBus, HealthRegistry],
          useFactory: (bus: KafkaBus, health: HealthRegistry) =>
            new PublishedChainHeads(
              bus,
              'inspection/audit_trail',
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
        InspectionOutbox,
        OutboxRelay,
        SharedConnections,
      ],
      exports: [
        INSPECTION_CONFIG,
        CLOCK,
        IDENTITY_OPTIONS,
        HealthRegistry,
        Store,
        KafkaBus,
        JobQueues,
        ServiceMetrics,
        AuditTrail,
        OrgRepository,
        InspectionOutbox,
      ],
    };
  }
}
