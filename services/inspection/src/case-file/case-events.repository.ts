import { MongoClient, type Collection } from 'mongodb';
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
  complaintId?: string;
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
    eventId: d._id, type: d.type, occurredAt: d.occurredAt, data: JSON.parse(d.data) as Record<string, unknown>,
    ...(d.caseId ? { caseId: d.caseId } : {}), ...(d.unitId ? { unitId: d.unitId } : {}), ...(d.actorId ? { actorId: d.actorId } : {}),
  };
}

/** The events of every case (insert-only: an event id delivered twice is stored once). */
export class CaseEventsRepository {
  private client?: MongoClient;
  private coll?: Collection<CaseEventDoc>;

  constructor(private readonly url: string, private readonly dbName: string) {}

  async connect(): Promise<void> {
    if (this.coll) return;
    this.client = await MongoClient.connect(this.url, { serverSelectionTimeoutMS: 5000, retryWrites: false });
    this.coll = this.client.db(this.dbName).collection<CaseEventDoc>('case_events');
    await this.coll.createIndex({ caseId: 1, at: 1 });
    await this.coll.createIndex({ complaintId: 1 });
  }

  private get events(): Collection<CaseEventDoc> {
    if (!this.coll) throw new Error('store not connected');
    return this.coll;
  }

  async store(events: { event: AnyEvent; at: number }[]): Promise<void> {
    if (events.length === 0) return;
    const docs: CaseEventDoc[] = events.map(({ event, at }) => {
      const e = event as AnyEvent & { caseId?: string; unitId?: string; actorId?: string };
      const data = e.data as Record<string, unknown>;
      return {
        _id: e.eventId, type: e.type, occurredAt: e.occurredAt, at, data: JSON.stringify(data),
        ...(e.caseId ? { caseId: e.caseId } : {}), ...(e.unitId ? { unitId: e.unitId } : {}), ...(e.actorId ? { actorId: e.actorId } : {}),
        ...(typeof data['againstOfficerId'] === 'string' ? { againstOfficerId: data['againstOfficerId'] } : {}),
        ...(e.type === 'complaint.received' && typeof data['complaintId'] === 'string' ? { complaintId: data['complaintId'] } : {}),
      };
    });
    try {
      await this.events.insertMany(docs, { ordered: false });
    } catch (err) {
      const e = err as { code?: unknown; writeErrors?: { code?: unknown }[] | { code?: unknown } };
      const list = e.writeErrors === undefined ? [e] : Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
      if (!list.every((w) => w.code === 11000)) throw err;
    }
  }

  /** A case's events in business-time order. */
  async timeline(caseId: string): Promise<StoredEvent[]> {
    return (await this.events.find({ caseId }).sort({ at: 1, _id: 1 }).toArray()).map(toStored);
  }

  /** The `complaint.received` of a complaint or denunciation. */
  async complaint(complaintId: string): Promise<StoredEvent | undefined> {
    const doc = await this.events.findOne({ complaintId });
    return doc ? toStored(doc) : undefined;
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
    this.coll = undefined;
  }
}
