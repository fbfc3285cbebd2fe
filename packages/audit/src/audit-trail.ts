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
import type { ChainAnchor } from './chain-heads';

type AuditDoc = AuditEntry & { _id: number };

/** How many times an append re-reads the tail after losing a race before it gives up. */
const MAX_RACES = 20;

export interface AuditTrailOptions {
  /** The key of the links (`ChainKey`); without it, plain SHA-256 links that anyone can recompute. */
  key?: ChainKey;
  collection?: string;
  /** Told when this process starts the keyed segment of a chain begun without a key. */
  warn?: (message: string) => void;
  /** Where the chain's head is published and read back (`PublishedChainHeads`): shows a chain cut at its end. */
  anchor?: ChainAnchor;
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
  private readonly anchor?: ChainAnchor;

  constructor(
    private readonly store: Store,
    options: AuditTrailOptions = {},
  ) {
    this.key = options.key;
    this.collectionName = options.collection ?? 'audit_trail';
    this.warn = options.warn ?? (() => undefined);
    this.anchor = options.anchor;
  }

  private get entries(): Collection<AuditDoc> {
    return this.store.collection<AuditDoc>(this.collectionName);
  }

  private async last(): Promise<AuditEntry | undefined> {
    const [doc] = await this.entries.find().sort({ _id: -1 }).limit(1).toArray();
    return doc ? strip(doc) : undefined;
  }

  async append(input: AuditInput): Promise<AuditEntry> {
    return this.appendUnless(input);
  }

  /**
   * Appends the entry of a step that may run more than once (a retried job, an outbox relay beside
   * the step's own flush), once: `entryId` goes into the entry (`after.entryId`, covered by its
   * link) and an entry already carrying it is returned instead of a second one. Safe between
   * processes: each attempt reads the tail first and only then looks the id up, so a process that
   * appended the same id meanwhile either shows in the lookup or took the sequence number this
   * one aims at — the insert collides, and the next attempt finds it.
   */
  async appendOnce(entryId: string, input: AuditInput): Promise<AuditEntry> {
    return this.appendUnless({ ...input, after: { ...asObject(input.after), entryId } }, entryId);
  }

  /** The entry recorded under `entryId` (by `appendOnce`), if any. */
  async lookup(entryId: string): Promise<AuditEntry | undefined> {
    const doc = await this.entries.findOne({ 'after.entryId': entryId } as never);
    return doc ? strip(doc) : undefined;
  }

  private async appendUnless(input: AuditInput, entryId?: string): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt += 1) {
      // With an id, the tail is read from the store every time: the lookup below must come after it.
      const last = attempt === 0 && this.tail && entryId === undefined ? this.tail : await this.last();
      if (entryId !== undefined) {
        const recorded = await this.lookup(entryId);
        if (recorded) return recorded;
      }
      const entry = nextEntry(last, input, this.key?.key);
      try {
        await this.entries.insertOne({ _id: entry.seq, ...entry });
        this.tail = entry;
        this.anchor?.grew(entry);
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

  /**
   * Recomputes the whole chain in sequence order (with the key, when this trail has one), and
   * holds it against the furthest head published for it, when it has an anchor.
   */
  async verify(): Promise<Verification> {
    const head = await this.anchor?.published();
    const docs = await this.entries.find().sort({ _id: 1 }).toArray();
    return verifyChain(docs.map(strip), this.key, head);
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
  anchor?: ChainAnchor,
): AuditTrail {
  const anchored = anchor ? { anchor } : {};
  if (!config.auditKey) {
    warn('AUDIT_KEY is not set: the audit chain is plain SHA-256, which whoever can write the store can rewrite');
    return new AuditTrail(store, { warn, ...anchored });
  }
  return new AuditTrail(store, {
    key: { key: parseAuditKey(config.auditKey), from: config.auditKeyedFrom },
    warn,
    ...anchored,
  });
}

function strip(doc: AuditDoc): AuditEntry {
  const { _id: _ignored, ...entry } = doc;
  return entry;
}

/** `after` as an object to add the entry id to: a value that is not one is kept under `value`. */
function asObject(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}
