import { readCalendarYearMessage, type CalendarYearMessage } from '@thads/contracts';
import type { BatchConsumer, BatchContext, KafkaBus } from '@thads/messaging';
import { BackgroundLoop, type HealthRegistry, type LoopLog } from '@thads/platform';
import type { Store } from '@thads/store';
import type { CalendarView } from './calendar-view';

/** The health component of the calendar consumer. */
export const CALENDAR_CONSUMER = 'calendar-consumer';

/**
 * Reads `integrity.calendar.v1` into a service's `CalendarView`, in a consumer group of the
 * service's own (`<service group>-calendar`): consume, store, then commit. The view answers from
 * the shipped table until the topic has been read, so nothing waits on it at start-up.
 */
export class CalendarIngest extends BackgroundLoop {
  private consumer?: BatchConsumer;

  constructor(
    private readonly bus: KafkaBus,
    private readonly store: Store,
    private readonly view: CalendarView,
    readonly groupId: string,
    health: HealthRegistry,
    log: LoopLog,
  ) {
    super(health, log, [CALENDAR_CONSUMER]);
  }

  protected async start(): Promise<void> {
    await this.retry('connect the calendar store', CALENDAR_CONSUMER, () => this.store.connect());
    await this.retry('connect to kafka', CALENDAR_CONSUMER, async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the calendar consumer', CALENDAR_CONSUMER, () =>
      this.bus.startBatchConsumer({
        groupId: this.groupId,
        topics: ['Calendar'],
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report(CALENDAR_CONSUMER, up, detail),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const years: CalendarYearMessage[] = [];
    const rejected: Parameters<BatchContext['deadLetter']>[0] = [];
    for (const record of batch.records) {
      const parsed = readCalendarYearMessage(record.value);
      // Our own topic: a malformed message is a bug upstream, dead-lettered with the reason, not a crash loop.
      if (parsed.ok) years.push(parsed.event);
      else rejected.push({ record, reason: parsed.reason });
    }
    if (rejected.length > 0) {
      this.log.error(
        `${rejected.length} malformed calendar year(s) in ${batch.topic}/${batch.partition}: dead-lettered`,
      );
      await this.retry('dead-letter malformed calendar years', CALENDAR_CONSUMER, () => batch.deadLetter(rejected));
    }
    await this.retryInfrastructure('store calendar years', CALENDAR_CONSUMER, () => this.view.apply(years));
    await this.retry('commit calendar offsets', CALENDAR_CONSUMER, () => this.consumer!.commitBatch(batch));
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}
