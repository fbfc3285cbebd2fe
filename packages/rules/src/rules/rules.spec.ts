import type { AnyEvent } from '@thads/contracts';
import { aCase } from '@thads/contracts/testing';
import { END_2025, runRule } from '../__tests__/run';

/** A case received and decided on Monday 3 March 2025, as most fixtures start. */
const started = (id = 'C-1') =>
  aCase(id).on('2025-03-03').received({ claimAmount: 100_000_000 }).decisionIssued().assigned('O-1');
const complaint = (
  b: ReturnType<typeof aCase>,
  complaintId: string,
  kind: 'complaint' | 'denunciation' = 'complaint',
): AnyEvent => ({
  eventId: `${complaintId}-recv`,
  type: 'complaint.received',
  schemaVersion: 1,
  occurredAt: b.occurredAt,
  unitId: b.unitId,
  caseId: b.caseId,
  data: { complaintId, kind, againstOfficerId: 'O-1', topic: 'delay' },
});
const resolved = (b: ReturnType<typeof aCase>, complaintId: string): AnyEvent => ({
  eventId: `${complaintId}-res`,
  type: 'complaint.resolved',
  schemaVersion: 1,
  occurredAt: b.occurredAt,
  unitId: b.unitId,
  caseId: b.caseId,
  data: { complaintId, outcome: 'rejected' },
});
function push<T extends AnyEvent>(b: ReturnType<typeof aCase>, e: T): ReturnType<typeof aCase> {
  b.events.push(e);
  return b;
}
const ev = (b: ReturnType<typeof aCase>, type: string, data: Record<string, unknown>, id: string) =>
  push(b, {
    eventId: id,
    type,
    schemaVersion: 1,
    occurredAt: b.occurredAt,
    unitId: b.unitId,
    caseId: b.caseId,
    data,
  } as unknown as AnyEvent);

describe('verification-overdue', () => {
  it('raises when a case notified on 3 March has no verification 20 days later (due Monday 24 March)', () => {
    const c = started().notified();
    const [f, ...rest] = runRule('verification-overdue', c.events, END_2025);
    expect(rest).toEqual([]);
    // 23 March 2025 is a Sunday: the deadline moves to Monday 24 March.
    expect(f).toMatchObject({ detectedAt: '2025-03-25T00:00:00+07:00', severity: 'medium' });
  });
  it('accepts a verification on the last day', () => {
    const c = started().notified().on('2025-03-24', '16:00:00');
    ev(c, 'case.verified', { result: 'has_assets' }, 'v1');
    expect(runRule('verification-overdue', c.events, END_2025)).toEqual([]);
  });
  it('does not raise for a case paid in full before the deadline', () => {
    const c = started().notified().on('2025-03-05').collected(100_000_000).disbursed(100_000_000);
    expect(runRule('verification-overdue', c.events, END_2025)).toEqual([]);
  });
});

describe('unable-without-verification', () => {
  it('raises on an unable classification with no verification before it', () => {
    const c = started().on('2025-04-01');
    ev(c, 'case.classified', { category: 'unable' }, 'k1');
    expect(runRule('unable-without-verification', c.events, END_2025)).toHaveLength(1);
  });
  it('does not raise after a verification that found no assets', () => {
    const c = started().on('2025-03-20');
    ev(c, 'case.verified', { result: 'no_assets' }, 'v1');
    ev(c.on('2025-03-25'), 'case.classified', { category: 'unable' }, 'k1');
    expect(runRule('unable-without-verification', c.events, '2025-03-26T00:00:00+07:00')).toEqual([]);
  });
  it('raises when the only verification found assets', () => {
    const c = started().on('2025-03-20');
    ev(c, 'case.verified', { result: 'has_assets' }, 'v1');
    ev(c.on('2025-03-25'), 'case.classified', { category: 'unable' }, 'k1');
    expect(runRule('unable-without-verification', c.events, '2025-03-26T00:00:00+07:00')).toHaveLength(1);
  });
});

describe('stale-unable-reverification', () => {
  const unable = () => {
    const c = started().on('2025-03-20');
    ev(c, 'case.verified', { result: 'no_assets' }, 'v1');
    return ev(c, 'case.classified', { category: 'unable' }, 'k1');
  };
  it('raises once per 180-day interval without a new verification', () => {
    // Classified 20 March 2025: day 180 is 16 September; the next interval ends 15 March 2026.
    const fs = runRule('stale-unable-reverification', unable().events, '2026-03-20T00:00:00+07:00');
    expect(fs.map((f) => f.detectedAt)).toEqual(['2025-09-17T00:00:00+07:00', '2026-03-16T00:00:00+07:00']);
    expect(new Set(fs.map((f) => f.findingId)).size).toBe(2);
  });
  it('accepts a re-verification on day 180 and restarts the interval', () => {
    const c = unable().on('2025-09-16');
    ev(c, 'case.verified', { result: 'no_assets' }, 'v2');
    expect(runRule('stale-unable-reverification', c.events, '2026-03-14T00:00:00+07:00')).toEqual([]);
  });
  it('stops once the case is classified able', () => {
    const c = unable().on('2025-06-01');
    ev(c, 'case.classified', { category: 'able' }, 'k2');
    expect(runRule('stale-unable-reverification', c.events, END_2025)).toEqual([]);
  });
});

describe('repeated-postponement', () => {
  const postpone = (c: ReturnType<typeof aCase>, n: number) => {
    for (let i = 1; i <= n; i += 1) ev(c.on(`2025-04-0${i}`), 'case.postponed', { reasonCode: 'debtor_ill' }, `p${i}`);
    return c;
  };
  it('raises at the third postponement, once per case', () => {
    const fs = runRule('repeated-postponement', postpone(started(), 5).events, END_2025);
    expect(fs).toHaveLength(1);
    expect(fs[0]?.evidence.eventIds).toEqual(['p3']);
  });
  it('does not raise at two', () => {
    expect(runRule('repeated-postponement', postpone(started(), 2).events, END_2025)).toEqual([]);
  });
});

describe('stagnant-case', () => {
  it('raises when an active case has no event for 90 days', () => {
    const fs = runRule('stagnant-case', started().events, '2025-06-02T00:00:00+07:00');
    // Last event 3 March: day 90 is 1 June; the gap is found at the start of 2 June.
    expect(fs.map((f) => f.detectedAt)).toEqual(['2025-06-02T00:00:00+07:00']);
  });
  it('does not raise on day 90', () => {
    expect(runRule('stagnant-case', started().events, '2025-06-01T23:59:00+07:00')).toEqual([]);
  });
  it('does not raise for a closed, suspended or unable case', () => {
    expect(runRule('stagnant-case', started().on('2025-03-04').closed().events, END_2025)).toEqual([]);
    expect(
      runRule(
        'stagnant-case',
        ev(started().on('2025-03-04'), 'case.suspended', { reasonCode: 'x' }, 's').events,
        END_2025,
      ),
    ).toEqual([]);
  });
  it('raises once per idle gap', () => {
    const c = started().on('2025-07-01').collected(1).disbursed(1);
    expect(runRule('stagnant-case', c.events, END_2025)).toHaveLength(2);
  });
});

describe('reassignment-before-payout', () => {
  it('raises when the officer changes 5 days before a payout', () => {
    const c = started()
      .on('2025-03-10')
      .collected(1_000)
      .on('2025-03-12')
      .assigned('O-2')
      .on('2025-03-17')
      .disbursed(1_000);
    const fs = runRule('reassignment-before-payout', c.events, END_2025);
    expect(fs).toEqual([
      expect.objectContaining({
        officerId: 'O-2',
        evidence: expect.objectContaining({ figures: expect.objectContaining({ daysBefore: 5 }) }),
      }),
    ]);
  });
  it('does not count the first assignment as a change, nor a change 11 days before', () => {
    expect(
      runRule('reassignment-before-payout', started().on('2025-03-04').collected(1).disbursed(1).events, END_2025),
    ).toEqual([]);
    const c = started().on('2025-03-10').collected(1).assigned('O-2').on('2025-03-21').disbursed(1);
    expect(runRule('reassignment-before-payout', c.events, END_2025)).toEqual([]);
  });
  it('raises for an auction 10 days after the change (the boundary counts)', () => {
    const c = started().on('2025-04-01').assigned('O-2').on('2025-04-11').valued('A', 100).auctionSold('A', 100);
    expect(runRule('reassignment-before-payout', c.events, END_2025)).toHaveLength(1);
  });
  it('raises once per change of officer: two payouts and an auction after one change give one finding, on the first payout', () => {
    const c = started()
      .on('2025-03-10')
      .collected(2_000)
      .on('2025-03-12')
      .assigned('O-2')
      .on('2025-03-14')
      .disbursed(1_000)
      .on('2025-03-17')
      .disbursed(1_000)
      .on('2025-03-18')
      .valued('A', 100)
      .auctionSold('A', 100);
    const fs = runRule('reassignment-before-payout', c.events, END_2025);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence).toMatchObject({
      eventIds: ['C-1-e5', 'C-1-e6'],
      figures: { daysBefore: 2, kind: 'finance.disbursed' },
    });
  });
  it('raises again for a second change of officer followed by a payout', () => {
    const c = started()
      .on('2025-03-10')
      .collected(2_000)
      .on('2025-03-12')
      .assigned('O-2')
      .on('2025-03-14')
      .disbursed(1_000)
      .on('2025-04-01')
      .assigned('O-3')
      .on('2025-04-03')
      .disbursed(1_000);
    const fs = runRule('reassignment-before-payout', c.events, END_2025);
    expect(fs.map((f) => f.officerId)).toEqual(['O-2', 'O-3']);
    expect(new Set(fs.map((f) => f.findingId)).size).toBe(2);
  });
});

describe('late-complaint-resolution', () => {
  it('raises for a complaint unresolved after 30 days, the deadline moved past the 30/4–1/5 holidays', () => {
    // Received 1 April 2025: day 30 is 1 May (holiday), 2 May is a decreed day off, then a
    // weekend: the last day is Monday 5 May.
    const c = started().on('2025-04-01');
    push(c, complaint(c, 'K1'));
    const fs = runRule('late-complaint-resolution', c.events, END_2025);
    expect(fs).toEqual([expect.objectContaining({ detectedAt: '2025-05-06T00:00:00+07:00', officerId: 'O-1' })]);
  });
  it('raises on 3 March for a complaint received on 31 January (day 30 is Sunday 2 March)', () => {
    const c = started().on('2025-01-31');
    push(c, complaint(c, 'K2'));
    expect(runRule('late-complaint-resolution', c.events, END_2025)[0]?.detectedAt).toBe('2025-03-04T00:00:00+07:00');
  });
  it('accepts a resolution on day 30', () => {
    const c = started().on('2025-04-01');
    push(c, complaint(c, 'K1'));
    push(c.on('2025-05-01'), resolved(c, 'K1'));
    expect(runRule('late-complaint-resolution', c.events, END_2025)).toEqual([]);
  });
  it('titles a denunciation as such', () => {
    const c = started().on('2025-04-01');
    push(c, complaint(c, 'K9', 'denunciation'));
    expect(runRule('late-complaint-resolution', c.events, END_2025)[0]?.title.en).toBe(
      'Denunciation not resolved in time',
    );
  });
});

describe('cash-not-deposited', () => {
  it('raises when cash collected on Friday is not deposited by the end of Monday', () => {
    const c = started().on('2025-03-07').collected(2_000_000, 'cash');
    expect(runRule('cash-not-deposited', c.events, END_2025).map((f) => f.detectedAt)).toEqual([
      '2025-03-11T00:00:00+07:00',
    ]);
  });
  it('accepts a deposit naming the receipt on the next working day', () => {
    const c = started().on('2025-03-07').collected(2_000_000, 'cash').on('2025-03-10');
    ev(c, 'finance.deposited', { amount: 2_000_000, receiptNos: ['BL-C-1-1'] }, 'd1');
    expect(runRule('cash-not-deposited', c.events, END_2025)).toEqual([]);
  });
  it('ignores transfers', () => {
    expect(runRule('cash-not-deposited', started().on('2025-03-07').collected(2_000_000).events, END_2025)).toEqual([]);
  });
});

describe('over-disbursement', () => {
  it('raises once when payouts exceed collections', () => {
    const c = started().on('2025-03-05').collected(1_000).disbursed(800).disbursed(300).remitted(100);
    const fs = runRule('over-disbursement', c.events, END_2025);
    expect(fs).toHaveLength(1);
    expect(fs[0]?.evidence.figures).toMatchObject({ collected: 1_000, excess: 100 });
  });
  it('does not raise when payouts equal collections, and nets reversed receipts', () => {
    expect(
      runRule('over-disbursement', started().on('2025-03-05').collected(1_000).disbursed(1_000).events, END_2025),
    ).toEqual([]);
    const c = started().on('2025-03-05').collected(1_000).reversed('BL-C-1-1', 500).disbursed(600);
    expect(runRule('over-disbursement', c.events, END_2025)).toHaveLength(1);
  });
});

describe('closed-with-undisbursed-funds', () => {
  it('raises when a case closes with money held', () => {
    const c = started().on('2025-03-05').collected(1_000).disbursed(600).on('2025-03-06').closed();
    expect(runRule('closed-with-undisbursed-funds', c.events, END_2025)[0]?.evidence.figures).toMatchObject({
      balance: 400,
    });
  });
  it('does not raise when everything was paid out or remitted', () => {
    const c = started().on('2025-03-05').collected(1_000).disbursed(600).remitted(400).on('2025-03-06').closed();
    expect(runRule('closed-with-undisbursed-funds', c.events, END_2025)).toEqual([]);
  });
});

describe('fee-waiver-without-grounds', () => {
  it('raises for a waiver with no reason and not for one with a reason', () => {
    const bad = ev(started().on('2025-03-05'), 'finance.fee_assessed', { amount: 30_000, waived: true }, 'fee1');
    const good = ev(
      started().on('2025-03-05'),
      'finance.fee_assessed',
      { amount: 30_000, waived: true, waiverReasonCode: 'poor_household' },
      'fee1',
    );
    expect(runRule('fee-waiver-without-grounds', bad.events, END_2025)).toHaveLength(1);
    expect(runRule('fee-waiver-without-grounds', good.events, END_2025)).toEqual([]);
  });
});

describe('excessive-price-reduction', () => {
  const failedAuction = (c: ReturnType<typeof aCase>) =>
    ev(
      c,
      'case.auction_held',
      { assetId: 'A', auctionOrgId: 'AO', startingPrice: 1_000_000_000, outcome: 'failed', bidderCount: 0 },
      'au1',
    );
  it('raises for a cut of more than 10 % of the previous starting price', () => {
    const c = ev(
      failedAuction(started().on('2025-05-01')).on('2025-05-10'),
      'case.price_reduced',
      { assetId: 'A', newStartingPrice: 899_999_999 },
      'pr1',
    );
    expect(runRule('excessive-price-reduction', c.events, END_2025)).toHaveLength(1);
  });
  it('does not raise at exactly 10 %, and compares each cut with the price before it', () => {
    const c = ev(
      failedAuction(started().on('2025-05-01')).on('2025-05-10'),
      'case.price_reduced',
      { assetId: 'A', newStartingPrice: 900_000_000 },
      'pr1',
    );
    ev(c.on('2025-06-10'), 'case.price_reduced', { assetId: 'A', newStartingPrice: 810_000_000 }, 'pr2');
    expect(runRule('excessive-price-reduction', c.events, END_2025)).toEqual([]);
  });
});

describe('single-bidder-sale', () => {
  it('raises for a sale with one bidder and not with two', () => {
    expect(
      runRule(
        'single-bidder-sale',
        started().on('2025-05-01').auctionSold('A', 100, { bidderCount: 1 }).events,
        END_2025,
      ),
    ).toHaveLength(1);
    expect(
      runRule(
        'single-bidder-sale',
        started().on('2025-05-01').auctionSold('A', 100, { bidderCount: 2 }).events,
        END_2025,
      ),
    ).toEqual([]);
  });
});
