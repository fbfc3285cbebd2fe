import { aFinding } from './__tests__/builders';
import { cellsOf, figuresOf } from './__tests__/table';
import { findingContributions, foldFinding } from './findings';
import { FindingsPartition } from './partitions';

describe('findings raised per rule, severity and officer', () => {
  it('counts a finding once, in its unit, on the Vietnam day of its detectedAt', () => {
    // 17:30 UTC on 31 March is 00:30 on 1 April in Vietnam.
    const f = aFinding('F-1', { detectedAt: '2025-03-31T17:30:00Z', severity: 'high', ruleId: 'payout-overdue' });
    expect(findingContributions(foldFinding(undefined, f)!)).toEqual([
      { unitId: 'U-1', day: '2025-04-01', key: 'finding', dims: ['payout-overdue', 'high'], value: 1 },
      { unitId: 'U-1', day: '2025-04-01', key: 'officerFinding', dims: ['O-1', 'payout-overdue'], value: 1 },
    ]);
  });

  it('keeps the highest revision: a raised finding re-published after the workflow moved it on changes nothing', () => {
    const raised = aFinding('F-1', { revision: 0, status: 'open' });
    const triaged = aFinding('F-1', { revision: 1, status: 'triaged' });
    const concluded = aFinding('F-1', { revision: 3, status: 'concluded' });
    const p = new FindingsPartition();
    p.apply([triaged, concluded]);
    const before = cellsOf(p);
    expect(p.apply([raised, triaged, concluded])).toEqual({ records: new Set(), months: new Set() });
    expect(cellsOf(p)).toEqual(before);
    expect(p.record('f:F-1')).toMatchObject({ revision: 3 });
    expect(figuresOf(before, '2025-03-01', '2025-04-01').findings.total).toBe(1);
  });

  it('counts by rule × severity and per 100 active cases, and leaves a finding without an officer out of the officers', () => {
    const p = new FindingsPartition();
    p.apply([
      aFinding('F-1', { ruleId: 'late-decision', severity: 'medium' }),
      aFinding('F-2', { ruleId: 'late-decision', severity: 'medium', officerId: 'O-2' }),
      aFinding('F-3', { ruleId: 'payee-not-party', severity: 'critical', officerId: undefined }),
      aFinding('F-4', { ruleId: 'late-decision', severity: 'medium', detectedAt: '2025-04-01T00:00:00+07:00' }),
      aFinding('F-5', { ruleId: 'late-decision', severity: 'medium', unitId: 'U-2' }),
    ]);
    const f = figuresOf(cellsOf(p), '2025-03-01', '2025-04-01', 40);
    expect(f.findings).toEqual({
      total: 3,
      per100ActiveCases: 7.5,
      bySeverity: { low: 0, medium: 2, high: 0, critical: 1 },
      byRule: [
        { ruleId: 'late-decision', severity: 'medium', count: 2 },
        { ruleId: 'payee-not-party', severity: 'critical', count: 1 },
      ],
      suppressed: { total: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, byRule: [] },
    });
    expect(figuresOf(cellsOf(p), '2025-03-01', '2025-04-01', 0).findings.per100ActiveCases).toBeNull();
  });

  it('lists officers with three findings or more in the period, most first, with their rules', () => {
    const p = new FindingsPartition();
    const rules = ['late-decision', 'late-decision', 'payout-overdue', 'stagnant-case'];
    p.apply([
      ...rules.map((ruleId, i) => aFinding(`A-${i}`, { officerId: 'O-A', ruleId })),
      ...rules.slice(0, 3).map((ruleId, i) => aFinding(`B-${i}`, { officerId: 'O-B', ruleId })),
      ...rules.slice(0, 2).map((ruleId, i) => aFinding(`C-${i}`, { officerId: 'O-C', ruleId })),
      // A third finding for O-C, but in April.
      aFinding('C-9', { officerId: 'O-C', detectedAt: '2025-04-02T09:00:00+07:00' }),
    ]);
    expect(figuresOf(cellsOf(p), '2025-03-01', '2025-04-01').repeatedOfficers).toEqual([
      {
        officerId: 'O-A',
        count: 4,
        rules: [
          { ruleId: 'late-decision', count: 2 },
          { ruleId: 'payout-overdue', count: 1 },
          { ruleId: 'stagnant-case', count: 1 },
        ],
      },
      {
        officerId: 'O-B',
        count: 3,
        rules: [
          { ruleId: 'late-decision', count: 2 },
          { ruleId: 'payout-overdue', count: 1 },
        ],
      },
    ]);
  });

  describe('a finding a suppression holds (suppressed, findings v1.3)', () => {
    const raised = aFinding('F-1', { ruleId: 'stagnant-case', severity: 'high', revision: 0 });
    const held = { ...raised, revision: 1, suppressed: true };
    const released = { ...raised, revision: 2 };
    const triaged = { ...raised, revision: 3, status: 'triaged', statusChangedAt: '2025-03-20T09:00:00+07:00' };
    const figures = (p: FindingsPartition) => figuresOf(cellsOf(p), '2025-03-01', '2025-04-01', 50);

    it('is counted apart, by rule and severity, and in none of the ordinary figures', () => {
      const p = new FindingsPartition();
      p.apply([raised, held, aFinding('F-2', { officerId: 'O-1' }), aFinding('F-3'), aFinding('F-4')]);
      const f = figures(p);
      expect(f.findings.total).toBe(3);
      expect(f.findings.per100ActiveCases).toBe(6);
      expect(f.findings.byRule).toEqual([{ ruleId: 'late-decision', severity: 'medium', count: 3 }]);
      expect(f.findings.suppressed).toEqual({
        total: 1,
        bySeverity: { low: 0, medium: 0, high: 1, critical: 0 },
        byRule: [{ ruleId: 'stagnant-case', severity: 'high', count: 1 }],
      });
      // O-1 has four findings, one of them held: three count.
      expect(f.repeatedOfficers).toEqual([
        { officerId: 'O-1', count: 3, rules: [{ ruleId: 'late-decision', count: 3 }] },
      ]);
      expect(f.trend).toEqual([expect.objectContaining({ findings: 3, suppressed: 1 })]);
    });

    it('counts again once a later revision releases it, whatever the order and repetition of the messages', () => {
      const orders = [
        [raised, held, released],
        [released, held, raised],
        [held, released, held, raised, held],
      ];
      for (const order of orders) {
        const p = new FindingsPartition();
        p.apply(order);
        expect(figures(p).findings).toMatchObject({ total: 1, suppressed: { total: 0, byRule: [] } });
      }
      const later = new FindingsPartition();
      later.apply([raised, held]);
      expect(figures(later).findings).toMatchObject({ total: 0, suppressed: { total: 1 } });
      later.apply([released, triaged, held]);
      expect(figures(later).findings).toMatchObject({ total: 1, suppressed: { total: 0 } });
      expect(figures(later).timeTo.triage.count).toBe(1);
    });

    it('moves its cells, not adds them: a redelivered hold changes nothing', () => {
      const p = new FindingsPartition();
      p.apply([raised, held]);
      const before = cellsOf(p);
      expect(p.apply([held, raised])).toEqual({ records: new Set(), months: new Set() });
      expect(cellsOf(p)).toEqual(before);
      expect(before.filter((c) => c.value !== 0).map((c) => c.key)).toEqual(['suppressedFinding']);
    });
  });
});
