import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobNames, SEVERITY_PRIORITY, inspectionJobId, isFindingMessage, type FindingMessage } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { JobQueues } from '../core/job-queues';
import { FindingsRepository } from './findings.repository';

/**
 * Reads `integrity.findings.v1` and gives every new finding a record and a job in the
 * inspection queue, both keyed by the finding id, so a finding delivered twice still has one.
 * Later messages about a known finding (its status changes, a detector re-publishing it after
 * a restart) change nothing here: this service is where statuses change, and its record keeps
 * the highest revision.
 */
@Injectable()
export class FindingIntake extends BackgroundLoop {
  private consumer?: BatchConsumer;

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
    private readonly findings: FindingsRepository,
    private readonly queues: JobQueues,
    health: HealthRegistry,
  ) {
    super(health, new Logger('FindingIntake'), ['store', 'kafka', 'redis', 'findings-consumer']);
  }

  protected async start(): Promise<void> {
    await this.retry('connect to redis', 'redis', () => this.queues.connect());
    await this.retry('connect to the store', 'store', () => this.store.connect());
    await this.retry('create topics', 'kafka', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the findings consumer', 'findings-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: this.config.groupId,
        topics: ['Findings'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report('findings-consumer', up, detail),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const raised: FindingMessage[] = [];
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
      if (value.status === 'open') raised.push(value);
    }
    const now = new Date();
    const records = raised.map((m) => ({
      message: m,
      jobId: inspectionJobId(m.findingId),
      priority: SEVERITY_PRIORITY[m.severity],
      at: now,
    }));
    await this.retry('store findings', 'store', () => this.findings.createMissing(records));
    await this.retry('queue findings', 'redis', () =>
      this.queues.inspection.addBulk(
        records.map(({ message: m, jobId, priority }) => ({
          name: JobNames.InspectFinding,
          data: {
            v: 1,
            findingId: m.findingId,
            ruleId: m.ruleId,
            severity: m.severity,
            unitId: m.unitId,
            ...(m.caseId ? { caseId: m.caseId } : {}),
            ...(m.officerId ? { officerId: m.officerId } : {}),
          },
          // A fixed job id makes BullMQ ignore a second add of the same finding.
          opts: {
            jobId,
            priority,
            removeOnComplete: false,
            removeOnFail: false,
            attempts: 6,
            backoff: { type: 'exponential', delay: 5_000 },
          },
        })),
      ),
    );
    await this.retry('commit offsets', 'kafka', () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
