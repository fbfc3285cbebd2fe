import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { TopicKey } from '@thads/contracts';
import { KafkaBus } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
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
export class OutboxRelay extends BackgroundLoop {
  constructor(
    private readonly outbox: InspectionOutbox,
    private readonly store: Store,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Outbox'), []);
  }

  protected async start(): Promise<void> {
    await this.retry('connect the outbox store', 'store', () => this.store.connect());
    while (!this.stopped) {
      try {
        const sent = await this.outbox.relay();
        if (sent > 0) this.log.warn(`published ${sent} change(s) held back while the broker was away`);
      } catch (err) {
        this.log.warn(`outbox relay: ${err instanceof Error ? err.message : String(err)} (retrying)`);
      }
      await sleep(RELAY_EVERY_MS, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  protected halt(): Promise<void> {
    return Promise.resolve();
  }
}
