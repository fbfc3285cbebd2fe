import { parseRfc3339, type CaseStreamEvent } from '@thads/contracts';
import { compareStamps, type Stamp } from '../statistics/case-record';
import { addDays, vnDayOf, type VnDay } from '../statistics/period';
import type { IntegrityCell } from './cells';

/** Collected money is paid out within 10 days of collection (Law art. 47; DOMAIN.md, Money). */
export const PAYOUT_DAYS = 10;

/**
 * One case's money, folded from its events on both topics (co-partitioned by case). The fold
 * is commutative and idempotent, as the statistics' case record: lists kept sorted by stamp,
 * repeated event ids dropped, the earliest `case.received` deciding the unit.
 */
export interface MoneyRecord {
  readonly kind: 'case';
  readonly caseId: string;
  readonly received?: Stamp & { readonly unitId: string };
  readonly collections: readonly (Stamp & { readonly receiptNo: string; readonly amount: number })[];
  /** `finance.disbursed` (with its voucher) and `finance.remitted`: money that left the holding account. */
  readonly payouts: readonly (Stamp & { readonly voucherNo?: string; readonly amount: number })[];
  readonly reversals: readonly (Stamp & { readonly ref: string; readonly amount: number })[];
}

export function emptyMoneyRecord(caseId: string): MoneyRecord {
  return { kind: 'case', caseId, collections: [], payouts: [], reversals: [] };
}

export const MONEY_EVENT_TYPES: ReadonlySet<string> = new Set([
  'case.received',
  'finance.collected',
  'finance.disbursed',
  'finance.remitted',
  'finance.reversed',
]);

/** Folds one event into its case's money; returns the same record when nothing changes. */
export function foldMoneyEvent(record: MoneyRecord, event: CaseStreamEvent): MoneyRecord {
  const at = parseRfc3339(event.occurredAt);
  if (Number.isNaN(at) || event.caseId !== record.caseId) return record;
  const stamp: Stamp = { eventId: event.eventId, at };
  switch (event.type) {
    case 'case.received': {
      const current = record.received;
      if (current !== undefined && (current.eventId === stamp.eventId || compareStamps(stamp, current) >= 0))
        return record;
      return { ...record, received: { ...stamp, unitId: event.unitId } };
    }
    case 'finance.collected':
      return withItem(record, 'collections', { ...stamp, receiptNo: event.data.receiptNo, amount: event.data.amount });
    case 'finance.disbursed':
      return withItem(record, 'payouts', { ...stamp, voucherNo: event.data.voucherNo, amount: event.data.amount });
    case 'finance.remitted':
      return withItem(record, 'payouts', { ...stamp, amount: event.data.amount });
    case 'finance.reversed':
      return withItem(record, 'reversals', { ...stamp, ref: event.data.ref, amount: event.data.amount });
    default:
      return record;
  }
}

type ListField = 'collections' | 'payouts' | 'reversals';

function withItem<F extends ListField>(record: MoneyRecord, field: F, item: MoneyRecord[F][number]): MoneyRecord {
  const list: readonly Stamp[] = record[field];
  if (list.some((x) => x.eventId === item.eventId)) return record;
  return { ...record, [field]: [...list, item].sort(compareStamps) };
}

/*
 * Money held and money at risk at a cut-off T (the first instant of a Vietnam day), per case:
 *
 *   held(T)   = max(0, collected before T − paid out before T)
 *   atRisk(T) = max(0, collected on a day D with D + 10 < T − paid out before T)
 *
 * "Paid out" is `finance.disbursed` plus `finance.remitted`. Payouts are matched to collections
 * first in, first out (as the detector's payout-overdue rule does), so whatever was paid before
 * T covers the oldest money first, and what stays at risk is the old money the payouts did not
 * reach: a collection of 3 March is due by the end of 13 March (counting starts the day after)
 * and at risk from a cut-off of 14 March on, unless paid by then.
 *
 * A `finance.reversed` whose ref is a receipt of the case cancels that collection from the
 * reversal on (never before the money was collected, or became due); one whose ref is a payout
 * voucher undoes the payout from the reversal on; any other ref changes nothing. Events dated
 * before the case's receipt count at the receipt (as the statistics do), and a case without a
 * `case.received` has no unit, hence no figures.
 *
 * Both are step functions of the cut-off day. A cell on day x is a step that counts for every
 * cut-off after x, so the figure at T is the sum of the cells on the days before T. The floor at
 * 0 is taken per case, on the case's own running balance, before the steps are summed.
 */
export function moneyContributions(record: MoneyRecord): IntegrityCell[] {
  const received = record.received;
  if (received === undefined) return [];
  const day = (at: number) => vnDayOf(Math.max(at, received.at));
  const held: [VnDay, number][] = [];
  const atRisk: [VnDay, number][] = [];
  for (const c of record.collections) {
    held.push([day(c.at), c.amount]);
    atRisk.push([addDays(day(c.at), PAYOUT_DAYS), c.amount]);
  }
  for (const p of record.payouts) {
    held.push([day(p.at), -p.amount]);
    atRisk.push([day(p.at), -p.amount]);
  }
  for (const v of record.reversals) {
    const r = day(v.at);
    const lot = record.collections.find((c) => c.receiptNo === v.ref);
    if (lot !== undefined) {
      const d = day(lot.at);
      held.push([max(d, r), -v.amount]);
      atRisk.push([max(addDays(d, PAYOUT_DAYS), r), -v.amount]);
      continue;
    }
    const payout = record.payouts.find((p) => p.voucherNo === v.ref);
    if (payout !== undefined) {
      const q = max(day(payout.at), r);
      held.push([q, v.amount]);
      atRisk.push([q, v.amount]);
    }
  }
  const cell = { unitId: received.unitId, dims: [] } as const;
  return [
    ...floorSteps(held).map(([d, value]) => ({ ...cell, key: 'moneyHeld' as const, day: d, value })),
    ...floorSteps(atRisk).map(([d, value]) => ({ ...cell, key: 'moneyAtRisk' as const, day: d, value })),
  ];
}

const max = (a: VnDay, b: VnDay): VnDay => (a > b ? a : b);

/** The steps of max(0, running sum of `moves`), one per day on which it changes. */
function floorSteps(moves: readonly [VnDay, number][]): [VnDay, number][] {
  const byDay = new Map<VnDay, number>();
  for (const [d, amount] of moves) byDay.set(d, (byDay.get(d) ?? 0) + amount);
  const out: [VnDay, number][] = [];
  let balance = 0;
  let floored = 0;
  for (const d of [...byDay.keys()].sort()) {
    balance += byDay.get(d) ?? 0;
    const next = Math.max(0, balance);
    if (next !== floored) out.push([d, next - floored]);
    floored = next;
  }
  return out;
}
