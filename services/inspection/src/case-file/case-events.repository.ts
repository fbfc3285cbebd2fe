import type { Collection, Db } from 'mongodb';
import { insertNew, type Store } from '@thads/store';
import type { AnyEvent } from '@thads/contracts';

/**
 * One case or finance event as the case file keeps it. `data` is stored as JSON text: producers
 * may add fields of their own (EVENTS.md), and FerretDB v1 refuses keys with dots.
 */
export interface CaseEventDoc {
  _id: string;
  caseId?: string;
  unitId?: string;
  type: string;
  occurredAt: string;
  at: number;
  actorId?: string;
  /** The officer a complaint names (`againstOfficerId`), so an officer's complaints can be found. */
  againstOfficerId?: string;
  data: string;
}

export interface StoredEvent {
  eventId: string;
  caseId?: string;
  unitId?: string;
  type: string;
  occurredAt: string;
  actorId?: string;
  data: Record<string, unknown>;
}

function toStored(d: CaseEventDoc): StoredEvent {
  return {
    eventId: d._id,
    type: d.type,
    occurredAt: d.occurredAt,
    data: JSON.parse(d.data) as Record<string, unknown>,
    ...(d.caseId ? { caseId: d.caseId } : {}),
    ...(d.unitId ? { unitId: d.unitId } : {}),
    ...(d.actorId ? { actorId: d.actorId } : {}),
  };
}

/** FNV-1a of a string: which bucket a case's events live in (stable across processes and versions). */
export function bucketOf(key: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

export interface ComplaintDoc {
  /** The complaint id. */
  _id: string;
  eventId: string;
  caseId?: string;
  unitId?: string;
  occurredAt: string;
  actorId?: string;
  data: string;
}

/**
 * The events of every case, insert-only (an event id delivered twice is stored once), spread
 * over `buckets` collections by case (`case_events_<n>`): FerretDB v1 answers a query on any
 * field but `_id` by reading the whole collection (ADR 0005), so a case's timeline reads one
 * bucket — about 1/64 of the events — instead of all of them. Complaints are also kept by
 * their id (`complaints`), for the denouncer lookup.
 */
export class CaseEventsRepository {
  constructor(
    private readonly db: Store,
    private readonly buckets = 64,
  ) {
    // The same queries use these indexes on MongoDB.
    db.onConnect(async (conn: Db) => {
      for (let b = 0; b < this.buckets; b += 1)
        await conn.collection(this.bucketName(b)).createIndex({ caseId: 1, at: 1 });
    });
  }

  private bucketName(b: number): string {
    return `case_events_${String(b).padStart(2, '0')}`;
  }

  private bucket(key: string): Collection<CaseEventDoc> {
    return this.db.collection<CaseEventDoc>(this.bucketName(bucketOf(key, this.buckets)));
  }

  private get complaints(): Collection<ComplaintDoc> {
    return this.db.collection<ComplaintDoc>('complaints');
  }

  async store(events: { event: AnyEvent; at: number }[]): Promise<void> {
    if (events.length === 0) return;
    const byBucket = new Map<string, CaseEventDoc[]>();
    const complaints: ComplaintDoc[] = [];
    for (const { event, at } of events) {
      const e = event as AnyEvent & { caseId?: string; unitId?: string; actorId?: string };
      const data = e.data as Record<string, unknown>;
      const doc: CaseEventDoc = {
        _id: e.eventId,
        type: e.type,
        occurredAt: e.occurredAt,
        at,
        data: JSON.stringify(data),
        ...(e.caseId ? { caseId: e.caseId } : {}),
        ...(e.unitId ? { unitId: e.unitId } : {}),
        ...(e.actorId ? { actorId: e.actorId } : {}),
        ...(typeof data['againstOfficerId'] === 'string' ? { againstOfficerId: data['againstOfficerId'] } : {}),
      };
      if (e.type === 'complaint.received' && typeof data['complaintId'] === 'string') {
        complaints.push({
          _id: data['complaintId'],
          eventId: e.eventId,
          occurredAt: e.occurredAt,
          data: doc.data,
          ...(e.caseId ? { caseId: e.caseId } : {}),
          ...(e.unitId ? { unitId: e.unitId } : {}),
          ...(e.actorId ? { actorId: e.actorId } : {}),
        });
      }
      const name = this.bucketName(bucketOf(e.caseId ?? doc.againstOfficerId ?? e.eventId, this.buckets));
      const list = byBucket.get(name) ?? [];
      list.push(doc);
      byBucket.set(name, list);
    }
    const db = this.db.db;
    // A few inserts at a time: the store's connection pool is shared with the rest of the service.
    const work = [...byBucket];
    await Promise.all(
      Array.from({ length: Math.min(8, work.length) }, async () => {
        for (let next = work.pop(); next; next = work.pop())
          await insertNew(db.collection<CaseEventDoc>(next[0]), next[1]);
      }),
    );
    await insertNew(this.complaints, complaints);
  }

  /** A case's events in business-time order. */
  async timeline(caseId: string): Promise<StoredEvent[]> {
    return (await this.bucket(caseId).find({ caseId }).sort({ at: 1, _id: 1 }).toArray()).map(toStored);
  }

  /** The `complaint.received` of a complaint or denunciation. */
  async complaint(complaintId: string): Promise<StoredEvent | undefined> {
    const doc = await this.complaints.findOne({ _id: complaintId });
    return doc ? toStored({ ...doc, _id: doc.eventId, type: 'complaint.received', at: 0 }) : undefined;
  }
}
