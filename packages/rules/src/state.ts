import type { RuleId } from '@thads/contracts';

/**
 * What the detector remembers about one case between events. Kept small on purpose (the target
 * is at most 500 bytes per tracked case): times are epoch ms, lists hold only open obligations.
 */
export interface CaseState {
  caseId: string;
  unitId: string;
  /** Kafka partition that holds the case on both input topics. */
  p: number;
  /**
   * 53-bit hashes of the event ids applied to this case: the same `eventId` delivered twice (a
   * redelivery, a producer retry, a replay) has no second effect. Eight bytes an event instead
   * of the id itself; two different ids of one case collide with odds of about 1 in 10^13.
   */
  ids: number[];
  receivedAt?: number;
  creditorIds?: string[];
  officerId?: string;
  /** Case is over: closed or terminated. */
  ended?: boolean;
  /** Claim of the judgment (VND), from `case.received`. */
  claim?: number;
  suspended?: boolean;
  /** Classified `unable` (chưa có điều kiện) and not since re-classified `able`. */
  unable?: boolean;
  /** A verification found no or partial assets (grounds for an `unable` classification). */
  groundsUnable?: boolean;
  /** Time of the last change of officer (not the first assignment). */
  reassignedAt?: number;
  /** Event id of the `case.assigned` that made that change: evidence of `reassignment-before-payout`. */
  reassignmentId?: string;
  /** `reassignedAt` of the change that raised `reassignment-before-payout`: one finding per change. */
  reassignmentRaised?: number;
  /** Money on the case: collected, paid out, remitted, collection reversed, payout reversed. */
  money?: { c: number; d: number; r: number; rc: number; rd: number };
  /** Hashes of receipt numbers seen, to tell a reversed receipt from a reversed voucher. */
  receipts?: number[];
  postponements?: number;
  /** Latest starting price per asset (auctions and price cuts). */
  prices?: Record<string, number>;
  /** Rules that fire at most once per case and have fired. */
  once?: string[];
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
  ruleId: RuleId;
  /** Occurrence key, unique within the case and rule (one obligation). */
  key: string;
  /** The instant at which the deadline has passed (start of the day after the last day). */
  due: number;
  /** Time of the event that started the obligation: the rule version is the one in force then. */
  from: number;
  eventIds: string[];
  /** Rule-specific figures kept with the obligation (a receipt number, an officer). */
  meta?: Record<string, string | number>;
}

/** Cases keyed by something other than a case id (a complaint that names no case). */
export function isCaselessState(state: CaseState): boolean {
  return state.caseId.startsWith(CASELESS_PREFIX);
}

export const CASELESS_PREFIX = 'caseless:';

export function newCaseState(caseId: string, unitId: string, p: number): CaseState {
  return { caseId, unitId, p, ids: [] };
}

/** cyrb53: a fast, well-mixed 53-bit string hash (fits a JS number exactly). */
export function eventKey(eventId: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < eventId.length; i += 1) {
    const ch = eventId.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
