import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseInputEvent, type AnyEvent } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { CaseEventsRepository } from './case-events.repository';

/**
 * Keeps every case's events for the case-file view: reads the case and finance topics in a
 * consumer group of its own and stores each valid event once (its id is the key). Invalid
 * messages are the detector's to dead-letter; here they are skipped. Offsets are committed
 * only after the events are stored.
 */
@Injectable()
export class CaseFileIngest extends BackgroundLoop {
  private consumer?: BatchConsumer;

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
    private readonly events: CaseEventsRepository,
    health: HealthRegistry,
  ) {
    super(health, new Logger('CaseFile'), ['case-file-consumer']);
  }

  protected async start(): Promise<void> {
    await this.retry('connect the case-file store', 'case-file-consumer', () => this.store.connect());
    await this.retry('connect to kafka', 'case-file-consumer', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the case-file consumer', 'case-file-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-case-file`,
        topics: ['CaseEvents', 'FinanceEvents'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report('case-file-consumer', up, detail),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const stream = batch.topic === this.bus.topics.FinanceEvents ? 'finance' : 'case';
    const accepted: { event: AnyEvent; at: number }[] = [];
    for (const record of batch.records) {
      const parsed = parseInputEvent(stream, record.value);
      if (parsed.ok && parsed.event.type !== 'clock.tick') accepted.push({ event: parsed.event, at: parsed.at });
    }
    await this.retryInfrastructure('store case events', 'case-file-consumer', () => this.events.store(accepted));
    await this.retry('commit offsets', 'case-file-consumer', () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
