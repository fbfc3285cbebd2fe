import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthRegistry, SweepLoop } from '@thads/platform';
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
export class OutboxRelay extends SweepLoop {
  constructor(
    private readonly outbox: DisciplineOutbox,
    private readonly proceedings: ProceedingsRepository,
    private readonly steps: ProceedingSteps,
    @Inject(Store) store: Store,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Outbox'), {
      what: 'outbox relay',
      everyMs: RELAY_EVERY_MS,
      connect: () => store.connect(),
    });
  }

  protected async sweep(): Promise<void> {
    for (const doc of await this.proceedings.withPending()) await this.steps.flush(doc);
    const sent = await this.outbox.relay();
    if (sent > 0) this.log.warn(`published ${sent} event(s) held back while the broker was away`);
  }
}
