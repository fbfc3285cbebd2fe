import { Inject, Injectable, Logger } from '@nestjs/common';
import { isCalendarYearMessage, type CalendarYearMessage } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry } from '@thads/platform';
import { Store } from '@thads/store';
import { INSPECTION_CONFIG, type InspectionConfig } from '../config';
import { CalendarView } from './calendar-view';

/** Reads `integrity.calendar.v1` in a consumer group of its own into the service's calendar view. */
@Injectable()
export class CalendarIngest extends BackgroundLoop {
  private consumer?: BatchConsumer;

  constructor(
    @Inject(INSPECTION_CONFIG) private readonly config: InspectionConfig,
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
    private readonly view: CalendarView,
    health: HealthRegistry,
  ) {
    super(health, new Logger('Calendar'), ['calendar-consumer']);
  }

  protected async start(): Promise<void> {
    await this.retry('connect the calendar store', 'calendar-consumer', () => this.store.connect());
    await this.retry('connect to kafka', 'calendar-consumer', async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the calendar consumer', 'calendar-consumer', () =>
      this.bus.startBatchConsumer({
        groupId: `${this.config.groupId}-calendar`,
        topics: ['Calendar'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report('calendar-consumer', up, detail),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const years: CalendarYearMessage[] = [];
    for (const record of batch.records) {
      let value: unknown;
      try {
        value = JSON.parse(record.value?.toString('utf8') ?? '');
      } catch {
        value = undefined;
      }
      // Our own topic: a malformed message is a bug upstream, worth a loud log, not a crash loop.
      if (isCalendarYearMessage(value)) years.push(value);
      else this.log.error(`skipping malformed calendar year at ${record.topic}/${record.partition}@${record.offset}`);
    }
    await this.retry('store calendar years', 'calendar-consumer', () => this.view.apply(years));
    await this.retry('commit calendar offsets', 'calendar-consumer', () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
