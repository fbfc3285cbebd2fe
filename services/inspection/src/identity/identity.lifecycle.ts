import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AbortedError, HealthRegistry, healthAwareRetry } from '@thads/platform';
import { Store } from '@thads/store';
import { InspectionOutbox } from '../core/outbox';
import { IdentityService } from './identity.service';
import { announceEpochs } from './session-epochs';
import { UsersRepository } from './users.repository';

/**
 * Creates the first administrator once the store answers (retrying while it is away). Start-up
 * waits for it, so that the one-time password is announced before the service says it is up.
 * Then announces every raised session epoch again (`integrity.sessions.v1`): this repairs the
 * topic where two instances' announcements of one user were compacted out of order, and reaches
 * epochs raised before raises were marked unannounced (those marked are announced by the sweep,
 * `EpochAnnouncer`, within seconds, without a restart).
 */
@Injectable()
export class IdentityLifecycle implements OnApplicationBootstrap {
  private readonly log = new Logger('Identity');
  private readonly stop = new AbortController();
  private readonly retry: ReturnType<typeof healthAwareRetry>;

  constructor(
    @Inject(Store) private readonly store: Store,
    private readonly identity: IdentityService,
    private readonly users: UsersRepository,
    private readonly outbox: InspectionOutbox,
    health: HealthRegistry,
  ) {
    this.retry = healthAwareRetry(health, this.log, this.stop.signal);
    health.down('identity', 'starting');
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.retry('connect the identity store', 'identity', () => this.store.connect());
      await this.retry('create the first administrator', 'identity', () => this.identity.bootstrap());
    } catch (err) {
      if (!(err instanceof AbortedError)) throw err;
    }
    // In the background: start-up does not wait on the broker (the outbox holds what it cannot publish).
    void this.announceEpochs();
  }

  private async announceEpochs(): Promise<void> {
    try {
      const epochs = await this.retry('read the raised session epochs', 'identity', () => this.users.raisedEpochs());
      await this.retry('announce the session epochs', 'identity', () => announceEpochs(this.outbox, epochs));
      if (epochs.length > 0) this.log.log(`announced the session epochs of ${epochs.length} user(s)`);
    } catch (err) {
      if (!(err instanceof AbortedError))
        this.log.error(`announcing the session epochs failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  beforeApplicationShutdown(): void {
    this.stop.abort();
  }
}
