import { dayOf, startOfDay, toVnRfc3339 } from '../calendar/calendar';
import { dateEn, dateVi, vndEn, vndVi } from '../format';
import type { Rule } from '../rule';
import type { CaseState } from '../state';

const ID = 'payout-overdue';

/** Pays `amount` out of the oldest lots first; a lot paid in full no longer has a deadline. */
function consumeFifo(state: CaseState, amount: number, cancel: (key: string) => void): void {
  let left = amount;
  const lots = state.lots ?? [];
  while (left > 0 && lots.length > 0) {
    const lot = lots[0]!;
    const take = Math.min(lot.left, left);
    lot.left -= take;
    left -= take;
    if (lot.left === 0) {
      lots.shift();
      cancel(lot.eventId);
    }
  }
  if (lots.length === 0) delete state.lots;
}

/**
 * Money collected on a case and not paid out or remitted within N days (Law art. 47). Each
 * `finance.collected` is one lot and one occurrence; payouts and remittances are matched to
 * lots first in, first out. A calendar-day deadline that ends on a day off moves to the next
 * working day (DOMAIN.md). A reversed receipt takes its lot's remainder out of the reckoning.
 */
export const payoutOverdue: Rule<typeof ID> = {
  id: ID,
  on: ['finance.collected', 'finance.disbursed', 'finance.remitted', 'finance.reversed'],
  onEvent(ctx, state, { event, at }) {
    const cancel = (key: string) => ctx.cancel(state, ID, key);
    switch (event.type) {
      case 'finance.collected': {
        if (event.data.amount === 0) return;
        const { params } = ctx.config(ID, state.unitId, at);
        const lastDay = ctx.calendar.addDays(dayOf(at), params.days, true);
        (state.lots ??= []).push({
          eventId: event.eventId,
          receiptNo: event.data.receiptNo,
          at,
          amount: event.data.amount,
          left: event.data.amount,
        });
        ctx.schedule(state, {
          ruleId: ID,
          key: event.eventId,
          due: startOfDay(lastDay + 1),
          from: at,
          eventIds: [event.eventId],
        });
        return;
      }
      case 'finance.disbursed':
      case 'finance.remitted':
        consumeFifo(state, event.data.amount, cancel);
        return;
      case 'finance.reversed': {
        const lots = state.lots ?? [];
        const i = lots.findIndex((l) => l.receiptNo === event.data.ref);
        const lot = lots[i];
        if (!lot) return;
        lot.left -= Math.min(lot.left, event.data.amount);
        if (lot.left === 0) {
          lots.splice(i, 1);
          cancel(lot.eventId);
        }
        return;
      }
      default:
        return;
    }
  },
  onDeadline(ctx, state, deadline) {
    const lot = state.lots?.find((l) => l.eventId === deadline.key);
    if (!lot || lot.left === 0) return;
    const cfg = ctx.config(ID, state.unitId, deadline.from);
    const days = cfg.params.days;
    const critical = lot.left >= cfg.params.criticalFromVnd;
    const lastDay = deadline.due - 1;
    ctx.raiseOn(ID, state, deadline.from, {
      occurrence: lot.eventId,
      severity: critical ? 'critical' : cfg.severity,
      detectedAt: toVnRfc3339(deadline.due),
      title: { vi: 'Chậm chi trả tiền thi hành án', en: 'Late payout of collected money' },
      explanation: {
        vi: `Tiền thu ngày ${dateVi(lot.at)} (biên lai ${lot.receiptNo}, ${vndVi(lot.amount)}) còn ${vndVi(lot.left)} chưa chi trả sau ${days} ngày (hạn ${dateVi(lastDay)}).`,
        en: `Money collected on ${dateEn(lot.at)} (receipt ${lot.receiptNo}, ${vndEn(lot.amount)}): ${vndEn(lot.left)} not paid out after ${days} days (due ${dateEn(lastDay)}).`,
      },
      eventIds: deadline.eventIds,
      figures: {
        collectedAt: toVnRfc3339(lot.at),
        receiptNo: lot.receiptNo,
        amount: lot.amount,
        outstanding: lot.left,
        days,
        lastDay: toVnRfc3339(startOfDay(dayOf(lastDay))),
      },
    });
  },
};
