import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { JobQueues, logFailure } from '../core/job-queues';
import { DeadlinesService } from './deadlines.service';

/**
 * The deadline worker: a thin handler calling one use case. It starts once Redis and the store
 * answer (BullMQ keeps the jobs meanwhile); a job that fails retries with backoff, and one that
 * retrying cannot fix (`UnrecoverableError`) fails for good at once, with its reason.
 */
@Injectable()
export class DeadlineWorkers extends BackgroundLoop {
  private worker?: Worker;

  constructor(
    private readonly queues: JobQueues,
    @Inject(Store) private readonly store: Store,
    private readonly deadlines: DeadlinesService,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Deadlines'), ['workers']);
  }

  protected async start(): Promise<void> {
    await this.retry('connect to redis', 'workers', () => this.queues.connect());
    await this.retry('connect to the store', 'workers', () => this.store.connect());
    if (this.stopped) return;
    const worker = this.queues.startWorker((job, token) => this.deadlines.process(job, token));
    worker.on('failed', (job, err) => logFailure(this.log, `${job?.name ?? 'job'} ${job?.id ?? ''}`, job, err));
    worker.on('error', (err) => this.log.error(`deadline worker: ${err.message}`));
    this.worker = worker as Worker;
    this.health.up('workers', 'deadlines');
  }

  protected async halt(): Promise<void> {
    if (this.worker) await this.queues.stopWorker();
  }
}
