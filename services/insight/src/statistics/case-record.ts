import { parseRfc3339, type CaseStreamEvent } from '@thads/contracts';

/** The events the statistics read; every other event leaves a case record as it is. */
export const STATISTICS_EVENT_TYPES = [
  'case.received',
  'case.classified',
  'case.closed',
  'case.terminated',
  'finance.collected',
  'finance.reversed',
] as const satisfies readonly CaseStreamEvent['type'][];

/** Where an event sits in its case's order: by occurredAt (epoch ms), then eventId (see reference.ts, 1). */
export interface Stamp {
  readonly eventId: string;
  readonly at: number;
}

/**
 * Everything the statistics need about one case, folded from its events on both topics.
 *
 * The fold is commutative and idempotent: the same events in any order, with any of them
 * delivered twice, give deep-equal records. The case and finance topics are not ordered
 * against each other and a redelivery must have no second effect, so the service can fold
 * each event as it comes and never replay a case. Plain JSON, so the record is stored as is;
 * lists are kept sorted by stamp, so a set of events has exactly one record.
 */
export interface CaseRecord {
  readonly caseId: string;
  /** The earliest `case.received`: it alone decides the unit, the time and the claim (reference.ts, 3). */
  readonly received?: Stamp & { readonly unitId: string; readonly claimAmount: number };
  /** The earliest `case.closed` or `case.terminated`; whether it returned the case is all that matters. */
  readonly end?: Stamp & { readonly returned: boolean };
  /**
   * Classifications made before the end. One at or after the end can never count again: an
   * end only moves earlier as events arrive, so it is dropped.
   */
  readonly classifications: readonly (Stamp & { readonly unable: boolean })[];
  readonly collections: readonly (Stamp & { readonly receiptNo: string; readonly amount: number })[];
  /**
   * Every reversal, matching or not: the receipt it names may still be on its way on the
   * other topic. Which ones count is decided when the figures are derived.
   */
  readonly reversals: readonly (Stamp & { readonly ref: string; readonly amount: number })[];
}

export function emptyCaseRecord(caseId: string): CaseRecord {
  return { caseId, classifications: [], collections: [], reversals: [] };
}

/**
 * Folds one event into its case's record. Returns the same object when the event changes
 * nothing (a duplicate, a later receipt or closure, an event the statistics do not read), so
 * the caller can skip the write.
 */
export function foldCaseEvent(record: CaseRecord, event: CaseStreamEvent): CaseRecord {
  if (event.caseId !== record.caseId) {
    throw new Error(`event ${event.eventId} of case ${String(event.caseId)} folded into case ${record.caseId}`);
  }
  const at = parseRfc3339(event.occurredAt);
  if (Number.isNaN(at)) return record;
  const stamp: Stamp = { eventId: event.eventId, at };
  switch (event.type) {
    case 'case.received':
      if (!isEarlier(stamp, record.received)) return record;
      return { ...record, received: { ...stamp, unitId: event.unitId, claimAmount: event.data.claimAmount } };
    case 'case.closed':
    case 'case.terminated': {
      if (!isEarlier(stamp, record.end)) return record;
      const returned = event.type === 'case.closed' && event.data.result === 'returned';
      return {
        ...record,
        end: { ...stamp, returned },
        classifications: record.classifications.filter((c) => c.at < at),
      };
    }
    case 'case.classified':
      if (record.end !== undefined && at >= record.end.at) return record;
      return withItem(record, 'classifications', { ...stamp, unable: event.data.category === 'unable' });
    case 'finance.collected':
      return withItem(record, 'collections', { ...stamp, receiptNo: event.data.receiptNo, amount: event.data.amount });
    case 'finance.reversed':
      return withItem(record, 'reversals', { ...stamp, ref: event.data.ref, amount: event.data.amount });
    default:
      return record;
  }
}

export function compareStamps(a: Stamp, b: Stamp): number {
  return a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/** True when `stamp` comes before `current` (or there is none); the same event again is never earlier. */
function isEarlier(stamp: Stamp, current: Stamp | undefined): boolean {
  return current === undefined || (stamp.eventId !== current.eventId && compareStamps(stamp, current) < 0);
}

type ListField = 'classifications' | 'collections' | 'reversals';

function withItem<F extends ListField>(record: CaseRecord, field: F, item: CaseRecord[F][number]): CaseRecord {
  const list: readonly Stamp[] = record[field];
  if (list.some((x) => x.eventId === item.eventId)) return record;
  return { ...record, [field]: [...list, item].sort(compareStamps) };
}
