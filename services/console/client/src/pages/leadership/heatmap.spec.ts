import { cellsOf, heatMap, remainder } from './heatmap';

const unit = (unitId: string, byRule: [string, number][]) => ({
  unitId,
  byRule: byRule.map(([ruleId, count]) => ({ ruleId, count })),
});

describe('the unit × rule heat map', () => {
  it('sums a rule over its severities and orders rules by findings, then by id', () => {
    const map = heatMap([
      unit('DT-KV01', [
        ['late-decision', 2],
        ['payout-overdue', 1],
        ['late-decision', 1],
      ]),
      unit('DT-KV02', [
        ['auction-below-valuation', 3],
        ['payout-overdue', 2],
      ]),
    ]);
    expect(map.rules).toEqual(['auction-below-valuation', 'late-decision', 'payout-overdue']);
    expect(map.rows).toEqual([
      { unitId: 'DT-KV01', rest: false, counts: [0, 3, 1], total: 4 },
      { unitId: 'DT-KV02', rest: false, counts: [3, 0, 2], total: 5 },
    ]);
    expect(map.ruleTotals).toEqual([3, 3, 3]);
    expect(map.max).toBe(3);
    expect(cellsOf(map)).toEqual([
      [1, 0, 3],
      [2, 0, 1],
      [0, 1, 3],
      [2, 1, 2],
    ]);
  });

  it("puts the province's findings beyond its listed offices in a first row of their own", () => {
    const offices = [unit('DT-KV01', [['late-decision', 3]]), unit('DT-KV02', [['payout-overdue', 2]])];
    const province = unit('DT', [
      ['late-decision', 4],
      ['payout-overdue', 2],
      ['split-payouts', 1],
    ]);
    const rest = remainder(province, offices);
    expect(rest).toEqual(
      unit('DT', [
        ['late-decision', 1],
        ['split-payouts', 1],
      ]),
    );
    const map = heatMap(offices, rest);
    expect(map.rows.map((r) => [r.unitId, r.rest, r.total])).toEqual([
      ['DT', true, 2],
      ['DT-KV01', false, 3],
      ['DT-KV02', false, 2],
    ]);
    expect(map.ruleTotals.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('leaves out an empty rest, and never counts below zero when an office was read later than the province', () => {
    const offices = [unit('DT-KV01', [['late-decision', 3]])];
    const rest = remainder(unit('DT', [['late-decision', 2]]), offices);
    expect(rest.byRule).toEqual([]);
    expect(heatMap(offices, rest).rows.map((r) => r.unitId)).toEqual(['DT-KV01']);
  });

  it('is empty without findings', () => {
    const map = heatMap([unit('DT-KV01', [])]);
    expect(map).toEqual({
      rules: [],
      rows: [{ unitId: 'DT-KV01', rest: false, counts: [], total: 0 }],
      ruleTotals: [],
      max: 0,
    });
    expect(cellsOf(map)).toEqual([]);
  });
});
