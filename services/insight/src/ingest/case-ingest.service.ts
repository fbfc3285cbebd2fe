import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseInputEvent, type CaseStreamEvent } from '@thads/contracts';
import { KafkaBus, type BatchConsumer, type BatchContext } from '@thads/messaging';
import { BackgroundLoop, HealthRegistry, ServiceMetrics } from '@thads/platform';
import { CheckpointLog, Store } from '@thads/store';
import { INSIGHT_CONFIG, type InsightConfig } from '../config';
import { CounterStore, type MonthKey } from './counter-store';
import { PartitionState, storedKey, type StoredItem } from './partition-state';

const COMPONENT = 'cases-consumer';

/**
 * Reads the case and finance topics (co-partitioned: partition p of both to one member) in the
 * group `<group>-cases` and keeps the statistics counters. Per partition, the case records and
 * counter cells live in memory and in a checkpoint log in the store (ADR 0005: inserts only);
 * after each batch the changed unit × month counters are rewritten for the API, and only then
 * are the offsets committed. A redelivered event changes nothing (the fold drops repeated
 * ids), so a crash anywhere in between neither loses nor double-counts.
 *
 * Invalid messages are the detector's to dead-letter (it owns the input contract's DLQ); here
 * they are skipped and counted in the log.
 */
@Injectable()
export class CaseIngest extends BackgroundLoop {
  private consumer?: BatchConsumer;
  private log$?: CheckpointLog<StoredItem, Record<string, never>>;
  private readonly partitions = new Map<number, PartitionState>();

  constructor(
    @Inject(INSIGHT_CONFIG) private readonly config: InsightConfig,
    private readonly bus: KafkaBus,
    @Inject(Store) private readonly store: Store,
    private readonly counters: CounterStore,
    health: HealthRegistry,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    super(health, new Logger('CaseIngest'), [COMPONENT]);
    this.consumed = metrics.counter(
      'thads_events_consumed_total',
      'Input events read, by stream (case, finance) or "invalid".',
    );
  }

  private readonly consumed;

  /** The consumer group, for lag figures (tests, metrics). */
  get groupId(): string {
    return `${this.config.groupId}-cases`;
  }

  protected async start(): Promise<void> {
    await this.retry('connect to the store', COMPONENT, () => this.store.connect());
    this.log$ = new CheckpointLog<StoredItem, Record<string, never>>(this.store.db, 'insight', storedKey);
    await this.retry('connect to kafka', COMPONENT, async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry('start the case consumer', COMPONENT, () =>
      this.bus.startBatchConsumer({
        groupId: this.groupId,
        topics: ['CaseEvents', 'FinanceEvents'],
        coPartitioned: true,
        onBatch: (b) => this.onBatch(b),
        // A partition that moved away may come back changed by its other owner: load it again then.
        onAssignment: () => this.partitions.clear(),
        onStatus: (up, detail) => this.health.report(COMPONENT, up, detail),
      }),
    );
    this.health.up(COMPONENT, 'consuming');
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const p = batch.partition;
    const state = await this.retry('load the partition', COMPONENT, () => this.load(p));
    const stream = batch.topic.endsWith('finance-events.v1') ? 'finance' : 'case';
    const events: CaseStreamEvent[] = [];
    let skipped = 0;
    for (const record of batch.records) {
      const parsed = parseInputEvent(stream, record.value);
      if (!parsed.ok) skipped++;
      else if (parsed.event.type !== 'clock.tick' && 'caseId' in parsed.event) events.push(parsed.event);
    }
    this.consumed.inc({ kind: stream }, events.length);
    if (skipped > 0) this.consumed.inc({ kind: 'invalid' }, skipped);
    if (skipped > 0)
      this.log.warn(`${skipped} invalid message(s) skipped in ${batch.topic}/${p} (the detector dead-letters them)`);
    const changed = state.apply(events);
    if (changed.cases.size > 0) {
      const log = this.log$!;
      await this.retry('checkpoint the partition', COMPONENT, () =>
        log.append(p, state.stored(changed), {}, () => state.all()),
      );
      await this.retry('write the counters', COMPONENT, () => this.counters.write(p, monthsOf(state, changed.months)));
    }
    await this.retry('commit offsets', COMPONENT, () => this.consumer!.commitBatch(batch));
  }

  /** The partition's state, loaded from its checkpoint log the first time, with its counters rewritten. */
  private async load(p: number): Promise<PartitionState> {
    const loaded = this.partitions.get(p);
    if (loaded) return loaded;
    const { states } = await this.log$!.load(p);
    const state = PartitionState.from(states);
    // The counters of the API may lag the checkpoint (a crash between the two writes): rewrite them all.
    await this.counters.write(p, monthsOf(state, new Set(state.monthKeys())));
    this.partitions.set(p, state);
    return state;
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}

function monthsOf(
  state: PartitionState,
  keys: ReadonlySet<MonthKey>,
): Map<MonthKey, ReturnType<PartitionState['cellsOf']>> {
  return new Map([...keys].map((k) => [k, state.cellsOf(k)]));
}
