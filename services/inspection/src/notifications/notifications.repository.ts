import type { Collection } from 'mongodb';
import { insertNew, type Store } from '@thads/store';

/**
 * What a user is told, as a code and its parameters (never a sentence: the console words it in
 * the user's language; the API also gives both wordings, from `NOTICES`).
 */
export const NOTICES = {
  'inspection.assigned': {
    vi: 'Phát hiện {findingId} ({ruleId}, {severity}) được giao cho bạn kiểm tra, hạn {dueAt}',
    en: 'Finding {findingId} ({ruleId}, {severity}) is yours to inspect, due {dueAt}',
  },
  'inspection.joined': {
    vi: 'Phát hiện {findingId} ({ruleId}) được gộp vào cuộc kiểm tra {inspectionId} của bạn (cùng {on})',
    en: 'Finding {findingId} ({ruleId}) joined your inspection {inspectionId} (same {on})',
  },
  'inspection.reassigned': {
    vi: 'Cuộc kiểm tra {findingId} ({ruleId}) được giao lại cho bạn: {reason}',
    en: 'Inspection {findingId} ({ruleId}) was reassigned to you: {reason}',
  },
  'sla.reminder': {
    vi: 'Cuộc kiểm tra phát hiện {findingId} ({ruleId}) đến hạn {dueAt}',
    en: 'Inspection of finding {findingId} ({ruleId}) is due {dueAt}',
  },
  'sla.escalation': {
    vi: 'Cuộc kiểm tra phát hiện {findingId} ({ruleId}, {severity}) đã quá hạn {dueAt}; người kiểm tra: {assignee}',
    en: 'Inspection of finding {findingId} ({ruleId}, {severity}) is past its due date {dueAt}; inspector: {assignee}',
  },
} as const;

export type NoticeKind = keyof typeof NOTICES;

export interface NotificationDoc {
  /** `<kind>:<findingId>:<recipient>`: the same reminder or escalation is never sent twice. */
  _id: string;
  to: string;
  kind: NoticeKind;
  findingId: string;
  at: Date;
  params: Record<string, string>;
}

export interface NotificationView {
  id: string;
  kind: NoticeKind;
  findingId: string;
  at: string;
  params: Record<string, string>;
  message: { vi: string; en: string };
}

function render(kind: NoticeKind, params: Record<string, string>): { vi: string; en: string } {
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
  return { vi: fill(NOTICES[kind].vi), en: fill(NOTICES[kind].en) };
}

/** Messages to users (reminders, escalations, new assignments), insert-only. */
export class NotificationsRepository {
  constructor(private readonly store: Store) {}

  private get notes(): Collection<NotificationDoc> {
    return this.store.collection<NotificationDoc>('notifications');
  }

  /** Stores the notifications that are new; ones sent before are left as they are. */
  send(docs: NotificationDoc[]): Promise<void> {
    return insertNew(this.notes, docs);
  }

  async forUser(username: string, limit: number): Promise<NotificationView[]> {
    const docs = await this.notes.find({ to: username }).sort({ at: -1, _id: 1 }).limit(limit).toArray();
    return docs.map((d) => ({
      id: d._id,
      kind: d.kind,
      findingId: d.findingId,
      at: d.at.toISOString(),
      params: d.params,
      message: render(d.kind, d.params),
    }));
  }
}
