import { lastDay, statisticalYear, type Period } from './periods';
import type { NationalTarget } from './types';

/**
 * The target a period is measured against: that of the statistical year of its last day, as the
 * reports do. The targets are the insight service's (GET /api/insight/targets, the one table the
 * reports print too); a year it does not list has no target set yet, and the dashboard says so
 * rather than compare with a guess.
 */
export function targetOf(
  period: Period,
  targets: readonly NationalTarget[],
): { year: number; cases: number; money: number } | undefined {
  const year = statisticalYear(lastDay(period));
  const target = targets.find((t) => t.year === year);
  return target ? { year, cases: target.cases, money: target.money } : undefined;
}

/** How a rate stands against its target: reached, short of it, or not comparable (no rate or no target). */
export function against(rate: number | null, target: number | undefined): 'reached' | 'short' | 'none' {
  if (rate === null || target === undefined) return 'none';
  return rate >= target ? 'reached' : 'short';
}
