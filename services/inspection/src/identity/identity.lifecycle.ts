import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AbortedError, HealthRegistry, healthAwareRetry } from '@thads/platform';
import { Store } from '@thads/store';
import { IdentityService } from './identity.service';

/**
 * Creates the first administrator once the store answers (retrying while it is away). Start-up
 * waits for it, so that the one-time password is announced before the service says it is up.
 */
@Injectable()
export class IdentityLifecycle implements OnApplicationBootstrap {
  private readonly log = new Logger('Identity');
  private readonly stop = new AbortController();
  private readonly retry: ReturnType<typeof healthAwareRetry>;

  constructor(
    @Inject(Store) private readonly store: Store,
    private readonly identity: IdentityService,
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
  }

  beforeApplicationShutdown(): void {
    this.stop.abort();
  }
}
