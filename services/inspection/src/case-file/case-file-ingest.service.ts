import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { parseInputEvent, type AnyEvent } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { AbortedError, HealthRegistry, healthAwareRetry } from '@thads/platform';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { CaseEventsRepository } from './case-events.repository';

/**
 * Keeps every case's events for the case-file view: reads the case and finance topics in a
 * consumer group of its own and stores each valid event once (its id is the key). Invalid
 * messages are the detector's to dead-letter; here they are skipped. Offsets are committed
 * only after the events are stored.
 */
@Injectable()
export class CaseFileIngestService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('CaseFile');
  private readonly stop = new AbortController();
  private readonly retry: ReturnType<typeof healthAwareRetry>;
  private consumer?: BatchConsumer;
  private starting?: Promise<void>;

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly bus: KafkaBus,
    private readonly events: CaseEventsRepository,
    private readonly health: HealthRegistry,
  ) {
    this.retry = healthAwareRetry(health, this.log, this.stop.signal);
    health.expect('case-file-consumer');
  }

  onApplicationBootstrap(): void {
    this.starting = this.start().catch((err: unknown) => {
      if (!(err instanceof AbortedError)) this.log.error(`start-up failed: ${String(err)}`);
    });
  }

  private async start(): Promise<void> {
    await this.retry('connect the case-file store', 'case-file-consumer', () => this.events.connect());
    await this.retry('connect to kafka', 'case-file-consumer', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the case-file consumer', 'case-file-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-case-file`,
        topics: ['CaseEvents', 'FinanceEvents'],
        onBatch: (b) => this.onBatch(b),
        onCrash: (err) => this.health.down('case-file-consumer', `crashed: ${String(err)}`),
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
    await this.retry('store case events', 'case-file-consumer', () => this.events.store(accepted));
    await this.retry('commit offsets', 'case-file-consumer', () => this.consumer!.commitBatch(batch));
  }

  /** First phase of shutdown: stop consuming; the shared bus is closed in the next phase (TaskIntakeService). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.starting;
    await this.consumer?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
  }
}
