import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  isFindingMessage, JobNames, SEVERITY_PRIORITY, inspectionJobId,
} from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { AbortedError, HealthRegistry, healthAwareRetry } from '@thads/platform';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { AssignmentService } from '../assignment/assignment.service';
import { JobQueues } from '../jobs/job-queues';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { SlaService } from '../sla/sla.service';
import { WorkRepository } from '../work/work.repository';
import { TaskRepository } from './task.repository';
import type { InspectionTask } from './task.schema';

/**
 * Reads `integrity.findings.v1` and gives every new finding an inspection task: a record in
 * the store and a job in the BullMQ queue, both keyed by the finding id, so a finding
 * delivered twice still has one task. Status updates of known findings make no new task.
 */
@Injectable()
export class TaskIntakeService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('TaskIntake');
  private readonly stop = new AbortController();
  /** Retries until it works, reporting the component down meanwhile; stops on shutdown. */
  private readonly retry: ReturnType<typeof healthAwareRetry>;
  private consumer?: BatchConsumer;
  private starting?: Promise<void>;

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly bus: KafkaBus,
    private readonly repo: TaskRepository,
    private readonly health: HealthRegistry,
    private readonly queues: JobQueues,
    private readonly notifications: NotificationsRepository,
    private readonly assignment: AssignmentService,
    private readonly sla: SlaService,
    private readonly work: WorkRepository,
  ) {
    this.retry = healthAwareRetry(health, this.log, this.stop.signal);
    health.expect('store', 'kafka', 'redis', 'findings-consumer');
  }

  onApplicationBootstrap(): void {
    this.starting = this.start().catch((err: unknown) => {
      if (!(err instanceof AbortedError)) this.log.error(`start-up failed: ${String(err)}`);
    });
  }


  private async start(): Promise<void> {
    await this.retry('connect to redis', 'redis', () => this.queues.connect());
    await this.retry('connect to the store', 'store', async () => {
      await this.repo.connect();
      await this.notifications.connect();
      await this.work.connect();
    });
    // Workers start once the store answers; BullMQ keeps their jobs in Redis meanwhile.
    this.assignment.startWorker();
    this.sla.startWorker();
    await this.retry('create topics', 'kafka', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the findings consumer', 'findings-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: this.config.groupId,
        topics: ['Findings'],
        onBatch: (b) => this.onBatch(b),
        onCrash: (err) => this.health.down('findings-consumer', `crashed: ${String(err)}`),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const tasks: InspectionTask[] = [];
    for (const record of batch.records) {
      let value: unknown;
      try {
        value = JSON.parse(record.value?.toString('utf8') ?? '');
      } catch {
        value = undefined;
      }
      if (!isFindingMessage(value)) {
        // Our own topic: a malformed message is a bug upstream, worth a loud log, not a crash loop.
        this.log.error(`skipping malformed finding at ${record.topic}/${record.partition}@${record.offset}`);
        continue;
      }
      if (value.status !== 'open') continue;
      tasks.push({
        _id: value.findingId,
        jobId: inspectionJobId(value.findingId),
        ruleId: value.ruleId,
        severity: value.severity,
        priority: SEVERITY_PRIORITY[value.severity],
        unitId: value.unitId,
        caseId: value.caseId,
        officerId: value.officerId,
        status: 'queued',
        findingStatus: 'open',
        findingDetectedAt: value.detectedAt,
        message: JSON.stringify({ ...value, status: 'open' }),
        createdAt: new Date(),
      });
    }
    await this.retry('store tasks', 'store', () => this.repo.createMissing(tasks));
    await this.retry('queue tasks', 'redis', () =>
      this.queues.inspection.addBulk(
        tasks.map((t) => ({
          name: JobNames.InspectFinding,
          data: { v: 1, findingId: t._id, ruleId: t.ruleId, severity: t.severity, unitId: t.unitId, ...(t.caseId ? { caseId: t.caseId } : {}), ...(t.officerId ? { officerId: t.officerId } : {}) },
          // A fixed job id makes BullMQ ignore a second add of the same finding.
          opts: { jobId: t.jobId, priority: t.priority, removeOnComplete: false, removeOnFail: false, attempts: 6, backoff: { type: 'exponential', delay: 5_000 } },
        })),
      ),
    );
    await this.retry('commit offsets', 'kafka', () => this.consumer!.commitBatch(batch));
  }

  /** First phase of shutdown: no new work (every consumer stops before the bus they share is closed). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.starting;
    await this.consumer?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.disconnect();
    await this.queues.close();
    await this.repo.close();
    await this.notifications.close();
    await this.work.close();
  }
}
