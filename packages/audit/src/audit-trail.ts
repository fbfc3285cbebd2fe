import type { Collection } from 'mongodb';
import { isDuplicateKey, type Store } from '@thads/store';
import {
  nextEntry,
  parseAuditKey,
  verifyChain,
  type AuditEntry,
  type AuditInput,
  type ChainKey,
  type Verification,
} from './chain';

type AuditDoc = AuditEntry & { _id: number };

/** How many times an append re-reads the tail after losing a race before it gives up. */
const MAX_RACES = 20;

export interface AuditTrailOptions {
  /** The key of the links (`ChainKey`); without it, plain SHA-256 links that anyone can recompute. */
  key?: ChainKey;
  collection?: string;
  /** Told when this process starts the keyed segment of a chain begun without a key. */
  warn?: (message: string) => void;
}

/**
 * The audit trail in the store: an append-only hash chain, one document per entry with the
 * sequence number as its `_id`, each linked to the one before by an HMAC under the audit key
 * (`ChainKey`). Appends from several processes cannot fork the chain: two that race for the
 * same number collide on the `_id`, and the loser re-reads the tail and tries the next number.
 * Entries are never updated (FerretDB v1 scans a table on every update; here nothing but
 * inserts and ordered reads).
 */
export class AuditTrail {
  private tail?: AuditEntry;
  private readonly key?: ChainKey;
  private readonly collectionName: string;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly store: Store,
    options: AuditTrailOptions = {},
  ) {
    this.key = options.key;
    this.collectionName = options.collection ?? 'audit_trail';
    this.warn = options.warn ?? (() => undefined);
  }

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
      const entry = nextEntry(last, input, this.key?.key);
      try {
        await this.entries.insertOne({ _id: entry.seq, ...entry });
        this.tail = entry;
        if (this.key && last && !last.keyed && entry.seq > this.key.from)
          this.warn(
            `the audit chain's entries 1–${last.seq} were made without the audit key; its keyed segment starts at entry ${entry.seq}: set AUDIT_KEYED_FROM=${entry.seq}, or verification fails`,
          );
        return entry;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= MAX_RACES) throw err;
        this.tail = undefined; // someone else appended: read the real tail
      }
    }
  }

  /** Recomputes the whole chain in sequence order (with the key, when this trail has one). */
  async verify(): Promise<Verification> {
    const docs = await this.entries.find().sort({ _id: 1 }).toArray();
    return verifyChain(docs.map(strip), this.key);
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

/**
 * A service's trail from its configuration: AUDIT_KEY (64 hex digits; a wrong one stops the
 * start) and AUDIT_KEYED_FROM. Without a key the chain is plain SHA-256, and `warn` says so.
 */
export function configuredAuditTrail(
  store: Store,
  config: { auditKey: string; auditKeyedFrom: number },
  warn: (message: string) => void,
): AuditTrail {
  if (!config.auditKey) {
    warn('AUDIT_KEY is not set: the audit chain is plain SHA-256, which whoever can write the store can rewrite');
    return new AuditTrail(store, { warn });
  }
  return new AuditTrail(store, { key: { key: parseAuditKey(config.auditKey), from: config.auditKeyedFrom }, warn });
}

function strip(doc: AuditDoc): AuditEntry {
  const { _id: _ignored, ...entry } = doc;
  return entry;
}
