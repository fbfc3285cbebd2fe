import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HEALTH_PROBES, type Probe } from '@thads/auth';
import { CalendarIngest, CalendarView } from '@thads/calendar';
import { KafkaBus, busLog } from '@thads/messaging';
import { OrgRepository, RegistryViewIngest } from '@thads/org';
import { HealthRegistry, ServiceMetrics } from '@thads/platform';
import { SessionEpochIngest, SessionEpochView } from '@thads/sessions';
import { Store } from '@thads/store';
import { INSIGHT_CONFIG, consumerGroups, type InsightConfig } from '../config';

/** Closes the shared connections after every consumer has stopped taking work (BackgroundLoop). */
@Injectable()
class SharedConnections implements OnApplicationShutdown {
  constructor(
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.disconnect();
    await this.store.close();
  }
}

/** One of each per process: configuration, health, the store, the Kafka bus, the registry view and the session epochs. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: InsightConfig): DynamicModule {
    const store = new Store(config.mongoUrl, config.mongoDb);
    const bus = new KafkaBus({
      brokers: config.kafkaBrokers,
      clientId: 'thads-insight',
      topicPrefix: config.topicPrefix,
      log: busLog(new Logger('Kafka')),
      ...(config.kafkaReplicationFactor ? { replicationFactor: config.kafkaReplicationFactor } : {}),
      sessionTimeoutMs: config.kafkaSessionTimeoutMs,
    });
    const probes: Record<string, Probe> = { kafka: () => bus.ping(), store: () => store.ping() };
    const metrics = new ServiceMetrics('insight');
    for (const { group, topics } of Object.values(consumerGroups(config)))
      metrics.addLag({ group, lag: () => bus.lag(group, topics) });
    return {
      module: CoreModule,
      providers: [
        { provide: INSIGHT_CONFIG, useValue: config },
        HealthRegistry,
        { provide: Store, useValue: store },
        { provide: KafkaBus, useValue: bus },
        { provide: HEALTH_PROBES, useValue: probes },
        { provide: ServiceMetrics, useValue: metrics },
        { provide: OrgRepository, useFactory: () => new OrgRepository(store, config.orgCacheMs) },
        {
          provide: RegistryViewIngest,
          inject: [OrgRepository, HealthRegistry],
          useFactory: (repo: OrgRepository, health: HealthRegistry) =>
            new RegistryViewIngest(
              bus,
              store,
              repo,
              consumerGroups(config).registry.group,
              health,
              new Logger('RegistryView'),
            ),
        },
        { provide: SessionEpochView, useFactory: () => new SessionEpochView(store) },
        {
          provide: SessionEpochIngest,
          inject: [SessionEpochView, HealthRegistry],
          useFactory: (view: SessionEpochView, health: HealthRegistry) =>
            new SessionEpochIngest(
              bus,
              store,
              view,
              consumerGroups(config).sessions.group,
              health,
              new Logger('Sessions'),
            ),
        },
        { provide: CalendarView, useFactory: () => new CalendarView(store) },
        {
          provide: CalendarIngest,
          inject: [CalendarView, HealthRegistry],
          useFactory: (view: CalendarView, health: HealthRegistry) =>
            new CalendarIngest(bus, store, view, consumerGroups(config).calendar.group, health, new Logger('Calendar')),
        },
        SharedConnections,
      ],
      exports: [
        INSIGHT_CONFIG,
        HealthRegistry,
        Store,
        KafkaBus,
        HEALTH_PROBES,
        ServiceMetrics,
        OrgRepository,
        CalendarView,
        SessionEpochView,
        SessionEpochIngest,
      ],
    };
  }
}
