import { Injectable } from '@nestjs/common';
import { KafkaBus } from '@thads/messaging';
import { Outbox, Store } from '@thads/store';

/** One message for `integrity.discipline.v1`: its id (the event's) makes a second recording harmless. */
export interface Announcement {
  id: string;
  topic: 'Discipline';
  key: string;
  value: object;
}

/** Changes recorded in `discipline_outbox` before they are published, so none is lost to a broker outage. */
@Injectable()
export class DisciplineOutbox extends Outbox<'Discipline'> {
  constructor(store: Store, bus: KafkaBus) {
    super(store, 'discipline_outbox', (batches) => bus.publishBatch(batches));
  }
}
