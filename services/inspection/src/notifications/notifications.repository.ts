import type { Collection } from 'mongodb';
import { StoreClient, insertNew } from '../store/store-client';

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
export class NotificationsRepository extends StoreClient {
  private get notes(): Collection<NotificationDoc> {
    return this.collection<NotificationDoc>('notifications');
  }

  /** Stores the notifications that are new; ones sent before are left as they are. */
  send(docs: NotificationDoc[]): Promise<void> {
    return insertNew(this.notes, docs);
  }

  forUser(username: string, limit: number): Promise<NotificationDoc[]> {
    return this.notes.find({ to: username }).sort({ at: -1, _id: 1 }).limit(limit).toArray();
  }
}
