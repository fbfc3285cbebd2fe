import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { Queues, type InspectionTaskJob, type SlaJob } from '@thads/contracts';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { JobQueues, closeWhenSettled, logFailure } from '../core/job-queues';
import { AssignmentService } from './assignment.service';
import { SlaService } from './sla.service';

/**
 * The inspection workers: assignment and SLA jobs from BullMQ, each a thin handler calling one
 * use case. They start once Redis and the store answer (BullMQ keeps their jobs meanwhile); a
 * job that fails retries with backoff, and one that retrying cannot fix (`UnrecoverableError`)
 * fails for good at once, with its reason, listed for administrators.
 */
@Injectable()
export class InspectionWorkers extends BackgroundLoop {
  private readonly workers: Worker[] = [];

  constructor(
    private readonly queues: JobQueues,
    @Inject(Store) private readonly store: Store,
    private readonly assignment: AssignmentService,
    private readonly sla: SlaService,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Workers'), ['workers']);
  }

  protected async start(): Promise<void> {
    await this.retry('connect to redis', 'workers', () => this.queues.connect());
    await this.retry('connect to the store', 'workers', () => this.store.connect());
    if (this.stopped) return;
    const assign = this.queues.startWorker<InspectionTaskJob>(Queues.Inspection, (job, token) =>
      this.assignment.process(job, token),
    );
    assign.on('failed', (job, err) => logFailure(this.log, `assignment of ${job?.data.findingId ?? '?'}`, job, err));
    assign.on('error', (err) => this.log.error(`assignment worker: ${err.message}`));
    const sla = this.queues.startWorker<SlaJob>(Queues.Sla, (job, token) => this.sla.process(job, token));
    sla.on('failed', (job, err) => logFailure(this.log, `${job?.name ?? 'job'} ${job?.id ?? ''}`, job, err));
    sla.on('error', (err) => this.log.error(`SLA worker: ${err.message}`));
    this.workers.push(assign as Worker, sla as Worker);
    this.health.up('workers', 'assignment, SLA');
  }

  protected async halt(): Promise<void> {
    await Promise.all(this.workers.map((w) => closeWhenSettled(w)));
  }
}
