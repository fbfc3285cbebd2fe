import { Inject, Injectable, Logger } from '@nestjs/common';
import { SEVERITY_PRIORITY, inspectionJobId, readFindingMessage, type FindingMessage } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { JobQueues } from '../core/job-queues';
import { InspectionOutbox } from '../core/outbox';
import { ActiveSuppressions } from '../suppressions/active-suppressions';
import { currentMessage, findingAnnouncement } from './announcements';
import { FindingsRepository } from './findings.repository';
import { inspectionJob } from './inspection-job';

/**
 * Reads `integrity.findings.v1` and gives every new finding a record and a job in the
 * inspection queue, both keyed by the finding id, so a finding delivered twice still has one.
 * Later messages about a known finding (its status changes, a detector re-publishing it after
 * a restart) change nothing here: this service is where statuses change, and its record keeps
 * the highest revision. A finding that a suppression holds is recorded, marked, not queued
 * (suppressions/suppression.ts), and announced held at its next revision (findings v1.3).
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
    private readonly suppressions: ActiveSuppressions,
    private readonly outbox: InspectionOutbox,
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
    const rejected: Parameters<BatchContext['deadLetter']>[0] = [];
    for (const record of batch.records) {
      const parsed = readFindingMessage(record.value);
      // Our own topic: a malformed message is a bug upstream, dead-lettered with the reason, not a crash loop.
      if (!parsed.ok) rejected.push({ record, reason: parsed.reason });
      // Revision 0 is the detector's; an `open` revision above it is this service's own (a hold, a release).
      else if (parsed.event.status === 'open' && (parsed.event.revision ?? 0) === 0) raised.push(parsed.event);
    }
    if (rejected.length > 0)
      await this.retry('dead-letter malformed findings', 'kafka', () => batch.deadLetter(rejected));
    const now = new Date();
    const held = await this.retryInfrastructure('read the suppressions', 'store', () =>
      this.suppressions.holders(raised),
    );
    const records = raised.map((m) => ({
      message: m,
      jobId: inspectionJobId(m.findingId),
      priority: SEVERITY_PRIORITY[m.severity],
      at: now,
      ...(held.has(m.findingId) ? { suppressionId: held.get(m.findingId) } : {}),
    }));
    await this.retryInfrastructure('store findings', 'store', () => this.findings.createMissing(records));
    if (held.size > 0) {
      await this.retryInfrastructure('announce the held findings', 'store', () => this.announceHeld([...held.keys()]));
      await this.retryInfrastructure('check the suppressions again', 'store', () =>
        this.suppressions.recheck([...new Set(held.values())]),
      );
    }
    await this.retryInfrastructure('queue findings', 'redis', () =>
      this.queues.inspection.addBulk(
        records.filter((r) => !held.has(r.message.findingId)).map(({ message }) => inspectionJob(message)),
      ),
    );
    await this.retry('commit offsets', 'kafka', () => this.consumer!.commitBatch(batch));
  }

  /**
   * Announces the findings held at intake as the store has them (`suppressed`, findings v1.3):
   * at revision 1 when just held, or whatever later revision a redelivered finding has reached,
   * so a message is never published twice at one revision with different content.
   */
  private async announceHeld(findingIds: readonly string[]): Promise<void> {
    const stored = await this.findings.findMany(findingIds);
    await this.outbox.send(stored.filter((f) => f.suppressionId).map((f) => findingAnnouncement(currentMessage(f))));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
