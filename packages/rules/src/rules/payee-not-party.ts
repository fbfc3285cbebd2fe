import { vndEn, vndVi } from '../format';
import type { Rule } from '../rule';

const ID = 'payee-not-party';

/**
 * A payout to someone who is not among the case's creditors (Law art. 47). Judged only once
 * the case's `case.received` (which names the creditors) has been seen: without it there is no
 * list to compare with, and guessing would raise false alarms on critical severity.
 */
export const payeeNotParty: Rule<typeof ID> = {
  id: ID,
  on: ['finance.disbursed'],
  onEvent(ctx, state, { event, at }) {
    if (event.type !== 'finance.disbursed' || !state.creditorIds) return;
    const { payeeId, amount, voucherNo } = event.data;
    if (state.creditorIds.includes(payeeId)) return;
    ctx.raiseOn(ID, state, at, {
      occurrence: event.eventId,
      detectedAt: event.occurredAt,
      title: {
        vi: 'Chi trả cho người không phải người được thi hành án',
        en: 'Payout to a person who is not a creditor',
      },
      explanation: {
        vi: `Phiếu chi ${voucherNo} chi ${vndVi(amount)} cho ${payeeId}, không thuộc danh sách người được thi hành án (${state.creditorIds.join(', ')}).`,
        en: `Voucher ${voucherNo} paid ${vndEn(amount)} to ${payeeId}, who is not among the case's creditors (${state.creditorIds.join(', ')}).`,
      },
      eventIds: [event.eventId],
      figures: { payeeId, amount, voucherNo, creditorIds: state.creditorIds },
    });
  },
};
