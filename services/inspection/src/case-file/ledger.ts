/** A finance event as the case file keeps it. */
export interface MoneyEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface LedgerLine {
  eventId: string;
  occurredAt: string;
  type: string;
  /** Receipt or voucher number, the reversed document for a reversal. */
  ref?: string;
  /** Effect on the money held for the case (VND): + collected, − paid out, remitted or reversed receipt. */
  change: number;
  /** Money held for the case after this line. */
  held: number;
}

export interface Ledger {
  collected: number;
  deposited: number;
  disbursed: number;
  remitted: number;
  /** Reversed receipts (reduce what was collected) and reversed vouchers (reduce what was paid out). */
  reversedReceipts: number;
  reversedPayouts: number;
  feesAssessed: number;
  feesWaived: number;
  /** Money still held for the case: collected − reversed receipts − (disbursed − reversed payouts) − remitted. */
  balance: number;
  /** Cash receipts that no deposit names (the custody-account rule). */
  cashNotDeposited: number;
  lines: LedgerLine[];
}

const amount = (d: Record<string, unknown>) => (typeof d['amount'] === 'number' ? d['amount'] : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The money ledger of one case from its finance events in business-time order. A reversal
 * names the document it reverses (`ref`): a receipt number reverses a collection, anything
 * else a payout voucher.
 */
export function ledgerOf(events: readonly MoneyEvent[]): Ledger {
  const ordered = [...events].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.eventId.localeCompare(b.eventId),
  );
  const receipts = new Set(
    ordered
      .filter((e) => e.type === 'finance.collected')
      .map((e) => str(e.data['receiptNo']))
      .filter((r): r is string => r !== undefined),
  );
  const cash = new Map<string, number>();
  const l: Ledger = {
    collected: 0,
    deposited: 0,
    disbursed: 0,
    remitted: 0,
    reversedReceipts: 0,
    reversedPayouts: 0,
    feesAssessed: 0,
    feesWaived: 0,
    balance: 0,
    cashNotDeposited: 0,
    lines: [],
  };
  for (const e of ordered) {
    const a = amount(e.data);
    let change = 0;
    let ref: string | undefined;
    switch (e.type) {
      case 'finance.collected':
        l.collected += a;
        change = a;
        ref = str(e.data['receiptNo']);
        if (e.data['method'] === 'cash' && ref) cash.set(ref, a);
        break;
      case 'finance.deposited':
        l.deposited += a;
        for (const r of Array.isArray(e.data['receiptNos']) ? (e.data['receiptNos'] as unknown[]) : [])
          if (typeof r === 'string') cash.delete(r);
        break;
      case 'finance.disbursed':
        l.disbursed += a;
        change = -a;
        ref = str(e.data['voucherNo']);
        break;
      case 'finance.remitted':
        l.remitted += a;
        change = -a;
        break;
      case 'finance.reversed':
        ref = str(e.data['ref']);
        if (ref !== undefined && receipts.has(ref)) {
          l.reversedReceipts += a;
          change = -a;
          cash.delete(ref);
        } else {
          l.reversedPayouts += a;
          change = a;
        }
        break;
      case 'finance.fee_assessed':
        if (e.data['waived'] === true) l.feesWaived += a;
        else l.feesAssessed += a;
        break;
      default:
        continue;
    }
    l.balance += change;
    l.lines.push({
      eventId: e.eventId,
      occurredAt: e.occurredAt,
      type: e.type,
      ...(ref ? { ref } : {}),
      change,
      held: l.balance,
    });
  }
  l.cashNotDeposited = [...cash.values()].reduce((s, v) => s + v, 0);
  return l;
}
