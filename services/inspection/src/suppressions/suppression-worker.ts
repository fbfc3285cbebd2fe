import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { Queues, type SuppressionEndJob } from '@thads/contracts';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { JobQueues, closeWhenSettled, logFailure } from '../core/job-queues';
import { SuppressionsService } from './suppressions.service';

/** The suppression jobs from BullMQ (end dates, releases): a thin handler calling one use case. */
@Injectable()
export class SuppressionWorker extends BackgroundLoop {
  private worker?: Worker;

  constructor(
    private readonly queues: JobQueues,
    @Inject(Store) private readonly store: Store,
    private readonly suppressions: SuppressionsService,
    health: HealthRegistry,
  ) {
    super(health, new Logger('SuppressionWorker'), ['suppression-worker']);
  }

  protected async start(): Promise<void> {
    await this.retry('connect to redis', 'suppression-worker', () => this.queues.connect());
    await this.retry('connect to the store', 'suppression-worker', () => this.store.connect());
    if (this.stopped) return;
    const worker = this.queues.startWorker<SuppressionEndJob>(Queues.Suppressions, (job, token) =>
      this.suppressions.process(job, token),
    );
    worker.on('failed', (job, err) => logFailure(this.log, `suppression job ${job?.id ?? ''}`, job, err));
    worker.on('error', (err) => this.log.error(`suppression worker: ${err.message}`));
    this.worker = worker as Worker;
    this.health.up('suppression-worker');
  }

  protected async halt(): Promise<void> {
    if (this.worker) await closeWhenSettled(this.worker);
  }
}
