import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AbortedError, HealthRegistry, healthAwareRetry } from '@thads/platform';
import { AuditRepository } from '../audit/audit.repository';
import { IdentityService } from './identity.service';
import { UsersRepository } from './users.repository';

/** Connects the identity and audit stores and creates the first administrator, retrying while the store is away. */
@Injectable()
export class IdentityLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Identity');
  private readonly stop = new AbortController();
  private readonly retry: ReturnType<typeof healthAwareRetry>;
  private starting?: Promise<void>;

  constructor(private readonly users: UsersRepository, private readonly audit: AuditRepository, private readonly identity: IdentityService, health: HealthRegistry) {
    this.retry = healthAwareRetry(health, this.log, this.stop.signal);
    health.down('identity', 'starting');
  }

  onApplicationBootstrap(): Promise<void> {
    this.starting = (async () => {
      await this.retry('connect the identity store', 'identity', async () => {
        await this.users.connect();
        await this.audit.connect();
      });
      await this.retry('create the first administrator', 'identity', () => this.identity.bootstrap());
    })().catch((err: unknown) => {
      if (!(err instanceof AbortedError)) throw err;
    });
    return this.starting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.starting;
    await Promise.allSettled([this.users.close(), this.audit.close()]);
  }
}
