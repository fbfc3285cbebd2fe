import type { RuleId } from '@thads/contracts';
import { dayOf, startOfDay, toVnRfc3339 } from '../calendar/calendar';
import { balance } from '../facts';
import { dateEn, dateVi, vndEn, vndVi } from '../format';
import type { Rule } from '../rule';
import type { CaseState } from '../state';

function fireOnce(state: CaseState, ruleId: RuleId): boolean {
  if (state.once?.includes(ruleId)) return false;
  (state.once ??= []).push(ruleId);
  return true;
}

/**
 * `cash-not-deposited` (custody-account rules): cash collected must be named in a
 * `finance.deposited` by the end of the next working day.
 */
export const cashNotDeposited: Rule<'cash-not-deposited'> = {
  id: 'cash-not-deposited',
  on: ['finance.collected', 'finance.deposited'],
  onEvent(ctx, state, { event, at }) {
    if (event.type === 'finance.deposited') {
      for (const receiptNo of event.data.receiptNos) ctx.cancel(state, this.id, receiptNo);
      return;
    }
    if (event.type !== 'finance.collected' || event.data.method !== 'cash') return;
    const wd = ctx.config(this.id, state.unitId, at).params.workingDays;
    const lastDay = ctx.calendar.addWorkingDays(dayOf(at), wd);
    ctx.schedule(state, {
      ruleId: this.id,
      key: event.data.receiptNo,
      due: startOfDay(lastDay + 1),
      from: at,
      eventIds: [event.eventId],
      meta: { amount: event.data.amount },
    });
  },
  onDeadline(ctx, state, d) {
    const amount = Number(d.meta?.['amount'] ?? 0);
    ctx.raiseOn(this.id, state, d.from, {
      occurrence: `receipt:${d.key}`,
      detectedAt: toVnRfc3339(d.due),
      eventIds: d.eventIds,
      title: { vi: 'Tiền mặt thu chưa gửi vào tài khoản tạm giữ', en: 'Cash collected not deposited' },
      explanation: {
        vi: `Tiền mặt thu ngày ${dateVi(d.from)} (biên lai ${d.key}, ${vndVi(amount)}) chưa gửi vào tài khoản tạm giữ đến hết ngày ${dateVi(d.due - 1)}.`,
        en: `Cash collected on ${dateEn(d.from)} (receipt ${d.key}, ${vndEn(amount)}) not deposited in the holding account by the end of ${dateEn(d.due - 1)}.`,
      },
      figures: {
        receiptNo: d.key,
        amount,
        collectedAt: toVnRfc3339(d.from),
        lastDay: toVnRfc3339(startOfDay(dayOf(d.due - 1))),
      },
    });
  },
};

/** `over-disbursement` (Law art. 47): paid out and remitted exceed collected, net of reversals. Once per case. */
export const overDisbursement: Rule<'over-disbursement'> = {
  id: 'over-disbursement',
  on: ['finance.disbursed', 'finance.remitted', 'finance.reversed'],
  onEvent(ctx, state, { event, at }) {
    const tolerance = ctx.config(this.id, state.unitId, at).params.toleranceVnd;
    const m = state.money;
    if (!m) return;
    const collected = m.c - m.rc;
    const out = m.d - m.rd + m.r;
    if (out - collected <= tolerance || !fireOnce(state, this.id)) return;
    ctx.raiseOn(this.id, state, at, {
      occurrence: 'case',
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: { vi: 'Chi vượt số tiền đã thu', en: 'Paid out more than collected' },
      explanation: {
        vi: `Đã chi trả và nộp ngân sách ${vndVi(out)}, vượt số tiền đã thu ${vndVi(collected)} (chênh ${vndVi(out - collected)}).`,
        en: `Paid out and remitted ${vndEn(out)}, more than the ${vndEn(collected)} collected (excess ${vndEn(out - collected)}).`,
      },
      figures: { collected, paidOut: m.d - m.rd, remitted: m.r, excess: out - collected },
    });
  },
};

/** `closed-with-undisbursed-funds` (Law art. 47, 52): closed while money collected on it is still held. Once per case. */
export const closedWithUndisbursedFunds: Rule<'closed-with-undisbursed-funds'> = {
  id: 'closed-with-undisbursed-funds',
  on: ['case.closed'],
  onEvent(ctx, state, { event, at }) {
    const held = balance(state);
    const tolerance = ctx.config(this.id, state.unitId, at).params.toleranceVnd;
    if (held <= tolerance || !fireOnce(state, this.id)) return;
    ctx.raiseOn(this.id, state, at, {
      occurrence: 'case',
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: { vi: 'Kết thúc thi hành án khi còn tiền chưa chi trả', en: 'Case closed with money not paid out' },
      explanation: {
        vi: `Việc kết thúc ngày ${dateVi(at)} khi còn ${vndVi(held)} đã thu chưa chi trả hoặc nộp ngân sách.`,
        en: `Case closed on ${dateEn(at)} with ${vndEn(held)} collected and not paid out or remitted.`,
      },
      figures: { balance: held, result: event.type === 'case.closed' ? event.data.result : undefined },
    });
  },
};

/** `fee-waiver-without-grounds` (enforcement-fee rules): a waived fee with no reason code. Once per case. */
export const feeWaiverWithoutGrounds: Rule<'fee-waiver-without-grounds'> = {
  id: 'fee-waiver-without-grounds',
  on: ['finance.fee_assessed'],
  onEvent(ctx, state, { event, at }) {
    if (event.type !== 'finance.fee_assessed' || !event.data.waived || event.data.waiverReasonCode) return;
    if (!fireOnce(state, this.id)) return;
    ctx.raiseOn(this.id, state, at, {
      occurrence: 'case',
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: { vi: 'Miễn phí thi hành án không có căn cứ', en: 'Enforcement fee waived without grounds' },
      explanation: {
        vi: `Phí thi hành án ${vndVi(event.data.amount)} được miễn ngày ${dateVi(at)} mà không ghi lý do miễn.`,
        en: `An enforcement fee of ${vndEn(event.data.amount)} was waived on ${dateEn(at)} with no waiver reason.`,
      },
      figures: { amount: event.data.amount },
    });
  },
};
