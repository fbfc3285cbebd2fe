import { vndEn, vndVi } from '../format';
import type { Rule } from '../rule';

const ROLE = {
  payee: { vi: 'người nhận tiền', en: 'payee' },
  winner: { vi: 'người trúng đấu giá', en: 'auction winner' },
  appraiser: { vi: 'tổ chức thẩm định giá', en: 'appraiser' },
} as const;

/**
 * `related-party` (Law on Anti-Corruption, conflict of interest): a payee, auction winner or
 * appraiser of the case is among the assigned officer's declared relations, or a payee's bank
 * account is one an officer declared as their own. Judged against the registry as the detector
 * holds it when the event is applied; one finding per offending event.
 */
export const relatedParty: Rule<'related-party'> = {
  id: 'related-party',
  on: ['finance.disbursed', 'case.auction_held', 'case.asset_valued'],
  onEvent(ctx, state, { event, at }) {
    let role: keyof typeof ROLE;
    let partyId: string | undefined;
    const accounts: string[] = [];
    switch (event.type) {
      case 'finance.disbursed':
        role = 'payee';
        partyId = event.data.payeeId;
        if (event.data.payeeAccountHash) accounts.push(event.data.payeeAccountHash);
        accounts.push(...(ctx.registry.party(partyId)?.bankAccountHashes ?? []));
        break;
      case 'case.auction_held':
        if (event.data.outcome !== 'sold') return;
        role = 'winner';
        partyId = event.data.winnerId;
        break;
      case 'case.asset_valued':
        role = 'appraiser';
        partyId = event.data.appraiserId;
        break;
      default:
        return;
    }
    if (partyId === undefined) return;
    const officer = state.officerId ? ctx.registry.officer(state.officerId) : undefined;
    const declared = officer?.relatedPartyIds.includes(partyId) ?? false;
    const owners = [...new Set(accounts.flatMap((h) => ctx.registry.officersWithAccount(h)))].sort();
    if (!declared && owners.length === 0) return;
    const amount = event.type === 'finance.disbursed' ? event.data.amount : undefined;
    const money = amount === undefined ? { vi: '', en: '' } : { vi: ` (${vndVi(amount)})`, en: ` (${vndEn(amount)})` };
    const why = declared
      ? {
          vi: `là người có quan hệ mà Chấp hành viên ${state.officerId ?? ''} đã kê khai`,
          en: `is a declared relation of officer ${state.officerId ?? ''}`,
        }
      : {
          vi: `nhận tiền vào tài khoản của cán bộ ${owners.join(', ')}`,
          en: `was paid into an account declared by officer(s) ${owners.join(', ')}`,
        };
    ctx.raiseOn(this.id, state, at, {
      occurrence: event.eventId,
      detectedAt: event.occurredAt,
      eventIds: [event.eventId],
      title: {
        vi: 'Xung đột lợi ích: người có quan hệ với cán bộ',
        en: 'Conflict of interest: party related to an officer',
      },
      explanation: {
        vi: `${ROLE[role].vi[0]!.toUpperCase()}${ROLE[role].vi.slice(1)} ${partyId}${money.vi} ${why.vi}.`,
        en: `The ${ROLE[role].en} ${partyId}${money.en} ${why.en}.`,
      },
      figures: {
        role,
        partyId,
        declaredRelation: declared,
        accountOwners: owners,
        ...(amount === undefined ? {} : { amount }),
      },
    });
  },
};
