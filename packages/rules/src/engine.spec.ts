import { parseRfc3339, type AnyEvent, type CaseStreamEvent } from '@thads/contracts';
import { aCase } from '@thads/contracts/testing';
import { CaseEngine, assertCatalogueComplete } from './engine';
import { RuleBook } from './rulebook';
import { DEFAULT_RULE_VERSIONS, type RuleVersion } from './catalogue';
import { newCaseState } from './state';
import type { RaisedFinding } from './finding';

/** Runs a case's events through the engine in order, then lets event time run to `until`. */
function run(events: AnyEvent[], until: string, engine = new CaseEngine()): RaisedFinding[] {
  const first = events[0] as CaseStreamEvent;
  const state = newCaseState(first.caseId ?? 'x', first.unitId, 0);
  const out: RaisedFinding[] = [];
  for (const event of events)
    out.push(...engine.apply(state, { event: event as CaseStreamEvent, at: parseRfc3339(event.occurredAt) }));
  out.push(...engine.expire(state, parseRfc3339(until)));
  return out;
}

const ids = (fs: RaisedFinding[]) => fs.map((f) => f.ruleId);

/** Runs as `run` and keeps the findings of one rule: the others are tested on their own. */
function runRule(ruleId: string, events: AnyEvent[], until: string, engine?: CaseEngine): RaisedFinding[] {
  return run(events, until, engine).filter((f) => f.ruleId === ruleId);
}

describe('late-decision', () => {
  it('raises late-decision when a case received on Monday 3 March 2025 has no decision by the end of Monday 10 March', () => {
    const c = aCase('C-1').on('2025-03-03').received().assigned('O-1');
    const [f, ...rest] = runRule('late-decision', c.events, '2025-03-11T00:00:00+07:00');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      ruleId: 'late-decision',
      ruleVersion: 1,
      severity: 'medium',
      caseId: 'C-1',
      unitId: 'U-DT-01',
      officerId: 'O-1',
      detectedAt: '2025-03-11T00:00:00+07:00',
      evidence: { eventIds: ['C-1-e1'] },
    });
    expect(f!.explanation.en).toContain('10 March 2025 (5 working days)');
    expect(f!.explanation.vi).toContain('10/03/2025');
  });

  it('does not raise before the deadline has passed', () => {
    const c = aCase('C-1').on('2025-03-03').received();
    expect(runRule('late-decision', c.events, '2025-03-10T23:59:59+07:00')).toEqual([]);
  });

  it('accepts a decision issued on the last day, at the end of the day', () => {
    const c = aCase('C-1').on('2025-03-03').received().on('2025-03-10', '23:59:00').decisionIssued();
    expect(runRule('late-decision', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
  });

  it('raises once when the decision comes a day late, with the same finding as the clock would give', () => {
    const late = aCase('C-1').on('2025-03-03').received().on('2025-03-11', '08:00:00').decisionIssued();
    const never = aCase('C-1').on('2025-03-03').received();
    const a = runRule('late-decision', late.events, '2025-12-31T00:00:00+07:00');
    expect(ids(a)).toEqual(['late-decision']);
    expect(a).toEqual(runRule('late-decision', never.events, '2025-12-31T00:00:00+07:00'));
  });

  it('counts across a weekend: received Thursday 6 March, due Thursday 13 March', () => {
    const c = aCase('C-1').on('2025-03-06').received().on('2025-03-13', '16:00:00').decisionIssued();
    expect(runRule('late-decision', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
    const d = aCase('C-1').on('2025-03-06').received().on('2025-03-14').decisionIssued();
    expect(ids(runRule('late-decision', d.events, '2025-12-31T00:00:00+07:00'))).toEqual(['late-decision']);
  });

  it('counts across Tết Ất Tỵ: received 23 January 2025, a decision on 6 February is on time', () => {
    const c = aCase('C-1').on('2025-01-23').received().on('2025-02-06').decisionIssued();
    expect(runRule('late-decision', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
    const d = aCase('C-1').on('2025-01-23').received().on('2025-02-07').decisionIssued();
    const [f] = runRule('late-decision', d.events, '2025-12-31T00:00:00+07:00');
    expect(f?.detectedAt).toBe('2025-02-07T00:00:00+07:00');
  });

  it('lifts the obligation when the case is terminated first', () => {
    const c = aCase('C-1').on('2025-03-03').received().on('2025-03-04').terminated();
    expect(runRule('late-decision', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
  });

  it('cites the new law (art. 33, version 2) for a case received on or after 1 July 2026', () => {
    const old = runRule('late-decision', aCase('C-1').on('2026-06-30').received().events, '2026-12-31T00:00:00+07:00');
    const now = runRule('late-decision', aCase('C-2').on('2026-07-01').received().events, '2026-12-31T00:00:00+07:00');
    expect([old[0]?.ruleVersion, old[0]?.legalBasis]).toEqual([1, expect.stringContaining('Điều 36')]);
    expect([now[0]?.ruleVersion, now[0]?.legalBasis]).toEqual([2, expect.stringContaining('Điều 33')]);
  });
});

describe('payout-overdue', () => {
  it('raises payout-overdue when money collected on 3 March is still unpaid on 14 March', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .on('2025-03-03', '10:00:00')
      .collected(250_000_000);
    const [f, ...rest] = runRule('payout-overdue', c.events, '2025-03-14T00:00:00+07:00');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'payout-overdue', severity: 'high', detectedAt: '2025-03-14T00:00:00+07:00' });
    expect(f!.explanation.vi).toContain('Tiền thu ngày 03/03/2025');
    expect(f!.explanation.vi).toContain('250.000.000 đ');
    expect(f!.explanation.en).toContain('Money collected on 3 March 2025');
    expect(f!.explanation.en).toContain('250,000,000 VND not paid out after 10 days');
  });

  it('does not raise when paid out on the tenth day', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .collected(250_000_000)
      .on('2025-03-13', '17:00:00')
      .disbursed(250_000_000);
    expect(runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
  });

  it('moves a deadline that ends on Saturday to Monday', () => {
    // Collected Wed 5 March: day 10 is Sat 15 March, so a payout on Mon 17 March is on time.
    const c = aCase('C-1')
      .on('2025-03-05')
      .received()
      .decisionIssued()
      .collected(100_000_000)
      .on('2025-03-17')
      .disbursed(100_000_000);
    expect(runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
  });

  it('matches payouts first in, first out, and raises only for the lot left unpaid', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .collected(100_000_000)
      .on('2025-03-05')
      .collected(50_000_000)
      .on('2025-03-10')
      .disbursed(120_000_000);
    const fs = runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence.figures).toMatchObject({ amount: 50_000_000, outstanding: 30_000_000 });
  });

  it('counts remittances to the state budget as paid', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .collected(10_000_000)
      .on('2025-03-04')
      .remitted(10_000_000);
    expect(runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
  });

  it('takes a reversed receipt out of the reckoning', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .collected(10_000_000)
      .on('2025-03-04')
      .reversed('BL-C-1-1', 10_000_000);
    expect(runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
  });

  it('is critical from 500,000,000 VND outstanding', () => {
    const c = aCase('C-1').on('2025-03-03').received().decisionIssued().collected(500_000_000);
    expect(runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00')[0]?.severity).toBe('critical');
  });

  it('counts across Tết: collected 20 January 2025, day 10 is 30 January (Tết), due the next working day 3 February', () => {
    const onTime = aCase('C-1')
      .on('2025-01-20')
      .received()
      .decisionIssued()
      .collected(1_000_000)
      .on('2025-02-03')
      .disbursed(1_000_000);
    expect(runRule('payout-overdue', onTime.events, '2025-12-31T00:00:00+07:00')).toEqual([]);
    const late = aCase('C-1').on('2025-01-20').received().decisionIssued().collected(1_000_000);
    expect(runRule('payout-overdue', late.events, '2025-12-31T00:00:00+07:00')[0]?.detectedAt).toBe(
      '2025-02-04T00:00:00+07:00',
    );
  });
});

describe('payee-not-party', () => {
  it('raises when a payout goes to someone who is not a creditor', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received({ creditorIds: ['P1', 'P2'] })
      .assigned('O-7')
      .collected(5_000_000)
      .disbursed(5_000_000, 'P-stranger');
    const fs = runRule('payee-not-party', c.events, '2025-03-03T12:00:00+07:00');
    expect(fs).toEqual([
      expect.objectContaining({
        ruleId: 'payee-not-party',
        severity: 'critical',
        officerId: 'O-7',
        detectedAt: '2025-03-03T09:00:00+07:00',
        evidence: { eventIds: ['C-1-e4'], figures: expect.objectContaining({ payeeId: 'P-stranger' }) },
      }),
    ]);
  });

  it('does not raise for a payout to a creditor', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received({ creditorIds: ['P1', 'P2'] })
      .collected(5_000_000)
      .disbursed(5_000_000, 'P2');
    expect(runRule('payee-not-party', c.events, '2025-03-03T12:00:00+07:00')).toEqual([]);
  });

  it('raises once per offending payout', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received({ creditorIds: ['P1'] })
      .collected(10)
      .disbursed(5, 'X')
      .disbursed(5, 'X');
    const fs = runRule('payee-not-party', c.events, '2025-03-03T12:00:00+07:00');
    expect(new Set(fs.map((f) => f.findingId)).size).toBe(2);
  });
});

describe('auction-below-valuation', () => {
  it('raises when a land plot valued at 1 billion sells for 690 million', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .valued('A1', 1_000_000_000)
      .on('2025-05-03')
      .auctionSold('A1', 690_000_000);
    const fs = runRule('auction-below-valuation', c.events, '2025-05-04T00:00:00+07:00');
    expect(fs).toEqual([expect.objectContaining({ ruleId: 'auction-below-valuation', severity: 'high' })]);
    expect(fs[0]!.explanation.en).toContain('69% of its valuation of 1,000,000,000 VND (threshold 70%)');
  });

  it('does not raise at exactly 70 %', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .valued('A1', 1_000_000_000)
      .auctionSold('A1', 700_000_000);
    expect(runRule('auction-below-valuation', c.events, '2025-03-04T00:00:00+07:00')).toEqual([]);
  });

  it('compares with the latest valuation of the asset', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .valued('A1', 1_000_000_000)
      .on('2025-09-10')
      .valued('A1', 800_000_000)
      .auctionSold('A1', 600_000_000);
    expect(runRule('auction-below-valuation', c.events, '2025-09-11T00:00:00+07:00')).toEqual([]);
  });

  it('honours a unit override of the threshold only for that unit', () => {
    const versions: RuleVersion[] = [
      ...DEFAULT_RULE_VERSIONS,
      {
        ...DEFAULT_RULE_VERSIONS.find((v) => v.ruleId === 'auction-below-valuation')!,
        version: 2,
        unitId: 'U-STRICT',
        params: { minShareOfValuation: 0.9 },
      },
    ];
    const engine = new CaseEngine(versions);
    const strict = aCase('C-1', 'U-STRICT')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .valued('A1', 100)
      .auctionSold('A1', 80);
    const other = aCase('C-2', 'U-OTHER')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .valued('A1', 100)
      .auctionSold('A1', 80);
    expect(
      runRule('auction-below-valuation', strict.events, '2025-03-04T00:00:00+07:00', engine).map((f) => f.ruleVersion),
    ).toEqual([2]);
    expect(runRule('auction-below-valuation', other.events, '2025-03-04T00:00:00+07:00', engine)).toEqual([]);
  });
});

describe('the same eventId delivered twice', () => {
  it('has no second effect: a payout repeated under the same id is not paid twice', () => {
    const c = aCase('C-1')
      .on('2025-03-03')
      .received()
      .decisionIssued()
      .collected(100)
      .collected(100)
      .on('2025-03-05')
      .disbursed(100);
    const payout = c.events[c.events.length - 1]!;
    // The second 100 stays unpaid whether or not the payout is delivered again.
    const once = runRule('payout-overdue', c.events, '2025-12-31T00:00:00+07:00');
    const twice = runRule('payout-overdue', [...c.events, payout], '2025-12-31T00:00:00+07:00');
    expect(twice).toEqual(once);
    expect(once.map((f) => f.evidence.figures['outstanding'])).toEqual([100]);
  });
});

describe('the rule catalogue wiring', () => {
  it('refuses a catalogue rule without an implementation', () => {
    const book = new RuleBook([...DEFAULT_RULE_VERSIONS, { ...DEFAULT_RULE_VERSIONS[0]!, ruleId: 'teleported-asset' }]);
    expect(() => assertCatalogueComplete(book, [])).toThrow(/teleported-asset/);
  });

  it('gives the same finding id for the same rule, case and occurrence', () => {
    const a = runRule('late-decision', aCase('C-1').on('2025-03-03').received().events, '2025-12-31T00:00:00+07:00');
    const b = runRule('late-decision', aCase('C-1').on('2025-03-03').received().events, '2025-12-31T00:00:00+07:00');
    expect(a[0]!.findingId).toMatch(/^[0-9a-f]{32}$/);
    expect(a[0]!.findingId).toBe(b[0]!.findingId);
  });
});
