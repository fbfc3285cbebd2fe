import type { CaseStreamEvent } from '@thads/contracts';
import { eventKey, type CaseState } from './state';

/** Facts every rule may read: parties, officer, status of the case, money. Updated before the rules run. */
export function updateFacts(state: CaseState, event: CaseStreamEvent, at: number): void {
  const money = () => (state.money ??= { c: 0, d: 0, r: 0, rc: 0, rd: 0 });
  switch (event.type) {
    case 'case.received':
      state.receivedAt ??= at;
      state.creditorIds = event.data.creditorIds;
      state.claim = event.data.claimAmount;
      return;
    case 'case.assigned':
      if (state.officerId !== undefined && state.officerId !== event.data.officerId) {
        state.reassignedAt = at;
        state.reassignmentId = event.eventId;
      }
      state.officerId = event.data.officerId;
      return;
    case 'case.verified':
      if (event.data.result !== 'has_assets') state.groundsUnable = true;
      return;
    case 'case.classified':
      if (event.data.category === 'unable') state.unable = true;
      else delete state.unable;
      return;
    case 'case.suspended':
      state.suspended = true;
      return;
    case 'case.resumed':
      delete state.suspended;
      return;
    case 'case.postponed':
      state.postponements = (state.postponements ?? 0) + 1;
      return;
    case 'case.closed':
    case 'case.terminated':
      state.ended = true;
      return;
    case 'finance.collected':
      money().c += event.data.amount;
      (state.receipts ??= []).push(eventKey(event.data.receiptNo));
      return;
    case 'finance.disbursed':
      money().d += event.data.amount;
      return;
    case 'finance.remitted':
      money().r += event.data.amount;
      return;
    case 'finance.reversed':
      if (state.receipts?.includes(eventKey(event.data.ref))) money().rc += event.data.amount;
      else money().rd += event.data.amount;
      return;
    default:
      return;
  }
}

/** Money collected and not paid out, remitted or reversed. */
export function balance(state: CaseState): number {
  const m = state.money;
  return m ? m.c - m.rc - (m.d - m.rd) - m.r : 0;
}
