import { Injectable, Logger } from '@nestjs/common';
import type { TopicKey } from '@thads/contracts';
import { KafkaBus } from '@thads/messaging';
import { HealthRegistry, SweepLoop } from '@thads/platform';
import { Outbox, Store } from '@thads/store';

/** The topics the inspection service announces its changes on. */
export type InspectionTopic = Extract<TopicKey, 'Findings' | 'Inspections' | 'Sessions'>;

/** Changes recorded in `inspection_outbox` before they are published, so none is lost to a broker outage. */
@Injectable()
export class InspectionOutbox extends Outbox<InspectionTopic> {
  constructor(store: Store, bus: KafkaBus) {
    super(store, 'inspection_outbox', (batches) => bus.publishBatch(batches));
  }
}

const RELAY_EVERY_MS = 5_000;

/** Publishes, every few seconds, what the outbox could not publish at the time of the change. */
@Injectable()
export class OutboxRelay extends SweepLoop {
  constructor(
    private readonly outbox: InspectionOutbox,
    store: Store,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Outbox'), {
      what: 'outbox relay',
      everyMs: RELAY_EVERY_MS,
      connect: () => store.connect(),
    });
  }

  protected async sweep(): Promise<void> {
    const sent = await this.outbox.relay();
    if (sent > 0) this.log.warn(`published ${sent} change(s) held back while the broker was away`);
  }
}
