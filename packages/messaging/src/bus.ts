import {
  Kafka,
  logLevel,
  CompressionTypes,
  Partitioners,
  type Admin,
  type Consumer,
  type Producer,
  type Message,
  type IHeaders,
  type KafkaMessage,
  type LogEntry,
} from 'kafkajs';
import {
  COMPACTED_TOPICS,
  DEFAULT_INPUT_PARTITIONS,
  topicNames,
  type AnyEvent,
  type CalendarYearMessage,
  type ConsumerDeadLetterMessage,
  type DeadLetterMessage,
  type DisciplineEvent,
  type FindingMessage,
  type InspectionEvent,
  type RuleBookVersionMessage,
  type SessionEpochMessage,
  type AuditHeadMessage,
  type TopicKey,
} from '@thads/contracts';
import { isInfrastructureFailure, isTransient, retryForever } from '@thads/platform';
import { CoPartitionedAssigner } from './co-partitioned-assigner';
import { deadLetterKey, deliverBatch, describeFailure, fitDeadLetter } from './poison';

/** What travels on each topic: `publish('Findings', ...)` only takes findings. */
export interface PayloadMap {
  CaseEvents: AnyEvent;
  FinanceEvents: AnyEvent;
  RegistryEvents: AnyEvent;
  Findings: FindingMessage;
  DeadLetter: DeadLetterMessage;
  /** Internal facts of the detector; their shape belongs to the detector. */
  DetectorFacts: object;
  Calendar: CalendarYearMessage;
  Inspections: InspectionEvent;
  Discipline: DisciplineEvent;
  ConsumerDeadLetter: ConsumerDeadLetterMessage;
  RuleBook: RuleBookVersionMessage;
  Sessions: SessionEpochMessage;
  AuditHeads: AuditHeadMessage;
}

export interface OutMessage<T extends TopicKey> {
  key: string;
  value: PayloadMap[T];
  /** Pin a partition (the clock service ticks every partition). */
  partition?: number;
}

// kafkajs' own murmur2 (the Java client's), so a key maps to the partition its producer picks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string | Buffer) => number;

/** The partition the default (Java-compatible) partitioner gives `key` among `partitions`. */
export function partitionFor(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

export interface RawTopicBatch {
  topic: TopicKey;
  messages: { key: string | null; value: string | Buffer; partition?: number }[];
}

export interface BusConfig {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name: tests and replays run in their own namespace. */
  topicPrefix?: string;
  /** kafkajs' own log lines above this level reach the logger. */
  log?: (level: 'error' | 'warn' | 'info', message: string, extra?: Record<string, unknown>) => void;
  /** Replication factor of the topics this bus creates; unset: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** Consumer group session timeout (default 30 s): a member silent this long is removed from its group. */
  sessionTimeoutMs?: number;
}

/** An incoming record as the consumer hands it on: nothing of kafkajs leaks out. */
export interface InRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** The record's headers as UTF-8 text (kept for its dead letter, should it come to that). */
  headers?: Record<string, string | string[]>;
}

/** A topic read into memory from the beginning (tests and tools). */
export interface TopicTail<T extends TopicKey> {
  /** `timestamp`: the message's create time (epoch ms), set by the producer when it sent it. */
  messages: { key: string | null; value: PayloadMap[T]; timestamp: number }[];
  stop(): Promise<void>;
}

export interface BatchContext {
  topic: string;
  partition: number;
  records: InRecord[];
  /** Keep the group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** False once shutdown or a rebalance has begun: stop and do not commit. */
  isActive(): boolean;
  /**
   * Sends records this consumer refuses (a message of our own topics that breaks its contract)
   * to `integrity.dlq.v1` with the reason, naming the consumer group. Not retried here: the
   * handler retries it as it does its other writes, then commits past the records.
   */
  deadLetter(items: { record: InRecord; reason: string }[]): Promise<void>;
}

export interface BatchConsumerOptions {
  groupId: string;
  topics: TopicKey[];
  fromBeginning?: boolean;
  /** Assign partition p of all topics to one member (detector input topics). */
  coPartitioned?: boolean;
  /**
   * Handles one batch of one topic-partition and commits what it has made durable via
   * `BatchConsumer.commit`. Once it returns, the records count as taken and are not fetched
   * again by this member; if it throws, the batch is fetched again.
   */
  onBatch(batch: BatchContext): Promise<void>;
  /**
   * A record whose handling failed the same way twice (anything but the infrastructure: see
   * `isInfrastructureFailure`) has been sent to `integrity.dlq.v1`; this moves past it, with
   * `batch` holding that one record. Unset, its offset is committed at once, which suits a
   * handler that commits every batch it has handled. A handler that commits on its own schedule
   * (the detector: offsets of buffered events) must record the record as taken instead, or a
   * commit past it could cover records before it that are not done yet.
   */
  afterDeadLetter?(batch: BatchContext): Promise<void>;
  /**
   * Called after every rebalance with the partitions now held, per topic name. `lapsed`: this
   * member had been out of the group since its previous assignment (it stalled past the session
   * timeout, or its consumer crashed and was started again), so other members may have processed
   * and committed its partitions meanwhile: whatever is kept in memory about them is stale.
   */
  onAssignment?(assignment: Record<string, number[]>, membership: { lapsed: boolean }): void;
  /**
   * The consumer's own health: up (with the partitions held) whenever it has joined its group;
   * down, with the reason, from a crash or a lost membership until it has joined again.
   */
  onStatus?(up: boolean, detail: string): void;
  /** Called with the error whenever kafkajs crashes the consumer (it is started again unless retrying cannot help). */
  onCrash?(err: unknown): void;
  maxBytesPerPartition?: number;
  /**
   * Batches of different topic-partitions handled at the same time (default 1). The handler
   * must itself serialise work that two of them share (the detector: case and finance batches
   * of one partition index).
   */
  concurrency?: number;
}

export interface CommitOffset {
  topic: string;
  partition: number;
  /** The next offset to read. */
  offset: string;
}

/** How long a consumer that kafkajs gave up on waits before it is started again: doubling, at most 30 s. */
const RESTART_MS = { initial: 1_000, max: 30_000 };

/** Where a consumer sends the records it gives up on (`integrity.dlq.v1`), and where it says so. */
export interface DeadLetterSink {
  publish(messages: OutMessage<'ConsumerDeadLetter'>[]): Promise<void>;
  log?: BusConfig['log'];
}

const NO_SINK: DeadLetterSink = {
  publish: () => Promise.reject(new Error('this consumer has no dead-letter topic')),
};

function headersOf(headers: IHeaders | undefined): Record<string, string | string[]> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string | string[]> = {};
  for (const [name, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[name] = Array.isArray(v) ? v.map((x) => x.toString()) : v.toString();
  }
  return out;
}

/** The dead letter of `record` on `integrity.dlq.v1`, fitted to a Kafka message. */
export function consumerDeadLetter(record: InRecord, group: string, reason: string): OutMessage<'ConsumerDeadLetter'> {
  const key = deadLetterKey(record.key);
  const value = fitDeadLetter<ConsumerDeadLetterMessage>(
    {
      reason,
      group,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key,
      raw: record.value?.toString('utf8') ?? '',
      headers: record.headers ?? {},
    },
    Buffer.byteLength(key ?? '', 'utf8'),
  );
  return { key: key ?? '', value };
}

/**
 * A running consumer group member. Besides committing, it keeps the member running for as long
 * as the service does: kafkajs restarts a crashed consumer only when the error is retriable
 * (`restartOnFailure` is not even asked otherwise, and the CRASH event then says
 * `restart: false`), which leaves a consumer stopped for good after, say, a coordinator that
 * could not be found while the broker restarted. Such a consumer is started again here with
 * backoff, unless the failure is one that retrying cannot fix (a bug: TypeError and the like).
 */
export class BatchConsumer {
  private consumer?: Consumer;
  /** The member id of the last join: a new one means the old membership lapsed in between. */
  private memberId?: string;
  /** Joins so far: a commit refused by a membership older than the latest join says nothing. */
  private joins = 0;
  /** When the coordinator last heard from this member (join, heartbeat, commit): its session runs from there. */
  private lastContact = 0;
  private failures = 0;
  private stopping = false;
  /** Ends the retries of dead-lettering when the consumer stops. */
  private readonly stopped = new AbortController();
  private restartTimer?: NodeJS.Timeout;
  private restarting?: Promise<void>;

  /** Made by `KafkaBus.startBatchConsumer`. */
  constructor(
    private readonly create: () => Consumer,
    private readonly opts: BatchConsumerOptions,
    private readonly topics: string[],
    private readonly sessionTimeoutMs: number,
    private readonly deadLetters: DeadLetterSink = NO_SINK,
  ) {}

  /** Connects, subscribes and starts fetching; a failure to connect or subscribe is thrown (callers retry). */
  async start(): Promise<void> {
    const consumer = this.create();
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => this.joined(e.payload.memberId, e.payload.memberAssignment));
    consumer.on(consumer.events.CRASH, (e) => this.crashed(consumer, e.payload.error, e.payload.restart));
    consumer.on(consumer.events.HEARTBEAT, () => (this.lastContact = Date.now()));
    consumer.on(consumer.events.COMMIT_OFFSETS, () => (this.lastContact = Date.now()));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.topics, fromBeginning: this.opts.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.opts.concurrency ?? 1,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const records = batch.messages.map((m: KafkaMessage): InRecord => {
            const headers = headersOf(m.headers);
            return {
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              key: m.key ? m.key.toString('utf8') : null,
              value: m.value,
              ...(headers ? { headers } : {}),
            };
          });
          // Records already dead-lettered by the handler: when it fails later in the batch and is
          // handed the records again one at a time, they are not sent twice.
          const lettered = new Set<string>();
          // A failing handler never blocks the partition: see `deliverBatch`.
          await deliverBatch<BatchContext, InRecord>(
            {
              topic: batch.topic,
              partition: batch.partition,
              records,
              heartbeat: () => payload.heartbeat(),
              isActive: () => payload.isRunning() && !payload.isStale(),
              deadLetter: async (items) => {
                const fresh = items.filter(({ record }) => !lettered.has(record.offset));
                if (fresh.length === 0) return;
                await this.deadLetters.publish(
                  fresh.map(({ record, reason }) => consumerDeadLetter(record, this.opts.groupId, reason)),
                );
                for (const { record } of fresh) lettered.add(record.offset);
              },
            },
            {
              handle: (b) => this.opts.onBatch(b),
              giveUp: (b, reason) => this.giveUp(b, reason),
              taken: (record) => payload.resolveOffset(record.offset),
              failed: (record, failure, attempt) =>
                this.deadLetters.log?.(
                  'warn',
                  `consumer ${this.opts.groupId}: ${record.topic}/${record.partition}@${record.offset} failed (attempt ${attempt}): ${failure}`,
                ),
            },
          );
          // The handler has taken these records in hand: fetch on from here. This moves only the
          // in-memory fetch position; what is committed is decided by the handler (autoCommit off).
          const last = batch.lastOffset();
          if (Number(last) >= 0) payload.resolveOffset(last);
        },
      });
    } catch (err) {
      // Half-connected consumers would keep their sockets (and retries) alive: close this one.
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Commits offsets. Returns false, without committing, when the group has moved on (this member
   * was removed or a rebalance began): the partition's next owner — this member itself, once it
   * has rejoined — replays from the last commit. Retrying instead would wait forever: kafkajs
   * rejoins only once the batch in hand is finished, and the batch would be waiting on the commit.
   */
  async commit(offsets: CommitOffset[]): Promise<boolean> {
    const consumer = this.consumer;
    const joins = this.joins;
    if (!consumer) return false;
    try {
      await consumer.commitOffsets(offsets);
      return true;
    } catch (err) {
      const type = rebalanceErrorType(err);
      if (type === undefined) throw err;
      // Removed from the group, not merely rebalancing: down until the rejoin (which reports up).
      if (LOST_MEMBERSHIP.has(type) && joins === this.joins)
        this.opts.onStatus?.(false, `group membership lapsed (${type}): rejoining`);
      return false;
    }
  }

  /**
   * False when the coordinator has not heard from this member for a whole session timeout: the
   * process was stalled (stopped, a long GC pause) and has surely been removed from the group,
   * though kafkajs has not found out yet. Its partitions may be another member's by now, and what
   * it holds about them older than what that member has written: state kept outside Kafka must
   * not be written from it until the member has rejoined.
   */
  presumedMember(): boolean {
    return this.lastContact > 0 && Date.now() - this.lastContact < this.sessionTimeoutMs;
  }

  /** Commits past the last record of `batch` (all of it is done), unless the batch was given up (shutdown, rebalance). */
  async commitBatch(batch: BatchContext): Promise<boolean> {
    const last = batch.records[batch.records.length - 1];
    if (!last || !batch.isActive()) return false;
    return this.commit([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last.offset) + 1) }]);
  }

  /**
   * Sends the one record of `batch` to `integrity.dlq.v1` and moves past it (`afterDeadLetter`, or
   * a commit). Both are retried while the infrastructure is away: giving up on a message must
   * not depend on Kafka being there the first time, or the message would be handled twice again.
   */
  private async giveUp(batch: BatchContext, reason: string): Promise<void> {
    const record = batch.records[0]!;
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    const persist = <T>(what: string, op: () => Promise<T>) =>
      retryForever(op, {
        signal: this.stopped.signal,
        isRetriable: isInfrastructureFailure,
        onFailure: (err, attempt) =>
          this.deadLetters.log?.('warn', `${what} of ${where} failed (attempt ${attempt}): ${describeFailure(err)}`),
      });
    await persist('dead-lettering', () =>
      this.deadLetters.publish([consumerDeadLetter(record, this.opts.groupId, reason)]),
    );
    this.deadLetters.log?.('error', `consumer ${this.opts.groupId} gave up on ${where}: ${reason}`);
    if (this.opts.afterDeadLetter) await this.opts.afterDeadLetter(batch);
    else await persist('committing past the dead letter', () => this.commitBatch(batch));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    clearTimeout(this.restartTimer);
    await this.restarting;
    await this.consumer?.disconnect();
  }

  private joined(memberId: string, assignment: Record<string, number[]>): void {
    const lapsed = this.memberId !== undefined && this.memberId !== memberId;
    this.memberId = memberId;
    this.joins += 1;
    this.lastContact = Date.now();
    this.failures = 0;
    this.opts.onAssignment?.(assignment, { lapsed });
    const held = [...new Set(Object.values(assignment).flat())].sort((a, b) => a - b);
    this.opts.onStatus?.(true, `partitions ${held.join(',') || 'none'}`);
  }

  private crashed(consumer: Consumer, err: Error, restartedByKafkajs: boolean): void {
    this.opts.onCrash?.(err);
    if (this.stopping || consumer !== this.consumer) return;
    const reason = `${err.name}: ${err.message}`;
    if (restartedByKafkajs) {
      this.opts.onStatus?.(false, `crashed (${reason}): restarting`);
      return;
    }
    const cause = rootCause(err);
    if (!isTransient(cause)) {
      this.opts.onStatus?.(false, `stopped by ${reason} (not restarted: retrying cannot fix it)`);
      return;
    }
    this.scheduleRestart(reason);
  }

  private scheduleRestart(reason: string): void {
    const delay = Math.min(RESTART_MS.max, RESTART_MS.initial * 2 ** Math.min(this.failures, 16));
    this.failures += 1;
    this.opts.onStatus?.(false, `stopped by ${reason}: starting it again in ${Math.round(delay / 1000)} s`);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.start()
        .catch((err: unknown) => {
          if (!this.stopping) this.scheduleRestart(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
        })
        .finally(() => (this.restarting = undefined));
    }, delay);
  }
}

/** Errors of a commit refused because the group's membership changed (kafkajs protocol error types). */
const REBALANCE_ERRORS = new Set([
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'REBALANCE_IN_PROGRESS',
  'FENCED_INSTANCE_ID',
]);
/** Of those, the ones that say this member is no longer in the group at all. */
const LOST_MEMBERSHIP = new Set(['UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

/**
 * The membership error behind `err`, if any. kafkajs does not throw the broker's error as is:
 * `commitOffsets` goes through its retrier, which wraps a non-retriable protocol error (all of
 * these are) in a `KafkaJSNonRetriableError` whose `cause` is the original, so the cause chain
 * is followed.
 */
function rebalanceErrorType(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && REBALANCE_ERRORS.has(type)) return type;
  }
  return undefined;
}

/** A commit refused because the group's membership changed. */
export function isRebalanceError(err: unknown): boolean {
  return rebalanceErrorType(err) !== undefined;
}

/**
 * Produce errors after which an idempotent producer never sends again: the broker and the
 * producer disagree on the producer id or its sequence numbers, and kafkajs keeps both (seen
 * here after a broker restart: every send refused with OUT_OF_ORDER_SEQUENCE_NUMBER for as long
 * as the process lived — kafkajs issue #598). Only a new producer, with a new id, recovers.
 */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** The producer-state error type in `err`'s chain of causes, if any. */
export function producerStateErrorType(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && PRODUCER_STATE_ERRORS.has(type)) return type;
  }
  return undefined;
}

/** The error at the end of kafkajs' wrapping (`KafkaJSNonRetriableError` → … → the original). */
function rootCause(err: unknown): unknown {
  let e = err;
  for (let depth = 0; depth < 5; depth += 1) {
    const cause = (e as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) break;
    e = cause;
  }
  return e;
}

const toLevel = (l: logLevel): 'error' | 'warn' | 'info' =>
  l === logLevel.ERROR || l === logLevel.NOTHING ? 'error' : l === logLevel.WARN ? 'warn' : 'info';

export class KafkaBus {
  private readonly kafka: Kafka;
  private connecting?: Promise<Producer>;
  private adminConnecting?: Promise<Admin>;
  readonly topics: { [K in TopicKey]: string };
  private readonly replicationFactor?: number;
  private readonly sessionTimeoutMs: number;
  private readonly log?: BusConfig['log'];

  constructor(config: BusConfig) {
    if (config.log) this.log = config.log;
    this.topics = topicNames(config.topicPrefix ?? '');
    if (config.replicationFactor !== undefined) this.replicationFactor = config.replicationFactor;
    this.sessionTimeoutMs = config.sessionTimeoutMs ?? 30_000;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...extra } = entry.log;
        config.log?.(toLevel(entry.level), `[kafkajs ${entry.namespace}] ${message}`, extra);
      },
      retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 10_000 },
    });
  }

  async connect(): Promise<void> {
    // Several components of a service share one bus and connect it at the same time: they
    // share one connection attempt, or a second producer would be made and never closed.
    this.connecting ??= (async () => {
      // The Java client's murmur2 partitioner: outside producers and this one put a key in the
      // same partition, which keeps the case and finance topics co-partitioned. Idempotent: a
      // send retried after a lost acknowledgement does not put a message on the topic twice
      // (the broker drops the duplicate by producer id and sequence); that needs one request in
      // flight per connection (KIP-98).
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      try {
        await producer.connect();
      } catch (err) {
        this.connecting = undefined;
        throw err;
      }
      return producer;
    })();
    await this.connecting;
  }

  /** The producer of the current connection attempt, with that attempt (`send` compares it). */
  private async connected(): Promise<{ producer: Producer; connecting: Promise<Producer> }> {
    await this.connect();
    // Read again after the wait: a replacement may have begun meanwhile; wait for that one.
    for (;;) {
      const connecting = this.connecting;
      if (connecting === undefined) {
        await this.connect();
        continue;
      }
      return { producer: await connecting, connecting };
    }
  }

  /** Creates every topic of the contract that is missing. Safe to run from several processes. */
  async ensureTopics(inputPartitions = DEFAULT_INPUT_PARTITIONS): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const wanted = (Object.keys(this.topics) as TopicKey[]).map((k) => ({
      topic: this.topics[k],
      numPartitions: inputPartitions,
      ...(COMPACTED_TOPICS.includes(k) ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}),
    }));
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        topics: missing.map((t) =>
          this.replicationFactor === undefined ? t : { ...t, replicationFactor: this.replicationFactor },
        ),
        waitForLeaders: true,
      });
    } catch (err) {
      // Another process created them between our list and create: fine.
      if (!(err as Error).message.includes('already exists')) throw err;
    }
  }

  /** Deletes this prefix's topics (tools that make throw-away namespaces, such as the benchmark). */
  async deleteTopics(): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const ours = Object.values(this.topics).filter((t) => existing.has(t));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours, timeout: 30_000 });
  }

  async partitionCount(topic: TopicKey): Promise<number> {
    const admin = await this.getAdmin();
    const meta = await admin.fetchTopicMetadata({ topics: [this.topics[topic]] });
    return meta.topics[0]?.partitions.length ?? 0;
  }

  /**
   * How many messages of the topics a consumer group has not committed yet, summed over
   * partitions (a group that never committed counts from the log start).
   */
  async lag(groupId: string, topics: TopicKey[]): Promise<number> {
    const admin = await this.getAdmin();
    let total = 0;
    for (const key of topics) {
      const topic = this.topics[key];
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const end of ends) {
        const at = done.get(end.partition) ?? -1;
        total += Number(end.high) - (at < 0 ? Number(end.low) : at);
      }
    }
    return total;
  }

  /** The next offset to be written on each partition of a topic (its end). */
  async endOffsets(topic: TopicKey): Promise<Map<number, number>> {
    const admin = await this.getAdmin();
    const offsets = await admin.fetchTopicOffsets(this.topics[topic]);
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  }

  /** True when the cluster answers a metadata request within the timeout. */
  async ping(timeoutMs = 3000): Promise<boolean> {
    try {
      const admin = await this.getAdmin();
      await Promise.race([
        admin.describeCluster(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Runs one send on the producer. A send refused because the broker lost track of the producer's
   * id or sequence (`producerStateErrorType`) replaces the producer — the next send connects a new
   * one — and is rethrown: the caller retries it as any failed send, and it then goes out under
   * the new id. A message the old producer had in fact written may so be written twice; every
   * consumer of the contract already recognises a message it has seen by its id.
   */
  private async send(op: (producer: Producer) => Promise<unknown>): Promise<void> {
    // The producer is taken from the connection attempt itself, never from the field: another
    // send's replacement may clear the field between the two.
    const { producer, connecting } = await this.connected();
    try {
      await op(producer);
    } catch (err) {
      const type = producerStateErrorType(err);
      // Several sends in flight fail together: the first to see it replaces the producer.
      if (type !== undefined && this.connecting === connecting) {
        this.connecting = undefined;
        this.log?.('warn', `producer refused by the broker (${type}): replacing it with a new producer id`);
        // Sends still queued on it fail (the caller retries them on the new one) once it is closed.
        void producer.disconnect().catch(() => undefined);
      }
      throw err;
    }
  }

  /** Publishes JSON messages to one topic and waits for the broker's acknowledgement. */
  async publish<T extends TopicKey>(topic: T, messages: OutMessage<T>[]): Promise<void> {
    if (messages.length === 0) return;
    const out: Message[] = messages.map((m) => {
      const msg: Message = { key: m.key, value: JSON.stringify(m.value) };
      if (m.partition !== undefined) msg.partition = m.partition;
      return msg;
    });
    await this.send((producer) =>
      producer.send({ topic: this.topics[topic], messages: out, acks: -1, compression: CompressionTypes.None }),
    );
  }

  /** Publishes raw values (tests and tools that must send malformed input), with headers if given. */
  async publishRaw(
    topic: TopicKey,
    messages: {
      key: string | null;
      value: string | Buffer | null;
      partition?: number;
      headers?: Record<string, string>;
    }[],
  ): Promise<void> {
    await this.send((producer) =>
      producer.send({ topic: this.topics[topic], messages: messages.map((m) => ({ ...m })), acks: -1 }),
    );
  }

  /**
   * Publishes pre-serialised values to several topics in one request (tools that publish a lot:
   * the simulator and the benchmark). Order within a partition is kept.
   */
  async publishBatch(batches: RawTopicBatch[]): Promise<void> {
    if (batches.length === 0) return;
    await this.send((producer) =>
      producer.sendBatch({
        topicMessages: batches.map((b) => ({ topic: this.topics[b.topic], messages: b.messages })),
        acks: -1,
        compression: CompressionTypes.None,
      }),
    );
  }

  /**
   * Sends input that could not be accepted to the dead-letter topic, keyed as the original
   * (EVENTS.md). A message near the broker's size limit would not fit with its reason: its `raw`
   * is then cut, and the reason says so (`fitDeadLetter`).
   */
  async deadLetter(items: { record: InRecord; reason: string }[]): Promise<void> {
    await this.publish(
      'DeadLetter',
      items.map(({ record, reason }) => {
        const key = deadLetterKey(record.key) ?? '';
        const value = fitDeadLetter<DeadLetterMessage>(
          {
            reason,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            raw: record.value?.toString('utf8') ?? '',
          },
          Buffer.byteLength(key, 'utf8'),
        );
        return { key, value };
      }),
    );
  }

  async startBatchConsumer(opts: BatchConsumerOptions): Promise<BatchConsumer> {
    const consumer = new BatchConsumer(
      () =>
        this.kafka.consumer({
          groupId: opts.groupId,
          partitionAssigners: opts.coPartitioned ? [CoPartitionedAssigner] : undefined,
          sessionTimeout: this.sessionTimeoutMs,
          // Kafka's advice: heartbeats at most a third of the session timeout, so that one or two
          // lost heartbeats do not cost the membership.
          heartbeatInterval: Math.min(3_000, Math.floor(this.sessionTimeoutMs / 3)),
          maxBytesPerPartition: opts.maxBytesPerPartition ?? 1_048_576,
          allowAutoTopicCreation: false,
          retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 30_000 },
        }),
      opts,
      opts.topics.map((t) => this.topics[t]),
      this.sessionTimeoutMs,
      { publish: (messages) => this.publish('ConsumerDeadLetter', messages), log: this.log },
    );
    await consumer.start();
    return consumer;
  }

  private async getAdmin(): Promise<Admin> {
    this.adminConnecting ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
      } catch (err) {
        this.adminConnecting = undefined;
        throw err;
      }
      return admin;
    })();
    return this.adminConnecting;
  }

  /**
   * Reads a topic from the beginning into memory as JSON, for tests and tools (findings, DLQ).
   * `stop()` ends the reading; `messages` grows while it runs.
   */
  async tail<T extends TopicKey>(topic: T, groupId: string): Promise<TopicTail<T>> {
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    const messages: TopicTail<T>['messages'] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topics[topic]], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push({
          key: message.key?.toString('utf8') ?? null,
          value: JSON.parse(message.value?.toString('utf8') ?? 'null') as PayloadMap[T],
          timestamp: Number(message.timestamp),
        });
        return Promise.resolve();
      },
    });
    return { messages, stop: () => consumer.disconnect() };
  }

  /**
   * Reads topics from the beginning with a plain consumer (no assigner, no commits), handing
   * each batch's values to `onBatch`, until `onBatch` returns true. The benchmark's ceiling: how
   * fast this machine can merely fetch and parse what the detector must process.
   */
  async readThrough(
    topics: TopicKey[],
    groupId: string,
    onBatch: (values: (Buffer | null)[]) => boolean,
  ): Promise<void> {
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 1_048_576 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: topics.map((t) => this.topics[t]), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        void consumer
          .run({
            autoCommit: false,
            partitionsConsumedConcurrently: 1,
            eachBatch: ({ batch }) => {
              if (onBatch(batch.messages.map((m) => m.value))) resolve();
              return Promise.resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
  }

  async disconnect(): Promise<void> {
    // A connection still being made is waited for, so that it is closed too.
    const [producer, admin] = await Promise.allSettled([this.connecting, this.adminConnecting]);
    this.connecting = undefined;
    this.adminConnecting = undefined;
    await Promise.allSettled([
      producer.status === 'fulfilled' ? producer.value?.disconnect() : undefined,
      admin.status === 'fulfilled' ? admin.value?.disconnect() : undefined,
    ]);
  }
}

/** Routes kafkajs' log lines to a service logger (Nest's Logger fits). */
export function busLog(logger: {
  log(m: string): void;
  warn(m: string): void;
  error(m: string): void;
}): NonNullable<BusConfig['log']> {
  return (level, message) => {
    if (level === 'error') logger.error(message);
    else if (level === 'warn') logger.warn(message);
    else logger.log(message);
  };
}
