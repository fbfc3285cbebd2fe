import type { Collection } from 'mongodb';
import { isDuplicateKey, type Store } from '@thads/store';
import { nextEntry, verifyChain, type AuditEntry, type AuditInput, type Verification } from './chain';

type AuditDoc = AuditEntry & { _id: number };

/** How many times an append re-reads the tail after losing a race before it gives up. */
const MAX_RACES = 20;

/**
 * The audit trail in the store: an append-only hash chain, one document per entry with the
 * sequence number as its `_id`. Appends from several processes cannot fork the chain: two that
 * race for the same number collide on the `_id`, and the loser re-reads the tail and tries the
 * next number. Entries are never updated (FerretDB v1 scans a table on every update; here
 * nothing but inserts and ordered reads).
 */
export class AuditTrail {
  private tail?: AuditEntry;

  constructor(
    private readonly store: Store,
    private readonly collectionName = 'audit_trail',
  ) {}

  private get entries(): Collection<AuditDoc> {
    return this.store.collection<AuditDoc>(this.collectionName);
  }

  private async last(): Promise<AuditEntry | undefined> {
    const [doc] = await this.entries.find().sort({ _id: -1 }).limit(1).toArray();
    return doc ? strip(doc) : undefined;
  }

  async append(input: AuditInput): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt === 0 && this.tail ? this.tail : await this.last();
      const entry = nextEntry(last, input);
      try {
        await this.entries.insertOne({ _id: entry.seq, ...entry });
        this.tail = entry;
        return entry;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_RACES) throw err;
        this.tail = undefined; // someone else appended: read the real tail
      }
    }
  }

  /** Recomputes the whole chain in sequence order. */
  async verify(): Promise<Verification> {
    const docs = await this.entries.find().sort({ _id: 1 }).toArray();
    return verifyChain(docs.map(strip));
  }

  async page(from: number, limit: number): Promise<AuditEntry[]> {
    const docs = await this.entries
      .find({ _id: { $gte: from } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(strip);
  }

  /** Forgets the cached tail (after the store was reset under us, in tests). */
  forget(): void {
    this.tail = undefined;
  }
}

function strip(doc: AuditDoc): AuditEntry {
  const { _id: _ignored, ...entry } = doc;
  return entry;
}
