import { MongoClient, type Collection } from 'mongodb';

export interface NotificationDoc {
  /** `<kind>:<findingId>:<recipient>`: the same reminder or escalation is never sent twice. */
  _id: string;
  to: string;
  kind: 'sla.reminder' | 'sla.escalation' | 'inspection.assigned';
  findingId: string;
  at: Date;
  text: string;
}

/** Messages to users (reminders, escalations, new assignments), insert-only. */
export class NotificationsRepository {
  private client?: MongoClient;
  private coll?: Collection<NotificationDoc>;

  constructor(private readonly url: string, private readonly dbName: string) {}

  async connect(): Promise<void> {
    if (this.coll) return;
    this.client = await MongoClient.connect(this.url, { serverSelectionTimeoutMS: 5000, retryWrites: false });
    this.coll = this.client.db(this.dbName).collection<NotificationDoc>('notifications');
  }

  private get notes(): Collection<NotificationDoc> {
    if (!this.coll) throw new Error('store not connected');
    return this.coll;
  }

  /** Stores the notifications that are new; ones sent before are left as they are. */
  async send(docs: NotificationDoc[]): Promise<void> {
    if (docs.length === 0) return;
    try {
      await this.notes.insertMany(docs, { ordered: false });
    } catch (err) {
      const e = err as { code?: unknown; writeErrors?: { code?: unknown }[] };
      const dupOnly = e.writeErrors ? e.writeErrors.every((w) => w.code === 11000) : e.code === 11000;
      if (!dupOnly) throw err;
    }
  }

  forUser(username: string, limit: number): Promise<NotificationDoc[]> {
    return this.notes.find({ to: username }).sort({ at: -1, _id: 1 }).limit(limit).toArray();
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
    this.coll = undefined;
  }
}
