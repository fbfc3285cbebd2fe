import type { CaseStreamEvent } from '@thads/contracts';
import fc from 'fast-check';
import { aCase } from '../statistics/__tests__/case-events';
import { addDays, vnDayOf } from '../statistics/period';
import { cellsOf, figuresOf } from './__tests__/table';
import { CaseIntegrityPartition } from './partitions';

const M = 1_000_000;

function money(events: readonly CaseStreamEvent[], to: string, unitIds = ['U-1']) {
  const p = new CaseIntegrityPartition();
  p.apply(events);
  return figuresOf(cellsOf(p), addDays(to, -1), to, 1, unitIds).moneyAtRisk;
}

/** What a payout or a remittance looks like on the finance topic (the statistics' builder has no payouts). */
function payout(caseId: string, day: string, amount: number, n: number, voucherNo?: string): CaseStreamEvent {
  const envelope = { schemaVersion: 1, occurredAt: `${day}T15:00:00+07:00`, unitId: 'U-1', caseId } as const;
  return voucherNo === undefined
    ? { ...envelope, eventId: `${caseId}-rem-${n}`, type: 'finance.remitted', data: { amount } }
    : {
        ...envelope,
        eventId: `${caseId}-pay-${n}`,
        type: 'finance.disbursed',
        data: { voucherNo, amount, payeeId: 'P-creditor' },
      };
}

describe('money at risk: collected and not paid out within 10 days', () => {
  const c = aCase('C-1')
    .on('2025-03-01')
    .received(500 * M)
    .on('2025-03-03')
    .collected(250 * M);

  it('puts money collected on 3 March at risk from a cut-off of 14 March, not before', () => {
    expect(money(c.events, '2025-03-13')).toEqual({ amount: 0, held: 250 * M, share: 0 });
    // The last day to pay is 13 March: at the start of 14 March it is late.
    expect(money(c.events, '2025-03-14')).toEqual({ amount: 250 * M, held: 250 * M, share: 1 });
  });

  it('stops counting money paid out on the tenth day, and counts what a partial payout leaves', () => {
    expect(money([...c.events, payout('C-1', '2025-03-13', 250 * M, 1, 'PC-1')], '2025-03-20').amount).toBe(0);
    const partial = [...c.events, payout('C-1', '2025-03-12', 100 * M, 1, 'PC-1')];
    expect(money(partial, '2025-03-20')).toEqual({ amount: 150 * M, held: 150 * M, share: 1 });
    // Paid after the tenth day: at risk until the payout, not after.
    const late = [...c.events, payout('C-1', '2025-03-25', 250 * M, 1)];
    expect([money(late, '2025-03-25').amount, money(late, '2025-03-26').amount]).toEqual([250 * M, 0]);
  });

  it('matches payouts to the oldest money first: a payout of new money still leaves the old money late', () => {
    const events = [
      ...c.events,
      ...aCase('C-1')
        .on('2025-03-12')
        .collected(100 * M, 'BL-2').events,
    ];
    const paid = [...events, payout('C-1', '2025-03-13', 100 * M, 1, 'PC-1')];
    // 350 collected, 100 paid: 250 held; of the old 250, 100 is covered, 150 late.
    expect(money(paid, '2025-03-14')).toEqual({ amount: 150 * M, held: 250 * M, share: 0.6 });
  });

  it('takes a reversed receipt out of the money, and puts a reversed payout back', () => {
    const reversed = [
      ...c.events,
      ...aCase('C-1')
        .on('2025-03-05')
        .reversed('BL-C-1-1', 250 * M).events,
    ];
    expect(money(reversed, '2025-03-20')).toEqual({ amount: 0, held: 0, share: null });
    const undone = [
      ...c.events,
      payout('C-1', '2025-03-10', 250 * M, 1, 'PC-1'),
      ...aCase('C-1')
        .on('2025-03-18')
        .reversed('PC-1', 250 * M).events,
    ];
    expect([money(undone, '2025-03-18').amount, money(undone, '2025-03-19').amount]).toEqual([0, 250 * M]);
  });

  it("counts in the unit of the case's receipt, and nothing on a case never received", () => {
    expect(money(c.events, '2025-03-20', ['U-2']).amount).toBe(0);
    expect(
      money(
        aCase('C-2')
          .on('2025-03-03')
          .collected(9 * M).events,
        '2025-04-01',
      ).held,
    ).toBe(0);
  });
});

/*
 * Against a plain first-in, first-out allocation at every cut-off: collections are lots in
 * order; a reversal of a receipt empties its lot (from the later of collection and reversal for
 * the money held, of due date and reversal for the money due); payouts net of their reversals
 * fill the oldest lots first, and what is left of the lots past their tenth day is at risk.
 */
const DAYS = Array.from({ length: 30 }, (_, i) => addDays('2025-03-01', i));
const later = (a: string, b: string) => (a > b ? a : b);

function fifo(events: readonly CaseStreamEvent[], cutoff: string): { amount: number; held: number } {
  const seen = new Set<string>();
  const ordered = events
    .filter((e) => !seen.has(e.eventId) && seen.add(e.eventId))
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (a.eventId < b.eventId ? -1 : 1));
  const received = ordered.find((e) => e.type === 'case.received');
  if (!received) return { amount: 0, held: 0 };
  const day = (e: CaseStreamEvent) =>
    later(vnDayOf(Date.parse(e.occurredAt)), vnDayOf(Date.parse(received.occurredAt)));
  const lots = ordered.flatMap((e) =>
    e.type === 'finance.collected'
      ? [{ receiptNo: e.data.receiptNo, day: day(e), held: e.data.amount, due: e.data.amount }]
      : [],
  );
  const payouts = ordered.flatMap((e) =>
    e.type === 'finance.disbursed' || e.type === 'finance.remitted'
      ? [{ voucherNo: e.type === 'finance.disbursed' ? e.data.voucherNo : '', day: day(e), amount: e.data.amount }]
      : [],
  );
  let paid = payouts.reduce((n, p) => (p.day < cutoff ? n + p.amount : n), 0);
  for (const e of ordered) {
    if (e.type !== 'finance.reversed') continue;
    const lot = lots.find((l) => l.receiptNo === e.data.ref);
    const payout = payouts.find((p) => p.voucherNo === e.data.ref);
    if (lot) {
      if (later(lot.day, day(e)) < cutoff) lot.held -= e.data.amount;
      if (later(addDays(lot.day, 10), day(e)) < cutoff) lot.due -= e.data.amount;
    } else if (payout && later(payout.day, day(e)) < cutoff) paid -= e.data.amount;
  }
  const held = lots.reduce((n, l) => (l.day < cutoff ? n + l.held : n), 0) - paid;
  let left = paid;
  let amount = 0;
  for (const lot of lots) {
    if (addDays(lot.day, 10) >= cutoff) continue;
    const covered = Math.min(left, lot.due);
    left -= covered;
    amount += lot.due - covered;
  }
  return { amount, held: Math.max(0, held) };
}

describe('money at risk against a first-in, first-out allocation', () => {
  it('agrees at every cut-off on random collections, payouts and reversals, in any order and repeated', () => {
    const step = fc.record({
      kind: fc.constantFrom('collected', 'collected', 'disbursed', 'remitted', 'reverse-receipt', 'reverse-voucher'),
      day: fc.integer({ min: 0, max: 24 }),
      amount: fc.constantFrom(10, 30, 70),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 14 }), fc.integer({ min: 0, max: 5 }), (steps, receivedDay) => {
        const events: CaseStreamEvent[] = [...aCase('C-9').on(DAYS[receivedDay]!, '08:00:00').received(1000).events];
        const receipts: [string, number][] = [];
        const vouchers: [string, number][] = [];
        steps.forEach((s, i) => {
          const day = DAYS[s.day]!;
          const c = aCase('C-9').id(`e${i}`).on(day);
          if (s.kind === 'collected') {
            receipts.push([`R${i}`, s.amount]);
            events.push(...c.collected(s.amount, `R${i}`).events);
          } else if (s.kind === 'disbursed') {
            vouchers.push([`V${i}`, s.amount]);
            events.push(payout('C-9', day, s.amount, i, `V${i}`));
          } else if (s.kind === 'remitted') events.push(payout('C-9', day, s.amount, i));
          else {
            // A reversal cancels a whole receipt or voucher, once (any other ref changes nothing).
            const list = s.kind === 'reverse-receipt' ? receipts : vouchers;
            const [ref, amount] = list.splice(s.pick % Math.max(1, list.length), 1)[0] ?? ['X', s.amount];
            events.push(...c.reversed(ref, amount).events);
          }
        });
        const shuffled = [...events.slice(1), events[0]!, ...events.slice(0, 3)];
        for (const cutoff of DAYS.filter((_, i) => i % 2 === 0)) {
          const { amount, held } = money(shuffled, cutoff);
          expect({ cutoff, amount, held }).toEqual({ cutoff, ...fifo(events, cutoff) });
        }
      }),
      { numRuns: 300 },
    );
  });
});
