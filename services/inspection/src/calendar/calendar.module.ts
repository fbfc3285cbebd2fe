import { Module } from '@nestjs/common';
import { Store } from '@thads/store';
import { CalendarIngest } from './calendar-ingest.service';
import { CalendarView } from './calendar-view';

/** The working-day calendar, from `integrity.calendar.v1`. */
@Module({
  providers: [
    { provide: CalendarView, inject: [Store], useFactory: (store: Store) => new CalendarView(store) },
    CalendarIngest,
  ],
  exports: [CalendarView],
})
export class CalendarModule {}
