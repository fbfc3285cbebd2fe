import { readAuditHeadMessage, type AuditHeadMessage } from '@thads/contracts';
import { AppError } from '@thads/http';
import type { BatchConsumer, BatchContext, KafkaBus } from '@thads/messaging';
import { BackgroundLoop, type HealthRegistry, type LoopLog } from '@thads/platform';
import type { AuditEntry } from './chain';

/** A chain's head as published: the number and hash of its last entry then. */
export type ChainHead = Pick<AuditHeadMessage, 'seq' | 'hash' | 'at'>;

/**
 * Where an audit trail tells that it grew, and learns how far it is known to have grown: the
 * published heads, out of the reach of whoever writes the store (`AuditTrail`'s `anchor`).
 */
export interface ChainAnchor {
  /**
   * The furthest head published for the chain (none: never published), once every head that was
   * on the topic when this process started has been read; until then it cannot vouch for the
   * chain's end and throws (503 UNAVAILABLE), rather than let a cut chain pass unanchored.
   */
  published(): Promise<ChainHead | undefined>;
  /** The chain has grown to `entry`: to be published soon; never delays or fails the append. */
  grew(entry: AuditEntry): void;
}

/** The health component: the heads consumer (down while Kafka is away, like the service's other consumers). */
export const AUDIT_HEADS = 'audit-heads';

/** How long appends are gathered before the head is published: one message for a burst of steps. */
const FLUSH_MS = 200;
/** After a failed publication (Kafka away), when the head is tried again. */
const RETRY_MS = 2_000;
/** How long a verification waits for the heads to be read after a start before it answers 503. */
const CATCH_UP_WAIT_MS = 5_000;

/**
 * Publishes a chain's head on `integrity.audit-heads.v1` shortly after each append, and reads the
 * topic back into memory — never into the store: a copy kept beside the chain would be rewritten
 * with it. Each process reads the whole (compacted) topic from the start in a consumer group of
 * its own (`groupId`, unique per process) and keeps the highest `seq` per chain, so a head one
 * instance published is known to its siblings and to itself after a restart.
 *
 * Compaction keeps the chain's last head written, not its highest: two instances can publish out
 * of order (A publishes entry 10 after B published 11), and a reader started after compaction
 * would then know only 10 and miss a cut of entry 11. So each reader also follows the seq of the
 * last head written for its chain (record order), and when, caught up, that is below the highest
 * it read, it publishes the highest again, so the topic ends on it: once per batch at most, not
 * again until it has read that publication back, and never when a newer head of its own is about
 * to be published anyway.
 *
 * The groups never commit offsets, so none outlives its process for long: the broker's group
 * coordinator deletes a group that is empty and has no committed offsets at its next expiration
 * check (`offsets.retention.check.interval.ms`, 10 minutes by default), once the process's member
 * has left it or timed out (Kafka 4.1's group coordinator; on the local stack a group that never
 * committed was gone 10 minutes after its consumer left).
 *
 * What it shows: entries removed from the end of the chain, or the chain rewritten below a head
 * (`verifyChain` with the head). What it cannot: a cut made before the head of the last entries
 * was published (at most `FLUSH_MS`, or while Kafka is away), or by someone who can also write the
 * topic — its ACLs must keep the store's writers out (docs/security.md).
 */
export class PublishedChainHeads extends BackgroundLoop implements ChainAnchor {
  private consumer?: BatchConsumer;
  private known?: ChainHead;
  /** The highest head read from the topic (the publications of this process count once read back). */
  private highestRead?: ChainHead;
  /** The seq of the chain's last head on the topic, in record order: what compaction keeps. */
  private lastWritten?: number;
  /** A head published again to end the topic on it, until it (or a higher one) is read back. */
  private republished?: number;
  private pending?: ChainHead;
  private timer?: NodeJS.Timeout;
  private failing = false;
  /** The end of each partition of the topic when this process started, and how far it has read. */
  private target?: Map<number, number>;
  private readonly readTo = new Map<number, number>();
  private caughtUp = false;
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly bus: KafkaBus,
    /** This chain's name on the topic (`<service>/<collection>`). */
    readonly chain: string,
    private readonly groupId: string,
    health: HealthRegistry,
    log: LoopLog,
  ) {
    super(health, log, [AUDIT_HEADS]);
  }

  /** The furthest head read so far, caught up or not (tests and metrics). */
  head(): ChainHead | undefined {
    return this.known;
  }

  async published(): Promise<ChainHead | undefined> {
    if (!this.caughtUp)
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, CATCH_UP_WAIT_MS);
        this.waiting.add(done);
      });
    if (!this.caughtUp)
      throw new AppError(
        'UNAVAILABLE',
        { reason: 'the published heads of the audit chain are still being read' },
        { retryAfterS: 2 },
      );
    return this.known;
  }

  grew(entry: AuditEntry): void {
    if (this.pending === undefined || entry.seq > this.pending.seq) this.pending = entry;
    this.schedule(FLUSH_MS);
  }

  /**
   * Once caught up: when the chain's last head on the topic is below the highest read (published
   * out of order), publishes the highest again, unless a publication that will end the topic on it
   * or on a higher one is already under way.
   */
  private endOnHighest(): void {
    const highest = this.highestRead;
    if (!this.caughtUp || highest === undefined || this.lastWritten === undefined) return;
    if (this.lastWritten >= highest.seq || this.republished !== undefined) return;
    this.republished = highest.seq;
    if (this.pending !== undefined && this.pending.seq >= highest.seq) return;
    this.log.warn(
      `the audit heads topic ends on entry ${this.lastWritten} of ${this.chain}, below its head ${highest.seq} (published out of order): publishing ${highest.seq} again`,
    );
    this.pending = highest;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  /** Publishes the pending head; on failure keeps it and tries again later (a newer one replaces it). */
  private async flush(): Promise<void> {
    const entry = this.pending;
    if (entry === undefined) return;
    this.pending = undefined;
    const message: AuditHeadMessage = { chain: this.chain, seq: entry.seq, hash: entry.hash, at: entry.at };
    try {
      await this.bus.publish('AuditHeads', [{ key: this.chain, value: message }]);
      this.remember(message);
      if (this.failing) this.log.warn(`audit chain head published again (entry ${entry.seq})`);
      this.failing = false;
    } catch (err) {
      // An append during the attempt may have left a newer head pending: that one goes next.
      const newer = this.pending as ChainHead | undefined;
      if (newer === undefined || newer.seq < entry.seq) this.pending = entry;
      if (!this.failing)
        this.log.warn(`cannot publish the audit chain head (entry ${entry.seq}), trying again: ${String(err)}`);
      this.failing = true;
      this.schedule(RETRY_MS);
    }
  }

  private remember(head: AuditHeadMessage): void {
    if (this.known === undefined || head.seq > this.known.seq)
      this.known = { seq: head.seq, hash: head.hash, at: head.at };
  }

  protected async start(): Promise<void> {
    await this.retry('connect to kafka', AUDIT_HEADS, async () => {
      await this.bus.connect();
      await this.bus.ensureTopics();
    });
    // Caught up once every head that is on the topic now has been read.
    this.target = await this.retry('read the end of the audit heads topic', AUDIT_HEADS, () =>
      this.bus.endOffsets('AuditHeads'),
    );
    this.checkCaughtUp();
    this.consumer = await this.retry('start the audit heads consumer', AUDIT_HEADS, () =>
      this.bus.startBatchConsumer({
        groupId: this.groupId,
        topics: ['AuditHeads'],
        fromBeginning: true,
        onBatch: (b) => this.onBatch(b),
        onStatus: (up, detail) => this.health.report(AUDIT_HEADS, up, detail),
      }),
    );
  }

  private async onBatch(batch: BatchContext): Promise<void> {
    const rejected: Parameters<BatchContext['deadLetter']>[0] = [];
    for (const record of batch.records) {
      const parsed = readAuditHeadMessage(record.value);
      if (!parsed.ok) rejected.push({ record, reason: parsed.reason });
      else if (parsed.event.chain === this.chain) this.read(parsed.event);
    }
    // Our own topic: a head that breaks its contract is a bug of its writer, dead-lettered with the reason.
    if (rejected.length > 0) {
      this.log.error(`${rejected.length} malformed audit head(s) in ${batch.topic}/${batch.partition}: dead-lettered`);
      await this.retry('dead-letter malformed audit heads', AUDIT_HEADS, () => batch.deadLetter(rejected));
    }
    const last = batch.records.at(-1);
    if (last) this.readTo.set(batch.partition, Number(last.offset) + 1);
    this.checkCaughtUp();
    this.endOnHighest();
  }

  private read(head: AuditHeadMessage): void {
    this.remember(head);
    this.lastWritten = head.seq;
    if (this.highestRead === undefined || head.seq > this.highestRead.seq)
      this.highestRead = { seq: head.seq, hash: head.hash, at: head.at };
    if (this.republished !== undefined && head.seq >= this.republished) this.republished = undefined;
  }

  private checkCaughtUp(): void {
    if (this.caughtUp || this.target === undefined) return;
    for (const [partition, end] of this.target) if ((this.readTo.get(partition) ?? 0) < end) return;
    this.caughtUp = true;
    for (const done of [...this.waiting]) done();
  }

  protected async halt(): Promise<void> {
    for (const done of [...this.waiting]) done();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // The last head, once, so a clean stop leaves nothing unpublished.
    await this.flush();
    await this.consumer?.stop();
  }
}
