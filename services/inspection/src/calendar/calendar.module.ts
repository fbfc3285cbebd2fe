import { Logger, Module } from '@nestjs/common';
import { CalendarIngest, CalendarView } from '@thads/calendar';
import { KafkaBus } from '@thads/messaging';
import { HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';

/** The working-day calendar, from `integrity.calendar.v1` (`@thads/calendar`), in its own consumer group. */
@Module({
  providers: [
    { provide: CalendarView, inject: [Store], useFactory: (store: Store) => new CalendarView(store) },
    {
      provide: CalendarIngest,
      inject: [INSPECTION_CONFIG, KafkaBus, Store, CalendarView, HealthRegistry],
      useFactory: (config: InspectionConfig, bus: KafkaBus, store: Store, view: CalendarView, health: HealthRegistry) =>
        new CalendarIngest(bus, store, view, `${config.groupId}-calendar`, health, new Logger('Calendar')),
    },
  ],
  exports: [CalendarView],
})
export class CalendarModule {}
