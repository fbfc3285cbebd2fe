import type { TopicKey } from '@thads/contracts';
import type { BatchConsumer, BatchContext, InRecord, KafkaBus } from '@thads/messaging';
import { BackgroundLoop, isInfrastructureFailure, type HealthRegistry, type LoopLog } from '@thads/platform';
import { CheckpointLog, type Store } from '@thads/store';
import type { Cell, MonthKey } from '../counters/cell';
import type { FoldedPartition, StoredItem } from '../counters/folded-partition';

/** Where one consumer reads, what it reports as, and where it keeps its state. */
export interface IngestSpec {
  /** Health component. */
  component: string;
  group: string;
  topics: TopicKey[];
  /** Partition p of every topic to one member (the topics share a key and a partition count). */
  coPartitioned: boolean;
  /** Checkpoint collections are `ckpt_<kind>_<partition>_<generation>`. */
  checkpointKind: string;
}

/** A partition's state, and what it folded that is not written yet. */
interface Held<P> {
  state: P;
  pending: { records: Set<string>; months: Set<MonthKey> };
}

/** Writes the counters of some unit × months of one partition, whole (see CounterDocs). */
export type CounterWrite<C extends Cell> = (
  partition: number,
  months: ReadonlyMap<MonthKey, readonly C[]>,
) => Promise<void>;

/**
 * A consumer that keeps counters from its topics, one `FoldedPartition` per input partition.
 * Per partition, the folded records and counter cells live in memory and in a checkpoint log in
 * the store (ADR 0005: inserts only); after each batch the changed unit × month counters are
 * rewritten for the API, and only then are the offsets committed. A redelivered event changes
 * no record (the folds drop repeated ids), so a crash anywhere in between neither loses nor
 * double-counts. A partition that moved away may come back changed by its other owner, so any
 * new assignment drops what is held and loads again.
 */
export abstract class PartitionIngest<E, R, C extends Cell, P extends FoldedPartition<R, E, C>> extends BackgroundLoop {
  private consumer?: BatchConsumer;
  private checkpoints?: CheckpointLog<StoredItem<R, C>, Record<string, never>>;
  private readonly partitions = new Map<number, Held<P>>();

  protected constructor(
    protected readonly spec: IngestSpec,
    private readonly bus: KafkaBus,
    private readonly store: Store,
    private readonly write: CounterWrite<C>,
    health: HealthRegistry,
    log: LoopLog,
  ) {
    super(health, log, [spec.component]);
  }

  /** A partition's state with nothing in it. */
  protected abstract blank(): P;

  /**
   * The events of a batch that the state reads (invalid and unknown messages are counted and left
   * out). A message of our own topics that breaks its contract goes to `reject`, which
   * dead-letters it with the reason (`integrity.dlq.v1`); invalid input is the detector's to
   * dead-letter, and is only counted here.
   */
  protected abstract events(batch: BatchContext, reject: (record: InRecord, reason: string) => void): E[];

  /** Called before each batch is folded (a partition that counts on the calendar refreshes it here). */
  protected beforeBatch(): Promise<void> {
    return Promise.resolve();
  }

  /** The consumer group, for lag figures (tests, metrics). */
  get groupId(): string {
    return this.spec.group;
  }

  protected async start(): Promise<void> {
    const { component } = this.spec;
    await this.retry('connect to the store', component, () => this.store.connect());
    this.checkpoints = new CheckpointLog<StoredItem<R, C>, Record<string, never>>(
      this.store.db,
      this.spec.checkpointKind,
      this.blank().storedKey,
    );
    await this.retry('connect to kafka', component, async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    this.consumer = await this.retry(`start the ${component}`, component, () =>
      this.bus.startBatchConsumer({
        groupId: this.spec.group,
        topics: this.spec.topics,
        coPartitioned: this.spec.coPartitioned,
        onBatch: (b) => this.onBatch(b),
        onAssignment: () => this.partitions.clear(),
        onStatus: (up, detail) => this.health.report(component, up, detail),
        onCrash: (err) => this.health.down(component, `crashed: ${String(err)}`),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const { component } = this.spec;
    const p = batch.partition;
    await this.retry('prepare the batch', component, () => this.beforeBatch());
    const held = await this.retry('load the partition', component, () => this.load(p));
    const rejected: { record: InRecord; reason: string }[] = [];
    const events = this.events(batch, (record, reason) => rejected.push({ record, reason }));
    if (rejected.length > 0)
      await this.retry('dead-letter invalid messages', component, () => batch.deadLetter(rejected));
    try {
      if (!(await this.fold(p, held, events))) return;
    } catch (err) {
      // What this batch folded in memory is the failing message's too, and would fail every batch
      // after it: dropped, the partition loads again from its checkpoint (the last batch written)
      // when the consumer tries the records one at a time, then dead-letters the one at fault.
      if (!isInfrastructureFailure(err)) this.partitions.delete(p);
      throw err;
    }
    await this.retry('commit offsets', component, () => this.consumer!.commitBatch(batch));
  }

  /**
   * Folds `events` into the partition and writes what changed (checkpoint, then counters). False
   * when nothing may be written yet (see below): the caller does not commit then.
   */
  private async fold(p: number, held: Held<P>, events: E[]): Promise<boolean> {
    const { component } = this.spec;
    const changed = held.state.apply(events);
    for (const key of changed.records) held.pending.records.add(key);
    for (const key of changed.months) held.pending.months.add(key);
    // Right after a stall past the session timeout the partition may already be another member's,
    // with newer counters than these: nothing is written (nor committed) until the consumer has
    // heard from the group again. What was folded meanwhile stays pending and goes out with the
    // next batch; after a lapse the rejoin drops it and the partition reloads (onAssignment).
    if (!this.consumer!.presumedMember()) return false;
    const pending = held.pending;
    if (pending.records.size > 0) {
      const log = this.checkpoints!;
      const { state } = held;
      // Only the infrastructure is retried without end: a write the store refuses fails the message.
      await this.retryInfrastructure('checkpoint the partition', component, () =>
        log.append(p, state.stored(pending), {}, () => state.all()),
      );
      await this.retryInfrastructure('write the counters', component, () =>
        this.write(p, monthsOf(state, pending.months)),
      );
      held.pending = { records: new Set(), months: new Set() };
    }
    return true;
  }

  /** The partition's state, loaded from its checkpoint log the first time, with its counters rewritten. */
  private async load(p: number): Promise<Held<P>> {
    const loaded = this.partitions.get(p);
    if (loaded) return loaded;
    const { states } = await this.checkpoints!.load(p);
    const state = this.blank().restore(states);
    // The counters of the API may lag the checkpoint (a crash between the two writes): rewrite them all.
    await this.write(p, monthsOf(state, new Set(state.monthKeys())));
    const held = { state, pending: { records: new Set<string>(), months: new Set<MonthKey>() } };
    this.partitions.set(p, held);
    return held;
  }

  protected async halt(): Promise<void> {
    await this.consumer?.stop();
  }
}

function monthsOf<R, E, C extends Cell>(
  state: FoldedPartition<R, E, C>,
  keys: ReadonlySet<MonthKey>,
): Map<MonthKey, C[]> {
  return new Map([...keys].map((k) => [k, state.cellsOf(k)]));
}

/** Counts a batch's messages by kind for `thads_events_consumed_total` and warns about invalid ones. */
export function countBatch(
  consumed: { inc(labels: { kind: string }, value: number): void },
  log: LoopLog,
  batch: BatchContext,
  kinds: ReadonlyMap<string, number>,
  invalid: number,
  labelPrefix = '',
): void {
  for (const [kind, n] of kinds) if (n > 0) consumed.inc({ kind: labelPrefix + kind }, n);
  if (invalid > 0) {
    consumed.inc({ kind: `${labelPrefix}invalid` }, invalid);
    log.warn(`${invalid} invalid message(s) skipped in ${batch.topic}/${batch.partition}`);
  }
}
