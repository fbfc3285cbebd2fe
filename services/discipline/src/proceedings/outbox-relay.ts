import { Inject, Injectable, Logger } from '@nestjs/common';
import { BackgroundLoop, HealthRegistry, sleep } from '@thads/platform';
import { Store } from '@thads/store';
import { DisciplineOutbox } from '../core/outbox';
import { ProceedingSteps } from './proceeding-steps.service';
import { ProceedingsRepository } from './proceedings.repository';

const RELAY_EVERY_MS = 5_000;

/**
 * Every few seconds: moves into the outbox the events of steps saved but not yet announced (a
 * crash or a store failure between the two), and publishes what the outbox could not publish at
 * the time of the step (a broker outage).
 */
@Injectable()
export class OutboxRelay extends BackgroundLoop {
  constructor(
    private readonly outbox: DisciplineOutbox,
    private readonly proceedings: ProceedingsRepository,
    private readonly steps: ProceedingSteps,
    @Inject(Store) private readonly store: Store,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Outbox'), []);
  }

  protected async start(): Promise<void> {
    await this.retry('connect the outbox store', 'store', () => this.store.connect());
    while (!this.stopped) {
      try {
        for (const doc of await this.proceedings.withPending()) await this.steps.flush(doc);
        const sent = await this.outbox.relay();
        if (sent > 0) this.log.warn(`published ${sent} event(s) held back while the broker was away`);
      } catch (err) {
        this.log.warn(`outbox relay: ${err instanceof Error ? err.message : String(err)} (retrying)`);
      }
      await sleep(RELAY_EVERY_MS, this.stopping.signal).catch(() => undefined);
    }
  }

  protected halt(): Promise<void> {
    return Promise.resolve();
  }
}
