import type { Store } from './store';
import { insertNew } from './duplicates';

/** Messages for one topic, as the bus's `publishBatch` takes them (values already JSON). */
export interface OutboxBatch<T extends string> {
  topic: T;
  messages: { key: string; value: string }[];
}

interface Pending<T extends string> {
  /** The message's own id (its `eventId`): recording it twice is one message. */
  _id: string;
  topic: T;
  key: string;
  value: string;
  recordedAt: Date;
}

/**
 * The transactional-outbox pattern without transactions (FerretDB v1 has none): a message is
 * recorded in the service's own store before it is published and deleted once the broker has
 * it, so a crash or a broker away between a change and its announcement delays the message
 * instead of losing it. `relay()` (run by the service every few seconds) publishes what an
 * earlier `send` could not. The collection only ever holds what is pending, so reading it never
 * scans history. Delivery is at least once: consumers drop a repeated id.
 */
export class Outbox<T extends string> {
  constructor(
    private readonly store: Store,
    private readonly collectionName: string,
    private readonly publishBatch: (batches: OutboxBatch<T>[]) => Promise<void>,
  ) {}

  private get pending() {
    return this.store.collection<Pending<T>>(this.collectionName);
  }

  /**
   * Records the messages, then publishes every pending message in the order recorded. Throws only if recording fails (the change they
   * announce should then be reported as failed); a failed publication is left to `relay()`.
   */
  async send(messages: { id: string; topic: T; key: string; value: object }[]): Promise<void> {
    if (messages.length === 0) return;
    const recordedAt = new Date();
    const docs = messages.map((m) => ({
      _id: m.id,
      topic: m.topic,
      key: m.key,
      value: JSON.stringify(m.value),
      recordedAt,
    }));
    await insertNew(this.pending, docs);
    try {
      // Anything still pending from before goes first, so one key's messages keep their order.
      await this.relay(0);
    } catch {
      // The broker is away or slow: the messages wait in the store for the relay.
    }
  }

  /** Publishes what is still pending and was recorded at least `minAgeMs` ago; returns how many. */
  async relay(minAgeMs = 5_000, limit = 500): Promise<number> {
    const docs = await this.pending
      .find({ recordedAt: { $lte: new Date(Date.now() - minAgeMs) } })
      .sort({ recordedAt: 1 })
      .limit(limit)
      .toArray();
    await this.publish(docs);
    return docs.length;
  }

  /** How many messages wait for the broker (for health and metrics). */
  async backlog(): Promise<number> {
    return this.pending.countDocuments();
  }

  private async publish(docs: Pending<T>[]): Promise<void> {
    if (docs.length === 0) return;
    const byTopic = new Map<T, OutboxBatch<T>>();
    for (const d of docs) {
      const batch = byTopic.get(d.topic) ?? { topic: d.topic, messages: [] };
      batch.messages.push({ key: d.key, value: d.value });
      byTopic.set(d.topic, batch);
    }
    await this.publishBatch([...byTopic.values()]);
    await this.pending.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
  }
}
