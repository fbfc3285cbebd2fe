import type { AnyEvent, EventOf } from '../events';

/**
 * Builds a case's events the way an enforcement office would produce them, for tests:
 *
 *   aCase('C-1').on('2025-03-03').received({ creditorIds: ['P1'] }).on('2025-03-05').collected(250_000_000)
 *
 * Times are Vietnam local (09:00 by default); event ids are deterministic per case.
 */
export class CaseBuilder {
  readonly events: AnyEvent[] = [];
  private date = '2025-01-02';
  private time = '09:00:00';
  private seq = 0;
  private receipt = 0;
  private voucher = 0;

  constructor(
    readonly caseId: string,
    readonly unitId = 'U-DT-01',
  ) {}

  /** Sets the day (and optionally time) of the following events. */
  on(date: string, time = '09:00:00'): this {
    this.date = date;
    this.time = time;
    return this;
  }

  get occurredAt(): string {
    return `${this.date}T${this.time}+07:00`;
  }

  private push<T extends AnyEvent['type']>(
    type: T,
    data: EventOf<T>['data'],
    extra: Record<string, unknown> = {},
  ): this {
    this.seq += 1;
    this.events.push({
      eventId: `${this.caseId}-e${this.seq}`,
      type,
      schemaVersion: 1,
      occurredAt: this.occurredAt,
      unitId: this.unitId,
      caseId: this.caseId,
      data,
      ...extra,
    } as unknown as AnyEvent);
    return this;
  }

  received(data: Partial<EventOf<'case.received'>['data']> = {}): this {
    return this.push('case.received', {
      mode: 'on_request',
      judgmentRef: `BA-${this.caseId}`,
      creditorIds: ['P-creditor'],
      debtorIds: ['P-debtor'],
      claimAmount: 500_000_000,
      ...data,
    });
  }
  decisionIssued(decisionNo = `QD-${this.caseId}`): this {
    return this.push('case.decision_issued', { decisionNo });
  }
  assigned(officerId: string): this {
    return this.push('case.assigned', { officerId });
  }
  notified(): this {
    return this.push('case.notified', {});
  }
  valued(assetId: string, value: number, appraiserId = 'AP-1'): this {
    return this.push('case.asset_valued', { assetId, value, appraiserId });
  }
  auctionSold(
    assetId: string,
    salePrice: number,
    opts: { startingPrice?: number; bidderCount?: number; winnerId?: string } = {},
  ): this {
    return this.push('case.auction_held', {
      assetId,
      auctionOrgId: 'AO-1',
      startingPrice: opts.startingPrice ?? salePrice,
      outcome: 'sold',
      salePrice,
      bidderCount: opts.bidderCount ?? 3,
      winnerId: opts.winnerId ?? 'P-buyer',
    });
  }
  terminated(reasonCode = 'creditor_withdrew'): this {
    return this.push('case.terminated', { reasonCode });
  }
  closed(result: EventOf<'case.closed'>['data']['result'] = 'fully_executed'): this {
    return this.push('case.closed', { result });
  }
  collected(amount: number, method: 'cash' | 'transfer' = 'transfer'): this {
    this.receipt += 1;
    return this.push('finance.collected', {
      receiptNo: `BL-${this.caseId}-${this.receipt}`,
      amount,
      method,
      payerId: 'P-debtor',
    });
  }
  disbursed(amount: number, payeeId = 'P-creditor'): this {
    this.voucher += 1;
    return this.push('finance.disbursed', { voucherNo: `PC-${this.caseId}-${this.voucher}`, amount, payeeId });
  }
  remitted(amount: number): this {
    return this.push('finance.remitted', { amount });
  }
  reversed(ref: string, amount: number): this {
    return this.push('finance.reversed', { ref, amount, reason: 'entry error' });
  }
}

export function aCase(caseId: string, unitId?: string): CaseBuilder {
  return new CaseBuilder(caseId, unitId);
}

/** A `clock.tick` as the contract shows it. */
export function tick(occurredAt: string, id = `tick-${occurredAt}`): EventOf<'clock.tick'> {
  return { eventId: id, type: 'clock.tick', schemaVersion: 1, occurredAt, data: {} };
}
