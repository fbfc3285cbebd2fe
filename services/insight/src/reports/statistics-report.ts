import type { OrgSnapshot } from '@thads/org';
import type { IntegrityFigures } from '../integrity';
import type { Period, Statistics } from '../statistics';
import { dayBefore, type Lang } from './format';
import { NATIONAL_TARGETS, statisticalYear } from './targets';

/** One line of the report: a unit's own cases (the provincial office) or an area office. */
export interface ReportRow {
  unitId: string;
  name: string;
  statistics: Statistics;
}

/** Everything a statistics report shows, computed before any file is written. */
export interface StatisticsReport {
  lang: Lang;
  unitId: string;
  unitName: string;
  period: Period;
  /** The unit with its area offices. */
  total: Statistics;
  /** The unit's own cases, then each unit directly below it (with the units below that). */
  rows: ReportRow[];
  /** The statistical year of the period's last day, and its national target if one is set. */
  year: number;
  target?: { cases: number; money: number };
  /** The integrity metrics of the unit (with its area offices) for the period. */
  integrity: IntegrityFigures;
  /** The day the report was made (Vietnam time). */
  madeOn: string;
}

/**
 * Gathers a report. `statisticsOf(units)` reads the counters of a set of units (the service's
 * `readStatistics`); rows are disjoint, so their counts add up to the total.
 */
export async function buildStatisticsReport(
  org: OrgSnapshot,
  unitId: string,
  period: Period,
  lang: Lang,
  statisticsOf: (units: readonly string[]) => Promise<Statistics>,
  integrity: IntegrityFigures,
  now = Date.now(),
): Promise<StatisticsReport> {
  const name = (id: string) => org.unit(id)?.name ?? id;
  const children = org.units.filter((u) => u.parentUnitId === unitId).sort((a, b) => a.unitId.localeCompare(b.unitId));
  const rows: ReportRow[] = [];
  if (children.length > 0) rows.push({ unitId, name: name(unitId), statistics: await statisticsOf([unitId]) });
  for (const child of children)
    rows.push({
      unitId: child.unitId,
      name: name(child.unitId),
      statistics: await statisticsOf(org.tree.scopeOf(child.unitId)),
    });
  const total = await statisticsOf(org.tree.scopeOf(unitId));
  const year = statisticalYear(dayBefore(period.to));
  const target = NATIONAL_TARGETS[year];
  return {
    lang,
    unitId,
    unitName: name(unitId),
    period,
    total,
    rows,
    year,
    ...(target ? { target } : {}),
    integrity,
    madeOn: new Date(now + 7 * 3_600_000).toISOString().slice(0, 10),
  };
}
