import { Inject, Injectable, Logger } from '@nestjs/common';
import { readInspectionEvent, type InspectionEvent } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext, type InRecord } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry, PermanentFailure, Refused, ServiceMetrics } from '@thads/platform';
import { Store } from '@thads/store';
import { DISCIPLINE_CONFIG, type DisciplineConfig } from '../config';
import { HistoryRepository } from '../history/history.repository';
import { IntakeService } from '../proceedings/intake.service';

const CONSUMER = 'inspections-consumer';

/**
 * Reads `integrity.inspections.v1` in the service's own group (`<group>-inspections`): every
 * event about an officer goes into their history, and every referral (to the committee or to
 * the investigators) opens or joins that officer's proceeding. Consume, store, then commit: a
 * batch interrupted before its commit is read again, and every write collapses onto what is
 * there (event ids, finding ids). A message that breaks the contract is the inspection
 * service's bug, and a referral the discipline domain refuses would be refused again: both are
 * dead-lettered with the reason (`integrity.dlq.v1`), not retried forever nor dropped unseen.
 * Any other failure of a referral is thrown: the consumer tries the record once more, alone,
 * and dead-letters it if it fails the same way (packages/messaging, `deliverBatch`).
 */
@Injectable()
export class InspectionsIntake extends BackgroundLoop {
  private consumer?: BatchConsumer;
  readonly groupId: string;

  constructor(
    @Inject(DISCIPLINE_CONFIG) config: DisciplineConfig,
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
    private readonly history: HistoryRepository,
    private readonly intake: IntakeService,
    private readonly metrics: ServiceMetrics,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Inspections'), ['store', 'kafka', CONSUMER]);
    this.groupId = `${config.groupId}-inspections`;
  }

  protected async start(): Promise<void> {
    await this.retry('connect to the store', 'store', () => this.store.connect());
    await this.retry('create topics', 'kafka', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the inspections consumer', CONSUMER, () =>
      this.bus.startBatchConsumer({
        groupId: this.groupId,
        topics: ['Inspections'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report(CONSUMER, up, detail),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const events: { event: InspectionEvent; record: InRecord }[] = [];
    const rejected: Parameters<BatchContext['deadLetter']>[0] = [];
    for (const record of batch.records) {
      const parsed = readInspectionEvent(record.value);
      if (parsed.ok) events.push({ event: parsed.event, record });
      else rejected.push({ record, reason: parsed.reason });
    }
    if (rejected.length > 0) {
      this.log.error(
        `${rejected.length} invalid inspection event(s) in ${batch.topic}/${batch.partition}: dead-lettered`,
      );
      await this.retry('dead-letter invalid inspection events', 'kafka', () => batch.deadLetter(rejected));
    }
    const consumed = this.metrics.counter('thads_events_consumed_total', 'Events consumed, by type.');
    for (const { event } of events) consumed.inc({ kind: event.type });
    await this.retryInfrastructure('store officer history', 'store', () =>
      this.history.record(events.map((e) => e.event)),
    );
    // In offset order: one officer's referrals share a key, so a partition keeps them in order.
    for (const { event, record } of events) {
      if (event.type !== 'inspection.referred') continue;
      try {
        await this.retry('open or join a proceeding', 'store', () => this.intake.refer(event));
      } catch (err) {
        if (!(err instanceof PermanentFailure && err.cause instanceof Refused)) throw err;
        const reason = `referral refused: ${err.cause.message}`;
        this.log.error(`referral ${event.eventId} dead-lettered: ${reason}`);
        await this.retry('dead-letter a refused referral', 'kafka', () => batch.deadLetter([{ record, reason }]));
      }
    }
    await this.retry('commit offsets', 'kafka', () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
