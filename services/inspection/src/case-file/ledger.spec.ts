import { ledgerOf, type MoneyEvent } from './ledger';

const ev = (eventId: string, day: string, type: string, data: Record<string, unknown>): MoneyEvent => ({
  eventId,
  type,
  occurredAt: `2025-03-${day}T09:00:00+07:00`,
  data,
});

describe('money ledger of a case', () => {
  it('adds up collections, deposits, payouts, remittances, reversals and fees, with the money held after each line', () => {
    const l = ledgerOf([
      ev('e5', '10', 'finance.disbursed', { voucherNo: 'PC-1', amount: 60_000_000, payeeId: 'P1' }),
      ev('e1', '03', 'finance.collected', { receiptNo: 'BL-1', amount: 100_000_000, method: 'cash', payerId: 'D1' }),
      ev('e2', '04', 'finance.collected', { receiptNo: 'BL-2', amount: 20_000_000, method: 'cash', payerId: 'D1' }),
      ev('e3', '04', 'finance.deposited', { amount: 100_000_000, receiptNos: ['BL-1'] }),
      ev('e4', '05', 'finance.fee_assessed', { amount: 3_000_000, waived: false }),
      ev('e6', '11', 'finance.reversed', { ref: 'PC-1', amount: 10_000_000, reason: 'wrong amount' }),
      ev('e7', '12', 'finance.remitted', { amount: 3_000_000 }),
      ev('e8', '13', 'finance.reversed', { ref: 'BL-2', amount: 20_000_000, reason: 'duplicate receipt' }),
    ]);
    expect(l).toMatchObject({
      collected: 120_000_000,
      deposited: 100_000_000,
      disbursed: 60_000_000,
      remitted: 3_000_000,
      reversedReceipts: 20_000_000,
      reversedPayouts: 10_000_000,
      feesAssessed: 3_000_000,
      feesWaived: 0,
      balance: 120_000_000 - 20_000_000 - (60_000_000 - 10_000_000) - 3_000_000,
      cashNotDeposited: 0,
    });
    expect(l.lines.map((x) => [x.eventId, x.change, x.held])).toEqual([
      ['e1', 100_000_000, 100_000_000],
      ['e2', 20_000_000, 120_000_000],
      ['e3', 0, 120_000_000],
      ['e4', 0, 120_000_000],
      ['e5', -60_000_000, 60_000_000],
      ['e6', 10_000_000, 70_000_000],
      ['e7', -3_000_000, 67_000_000],
      ['e8', -20_000_000, 47_000_000],
    ]);
  });

  it('shows cash that no deposit names, and waived fees apart', () => {
    const l = ledgerOf([
      ev('a', '03', 'finance.collected', { receiptNo: 'BL-9', amount: 7_000_000, method: 'cash', payerId: 'D' }),
      ev('b', '03', 'finance.collected', { receiptNo: 'BL-10', amount: 5_000_000, method: 'transfer', payerId: 'D' }),
      ev('c', '04', 'finance.fee_assessed', { amount: 400_000, waived: true }),
    ]);
    expect([l.cashNotDeposited, l.feesWaived, l.balance]).toEqual([7_000_000, 400_000, 12_000_000]);
  });
});
