import type { IntegrityCell, IntegrityKey } from './cells';
import { IntegrityTable, SCORE, integrityFigures, trendPeriods } from './figures';

const cell = (key: IntegrityKey, day: string, value: number, dims: string[] = []): IntegrityCell => ({
  unitId: 'U-1',
  key,
  day,
  dims,
  value,
});

describe('the unit integrity score', () => {
  const period = { from: '2025-03-01', to: '2025-04-01' };
  const figures = (cells: IntegrityCell[], activeCases = 200) =>
    integrityFigures(new IntegrityTable(cells, ['U-1']), period, () => activeCases);

  it('is 100 for a unit with active cases and nothing against it, and null without active cases', () => {
    expect(figures([]).score).toBe(100);
    expect(figures([], 0)).toMatchObject({ score: null, scoreBreakdown: null });
  });

  it('subtracts weighted findings per 100 active cases, SLA breaches, late complaints and money at risk', () => {
    const cells = [
      // 2 high (weight 2) and 4 low (weight 0.5) findings on 200 active cases: 6 ÷ 200 × 100 = 3 points.
      cell('finding', '2025-03-03', 2, ['payout-overdue', 'high']),
      cell('finding', '2025-03-04', 4, ['stagnant-case', 'low']),
      // 3 of 6 findings breached their SLA: 10 × 0.5 = 5 points.
      cell('slaBreached', '2025-03-04', 3, ['stagnant-case']),
      // 4 complaints, 1 resolved late, 1 on time, 2 unresolved from 20 March (pending at 1 April): 25 × 1/2.
      cell('complaintReceived', '2025-03-02', 2, ['complaint']),
      cell('complaintOnTime', '2025-03-02', 1, ['complaint']),
      cell('complaintLate', '2025-03-02', 1, ['complaint']),
      cell('complaintReceived', '2025-03-20', 2, ['complaint']),
      cell('complaintUnresolved', '2025-03-20', 2, ['complaint']),
      // 100 held at the end of March, 20 of it at risk: 25 × 0.2 = 5 points.
      cell('moneyHeld', '2025-02-10', 100),
      cell('moneyAtRisk', '2025-03-15', 20),
      // Steps after the period do not count.
      cell('moneyAtRisk', '2025-04-15', 80),
    ];
    const f = figures(cells);
    expect(f.scoreBreakdown).toEqual({ findings: 3, slaBreaches: 5, complaints: 12.5, moneyAtRisk: 5 });
    expect(f.score).toBe(74.5);
    expect(f.moneyAtRisk).toEqual({ amount: 20, held: 100, share: 0.2 });
  });

  it('caps the findings part at 40 points and stays within 0 and 100', () => {
    const f = figures([
      cell('finding', '2025-03-03', 50, ['payee-not-party', 'critical']),
      cell('slaBreached', '2025-03-03', 80, ['payee-not-party']),
      cell('complaintReceived', '2025-03-02', 1, ['denunciation']),
      cell('complaintLate', '2025-03-02', 1, ['denunciation']),
      cell('moneyHeld', '2025-02-10', 100),
      cell('moneyAtRisk', '2025-02-10', 100),
    ]);
    expect(f.scoreBreakdown).toEqual({
      findings: SCORE.findingsMax,
      slaBreaches: SCORE.slaMax,
      complaints: SCORE.complaintsMax,
      moneyAtRisk: SCORE.moneyMax,
    });
    expect(f.score).toBe(0);
  });
});

describe('the trend', () => {
  it('has one point per calendar month of the period, clipped to it', () => {
    expect(trendPeriods({ from: '2024-12-15', to: '2025-02-10' })).toEqual([
      { from: '2024-12-15', to: '2025-01-01' },
      { from: '2025-01-01', to: '2025-02-01' },
      { from: '2025-02-01', to: '2025-02-10' },
    ]);
  });

  it('keeps the latest 24 months of a longer period', () => {
    const months = trendPeriods({ from: '2020-01-01', to: '2025-10-01' });
    expect(months).toHaveLength(24);
    expect([months[0]?.from, months.at(-1)?.to]).toEqual(['2023-10-01', '2025-10-01']);
  });

  it('gives each month its findings per 100 active cases, precision and score', () => {
    const table = new IntegrityTable(
      [
        cell('finding', '2025-01-10', 3, ['late-decision', 'medium']),
        cell('finding', '2025-02-10', 1, ['late-decision', 'medium']),
        cell('concluded', '2025-02-10', 2, ['late-decision']),
        cell('truePositive', '2025-02-10', 1, ['late-decision']),
        // Another unit's cells are not read.
        { ...cell('finding', '2025-01-10', 9, ['late-decision', 'medium']), unitId: 'U-2' },
      ],
      ['U-1'],
    );
    const months: Record<string, number> = { '2025-01-01|2025-02-01': 100, '2025-02-01|2025-03-01': 50 };
    const active = (p: { from: string; to: string }) => months[`${p.from}|${p.to}`] ?? 120;
    const f = integrityFigures(table, { from: '2025-01-01', to: '2025-03-01' }, active);
    expect(f.trend).toEqual([
      {
        from: '2025-01-01',
        to: '2025-02-01',
        activeCases: 100,
        findings: 3,
        suppressed: 0,
        findingsPer100ActiveCases: 3,
        precision: null,
        score: 97,
      },
      {
        from: '2025-02-01',
        to: '2025-03-01',
        activeCases: 50,
        findings: 1,
        suppressed: 0,
        findingsPer100ActiveCases: 2,
        precision: 0.5,
        score: 98,
      },
    ]);
    expect(f.findings).toMatchObject({ total: 4, per100ActiveCases: 4 / 1.2 });
  });
});
