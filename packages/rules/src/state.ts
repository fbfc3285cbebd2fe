/**
 * What the detector remembers about one case between events. Kept small on purpose (the target
 * is at most 500 bytes per tracked case): times are epoch ms, lists hold only open obligations.
 */
export interface CaseState {
  caseId: string;
  unitId: string;
  /** Kafka partition that holds the case on both input topics. */
  p: number;
  /** Highest offset applied from each topic: a redelivered event at or below it is skipped. */
  applied: { c: number; f: number };
  receivedAt?: number;
  creditorIds?: string[];
  officerId?: string;
  /** Case is over: closed or terminated. */
  ended?: boolean;
  /** Latest valuation per asset: [value, eventId]. */
  valuations?: Record<string, [number, string]>;
  /** Money collected and not yet paid out, first in first out. */
  lots?: Lot[];
  /** Open deadlines, each an obligation that some later event fulfils. */
  deadlines?: Deadline[];
}

export interface Lot {
  eventId: string;
  receiptNo: string;
  at: number;
  amount: number;
  /** Amount of this lot still to be paid out or remitted. */
  left: number;
}

export interface Deadline {
  ruleId: string;
  /** Occurrence key, unique within the case and rule (one obligation). */
  key: string;
  /** The instant at which the deadline has passed (start of the day after the last day). */
  due: number;
  /** Time of the event that started the obligation: the rule version is the one in force then. */
  from: number;
  eventIds: string[];
}

export function newCaseState(caseId: string, unitId: string, p: number): CaseState {
  return { caseId, unitId, p, applied: { c: -1, f: -1 } };
}
