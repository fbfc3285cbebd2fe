/**
 * The unit × rule heat map: how many findings each unit had under each rule in the period.
 * Built from the integrity answers of the units (`findings.byRule`, rule × severity), so every
 * cell is a figure the insight API gives. Pure, unit-tested.
 */

export interface UnitFindings {
  unitId: string;
  byRule: readonly { ruleId: string; count: number }[];
}

export interface HeatMapRow {
  unitId: string;
  /** The scope's own figures less the units listed beside it (a province's own office, in practice). */
  rest: boolean;
  counts: number[];
  total: number;
}

export interface HeatMap {
  /** Columns: rules with findings, most findings first (ties by rule id). */
  rules: string[];
  rows: HeatMapRow[];
  ruleTotals: number[];
  max: number;
}

function perRule(byRule: UnitFindings['byRule']): Map<string, number> {
  const out = new Map<string, number>();
  for (const { ruleId, count } of byRule) out.set(ruleId, (out.get(ruleId) ?? 0) + count);
  return out;
}

/**
 * The scope's findings per rule less those of the units listed within it: what a province's
 * figures hold beyond its area offices (its own office, and any unit below it not listed). A
 * unit read a moment later than the scope can have a finding more; the difference never goes
 * below zero.
 */
export function remainder(scope: UnitFindings, parts: readonly UnitFindings[]): UnitFindings {
  const left = perRule(scope.byRule);
  for (const part of parts)
    for (const [ruleId, count] of perRule(part.byRule)) left.set(ruleId, (left.get(ruleId) ?? 0) - count);
  return {
    unitId: scope.unitId,
    byRule: [...left].filter(([, count]) => count > 0).map(([ruleId, count]) => ({ ruleId, count })),
  };
}

/**
 * The matrix: one row per unit in the order given (the rest of the scope, when given, first),
 * one column per rule that has a finding in any row.
 */
export function heatMap(units: readonly UnitFindings[], rest?: UnitFindings): HeatMap {
  const rows = [...(rest ? [{ unit: rest, rest: true }] : []), ...units.map((unit) => ({ unit, rest: false }))];
  const maps = rows.map((r) => perRule(r.unit.byRule));
  const totals = new Map<string, number>();
  for (const m of maps) for (const [ruleId, count] of m) totals.set(ruleId, (totals.get(ruleId) ?? 0) + count);
  const rules = [...totals]
    .filter(([, n]) => n > 0)
    .sort(([a, n], [b, k]) => k - n || (a < b ? -1 : a > b ? 1 : 0))
    .map(([ruleId]) => ruleId);
  const out = rows.map((r, i) => {
    const counts = rules.map((ruleId) => maps[i]!.get(ruleId) ?? 0);
    return { unitId: r.unit.unitId, rest: r.rest, counts, total: counts.reduce((a, b) => a + b, 0) };
  });
  return {
    rules,
    rows: out.filter((r) => !r.rest || r.total > 0),
    ruleTotals: rules.map((ruleId) => totals.get(ruleId) ?? 0),
    max: Math.max(0, ...out.flatMap((r) => r.counts)),
  };
}

/** The cells as the chart's heat-map series takes them: [rule column, unit row, count], zeros left blank. */
export function cellsOf(map: HeatMap): [number, number, number][] {
  return map.rows.flatMap((row, y) =>
    row.counts.flatMap((count, x) => (count > 0 ? [[x, y, count] as [number, number, number]] : [])),
  );
}
