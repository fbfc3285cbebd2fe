import { readAuditHeadMessage, type AuditHeadMessage } from '@thads/contracts';
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
  /** The furthest head of the chain this process has read, if any. */
  head(): ChainHead | undefined;
  /** The chain has grown to `entry`: to be published soon; never delays or fails the append. */
  grew(entry: AuditEntry): void;
}

/** The health component: the heads consumer (down while Kafka is away, like the service's other consumers). */
export const AUDIT_HEADS = 'audit-heads';

/** How long appends are gathered before the head is published: one message for a burst of steps. */
const FLUSH_MS = 200;
/** After a failed publication (Kafka away), when the head is tried again. */
const RETRY_MS = 2_000;

/**
 * Publishes a chain's head on `integrity.audit-heads.v1` shortly after each append, and reads the
 * topic back into memory — never into the store: a copy kept beside the chain would be rewritten
 * with it. Each process reads the whole (compacted) topic from the start in a consumer group of
 * its own (`groupId`, unique per process) and keeps the highest `seq` per chain, so a head one
 * instance published is known to its siblings and to itself after a restart.
 *
 * What it shows: entries removed from the end of the chain, or the chain rewritten below a head
 * (`verifyChain` with the head). What it cannot: a cut made before the head of the last entries
 * was published (at most `FLUSH_MS`, or while Kafka is away), or by someone who can also write the
 * topic — its ACLs must keep the store's writers out (docs/security.md).
 */
export class PublishedChainHeads extends BackgroundLoop implements ChainAnchor {
  private consumer?: BatchConsumer;
  private known?: ChainHead;
  private pending?: AuditEntry;
  private timer?: NodeJS.Timeout;
  private failing = false;

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

  head(): ChainHead | undefined {
    return this.known;
  }

  grew(entry: AuditEntry): void {
    if (this.pending === undefined || entry.seq > this.pending.seq) this.pending = entry;
    this.schedule(FLUSH_MS);
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
      const newer = this.pending as AuditEntry | undefined;
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

  private onBatch(batch: BatchContext): Promise<void> {
    for (const record of batch.records) {
      // Another chain's head, or one this reader cannot parse: not ours to judge (its writer
      // dead-letters nothing here — a head is a hint for verification, not work to be done).
      const parsed = readAuditHeadMessage(record.value);
      if (parsed.ok && parsed.event.chain === this.chain) this.remember(parsed.event);
      else if (!parsed.ok) this.log.warn(`unreadable audit head at offset ${record.offset}: ${parsed.reason}`);
    }
    return Promise.resolve();
  }

  protected async halt(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // The last head, once, so a clean stop leaves nothing unpublished.
    await this.flush();
    await this.consumer?.stop();
  }
}
