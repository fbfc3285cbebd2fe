import { Logger, Module } from '@nestjs/common';
import { KafkaBus } from '@thads/messaging';
import { OrgRepository, RegistryViewIngest } from '@thads/org';
import { HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { UnitsController } from './units.controller';

/** The service's own registry view, built from `thads.registry-events.v1` (never the detector's collections), and the units it lists. */
@Module({
  controllers: [UnitsController],
  providers: [
    {
      provide: RegistryViewIngest,
      inject: [KafkaBus, Store, OrgRepository, INSPECTION_CONFIG, HealthRegistry],
      useFactory: (
        bus: KafkaBus,
        store: Store,
        repo: OrgRepository,
        config: InspectionConfig,
        health: HealthRegistry,
      ) => new RegistryViewIngest(bus, store, repo, `${config.groupId}-registry`, health, new Logger('RegistryView')),
    },
  ],
})
export class OrgModule {}
